#!/usr/bin/env node
// The `connector-proxy` command. Committed (not compiled) so npm links it whatever the order of
// `npm ci` and `npm run build`; it loads the compiled CLI, or says how to build it.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    `connector-proxy: ${fileURLToPath(main)} is missing: run \`npm run build\` in the repository first\n`,
  );
  process.exit(1);
}
await import(main.href);
