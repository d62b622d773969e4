/**
 * The proxy package's own version (its package.json), for `--version` and /openapi.json.
 */
import { createRequire } from "node:module";

export function packageVersion(): string {
  try {
    const manifest: unknown = createRequire(import.meta.url)("../package.json");
    const version = (manifest as { version?: unknown }).version;
    return typeof version === "string" ? version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
