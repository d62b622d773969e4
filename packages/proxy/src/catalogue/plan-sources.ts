/**
 * Which connectors start-up loads, and where each was found: config entries with a package,
 * path or hosting of their own first, then installed `connector-*` packages from the discovery
 * folders in order (beside the config, then the proxy's own installation). A name found
 * earlier shadows the same name found later, so a package installed beside the config
 * replaces the bundled one.
 */
import path from "node:path";
import type { ConnectorSettings } from "../config/config-schema.js";
import type { LoadedConfig } from "../config/load-config.js";
import { discoveryFolders } from "./discovery-folders.js";
import { conventionalName, findConnectorPackages } from "./find-connector-packages.js";
import { connectorMayServe } from "./id-patterns.js";
import type { ConnectorSource } from "./load-connector.js";
import { runsWithoutModule } from "./mount-hosted.js";

export interface Planned {
  /** Name from the config key, or the package's conventional name until loaded. */
  name: string;
  settings: ConnectorSettings | undefined;
  /** Null for a remote proxy or a process given by its command line. */
  source: ConnectorSource | null;
  /** Where it was found, for the start-up line: a folder, `path …`, `package …`, `remote …`. */
  foundIn: string;
}

export interface Plan {
  items: Planned[];
  /** The folders discovery searched (empty with `discover: false`). */
  searched: string[];
  /** Connector names found but not loaded: disabled, or excluded by include/exclude. */
  notLoaded: Set<string>;
}

function configured(name: string, settings: ConnectorSettings, baseDir: string): Planned | null {
  if (settings.path) {
    const file = path.resolve(baseDir, settings.path);
    return { name, settings, source: { path: file }, foundIn: `path ${file}` };
  }
  if (settings.package) {
    const source = { package: settings.package, from: baseDir };
    return { name, settings, source, foundIn: `package "${settings.package}" from ${baseDir}` };
  }
  if (!runsWithoutModule(settings)) return null;
  const where =
    settings.hosting === "remote" ? `remote ${settings.remote?.url}` : `process "${settings.process?.command}"`;
  return { name, settings, source: null, foundIn: where };
}

export function planSources(loaded: LoadedConfig): Plan {
  const { config, baseDir } = loaded;
  const items: Planned[] = [];
  const notLoaded = new Set<string>();
  for (const [name, settings] of Object.entries(config.connectors)) {
    const item = settings.enabled ? configured(name, settings, baseDir) : null;
    if (item) items.push(item);
    else if (!settings.enabled) notLoaded.add(name);
  }
  const searched = config.discover ? discoveryFolders(baseDir, config.node_modules) : [];
  const taken = new Set([...items.map((item) => item.name), ...notLoaded]);
  const claimedPackages = new Set(items.flatMap((item) => item.settings?.package ?? []));
  const mayServe = connectorMayServe(config.include, config.exclude);
  for (const folder of searched) {
    for (const pkg of findConnectorPackages(folder)) {
      const name = conventionalName(pkg);
      if (claimedPackages.has(pkg) || taken.has(name)) continue;
      taken.add(name);
      if (!mayServe(name)) {
        // never even imported; its settings may be under either spelling (connector-postgres-v2 defines postgres_v2)
        notLoaded.add(name).add(name.replaceAll("-", "_"));
        continue;
      }
      const source = { package: pkg, from: path.dirname(folder) };
      items.push({ name, settings: config.connectors[name], source, foundIn: folder });
    }
  }
  return { items, searched, notLoaded };
}
