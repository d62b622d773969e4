/**
 * Rewrite docs/configuration.md from the config schema (run `npm run build` first).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderConfigReference } from "../packages/proxy/dist/config/config-reference.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
writeFileSync(path.join(root, "docs", "configuration.md"), renderConfigReference());
process.stdout.write("wrote docs/configuration.md\n");
