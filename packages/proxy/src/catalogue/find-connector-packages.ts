/**
 * Finding connector packages installed beside the proxy: every `connector-*` and
 * `@scope/connector-*` folder in node_modules (the reference's `connector_*` rule).
 */
import { readdirSync } from "node:fs";
import path from "node:path";

const CONNECTOR_PACKAGE = /^connector-/;

/** Names of the connector packages in `nodeModulesDir`, sorted. */
export function findConnectorPackages(nodeModulesDir: string): string[] {
  const names: string[] = [];
  for (const entry of safeReaddir(nodeModulesDir)) {
    if (entry.startsWith("@")) {
      for (const scoped of safeReaddir(path.join(nodeModulesDir, entry))) {
        if (CONNECTOR_PACKAGE.test(scoped)) names.push(`${entry}/${scoped}`);
      }
    } else if (CONNECTOR_PACKAGE.test(entry)) {
      names.push(entry);
    }
  }
  return names.sort();
}

/** The connector name a package conventionally defines: `@acme/connector-xero` → `xero`. */
export function conventionalName(packageName: string): string {
  return packageName.replace(/^@[^/]+\//, "").replace(CONNECTOR_PACKAGE, "");
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
