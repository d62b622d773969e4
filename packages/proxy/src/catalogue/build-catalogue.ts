/**
 * Start-up discovery: load every configured and installed connector once, check it,
 * and fill the catalogue. Any problem stops start-up with a message naming the package.
 */
import path from "node:path";
import type { Connector } from "@connector-proxy/sdk";
import type { AuthService } from "../auth/auth-service.js";
import type { ConnectorSettings, ProxyConfig } from "../config/config-schema.js";
import type { LoadedConfig } from "../config/load-config.js";
import type { CommandHandle } from "../hosting/command-handle.js";
import { inlineHandles } from "../hosting/inline-host.js";
import { createLogger } from "../log/logger.js";
import { Catalogue, DuplicateCommandError } from "./catalogue.js";
import { conventionalName, findConnectorPackages } from "./find-connector-packages.js";
import { connectorMayServe, idFilter } from "./id-patterns.js";
import { type ConnectorSource, describeSource, loadConnector, StartupError } from "./load-connector.js";
import { type HostingRuntime, mountHosted, runsWithoutModule } from "./mount-hosted.js";

interface Planned {
  /** Name from the config key, or the package's conventional name until loaded. */
  name: string;
  settings: ConnectorSettings | undefined;
  /** Null for a remote proxy or a process given by its command line. */
  source: ConnectorSource | null;
}

/** Which connectors to load: config entries with a package/path, then installed `connector-*` packages. */
function plan(loaded: LoadedConfig): Planned[] {
  const { config, baseDir } = loaded;
  const planned: Planned[] = [];
  const claimedPackages = new Set<string>();
  for (const [name, settings] of Object.entries(config.connectors)) {
    if (!settings.enabled) continue;
    if (settings.path) planned.push({ name, settings, source: { path: path.resolve(baseDir, settings.path) } });
    else if (settings.package) {
      claimedPackages.add(settings.package);
      planned.push({ name, settings, source: { package: settings.package, from: baseDir } });
    } else if (runsWithoutModule(settings)) planned.push({ name, settings, source: null });
  }
  if (config.discover) {
    const nodeModules = path.resolve(baseDir, config.node_modules ?? "node_modules");
    const mayServe = connectorMayServe(config.include, config.exclude);
    for (const pkg of findConnectorPackages(nodeModules)) {
      const name = conventionalName(pkg);
      const settings = config.connectors[name];
      if (claimedPackages.has(pkg) || settings?.enabled === false || settings?.path || settings?.package) continue;
      if (settings && runsWithoutModule(settings)) continue;
      if (!mayServe(name)) continue; // connectors that cannot serve anything are never even imported
      planned.push({ name, settings, source: { package: pkg, from: path.dirname(nodeModules) } });
    }
  }
  return planned;
}

function timeouts(config: ProxyConfig, settings: ConnectorSettings | undefined) {
  return (commandName: string) =>
    1000 * (settings?.commands[commandName]?.timeout_seconds ?? settings?.timeout_seconds ?? config.timeout_seconds);
}

function configFor(connector: Connector, source: ConnectorSource, settings: ConnectorSettings | undefined) {
  const parsed = connector.parseConfig(settings?.settings ?? {});
  if (!parsed.ok) {
    throw new StartupError(
      `Settings of connector "${connector.name}" (${describeSource(source)}) are invalid: ${parsed.problems.join("; ")}`,
    );
  }
  return parsed.value;
}

/**
 * Start importing every inline connector at once, so their module graphs load side by side;
 * they are still checked and mounted one by one, in plan order. A failure is reported by the
 * loop that awaits it (never as an unhandled rejection when an earlier connector failed first).
 */
function importInline(planned: readonly Planned[]): Map<Planned, Promise<Connector>> {
  const imports = new Map<Planned, Promise<Connector>>();
  for (const item of planned) {
    if ((item.settings?.hosting ?? "inline") !== "inline" || !item.source) continue;
    const imported = loadConnector(item.source);
    imported.catch(() => {});
    imports.set(item, imported);
  }
  return imports;
}

/** Load every connector and return the filled catalogue. */
export async function buildCatalogue(
  loaded: LoadedConfig,
  runtime: HostingRuntime = { logger: createLogger("silent"), closers: [] },
  auth?: AuthService,
): Promise<Catalogue> {
  const { config } = loaded;
  const served = idFilter(config.include, config.exclude);
  const catalogue = new Catalogue();
  const planned = plan(loaded);
  const imports = importInline(planned);
  for (const item of planned) {
    const imported = imports.get(item);
    if (!imported || !item.source) {
      await mountHosted(item, {
        catalogue,
        served,
        runtime,
        unknownParameters: item.settings?.unknown_parameters ?? config.unknown_parameters,
        timeoutMs: timeouts(config, item.settings),
      });
      continue;
    }
    const connector = await imported;
    runtime.closers.push(() => connector.close());
    const mountName = item.settings && config.connectors[item.name] ? item.name : connector.name;
    const settings = config.connectors[mountName];
    const connectorConfig = configFor(connector, item.source, settings);
    const oauth = auth?.register(connector, mountName, connectorConfig);
    const handles: CommandHandle[] = inlineHandles(connector, {
      mountName,
      config: connectorConfig,
      ...(oauth ? { oauth } : {}),
      unknownParameters: settings?.unknown_parameters ?? config.unknown_parameters,
      timeoutMs: timeouts(config, settings),
    }).filter((handle) => served(handle.id));
    try {
      catalogue.setSource(`connector "${mountName}" from ${describeSource(item.source)}`, handles);
      catalogue.addTriggers(mountName, connector.triggers ?? []);
    } catch (error) {
      if (error instanceof DuplicateCommandError) throw new StartupError(error.message);
      throw error;
    }
  }
  return catalogue;
}
