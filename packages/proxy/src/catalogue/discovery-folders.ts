/**
 * Where discovery looks for connector packages: the `node_modules` beside the configuration
 * (or the `node_modules` key), then every `node_modules` the proxy itself is installed in, so
 * a configuration in any folder, a container's mounted file, or a global/npx install still
 * serves the connectors installed with the proxy.
 */
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The `node_modules` folders above this module's real location, nearest first (the proxy's installation). */
export function installationFolders(from = path.dirname(fileURLToPath(import.meta.url))): string[] {
  const folders: string[] = [];
  for (let dir = realPath(from); ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== "node_modules") {
      const candidate = path.join(dir, "node_modules");
      if (existsSync(candidate)) folders.push(candidate);
    }
    if (path.dirname(dir) === dir) return folders;
  }
}

/** The folders discovery scans, in order, each once (by real path). */
export function discoveryFolders(baseDir: string, nodeModules: string | undefined): string[] {
  const seen = new Set<string>();
  const folders: string[] = [];
  for (const folder of [path.resolve(baseDir, nodeModules ?? "node_modules"), ...installationFolders()]) {
    const real = realPath(folder);
    if (seen.has(real)) continue;
    seen.add(real);
    folders.push(folder);
  }
  return folders;
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
