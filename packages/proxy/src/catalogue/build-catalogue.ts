/**
 * Start-up discovery: load every configured and installed connector once, check it,
 * and fill the catalogue. Any problem stops start-up with a message naming the package;
 * configuration problems (unknown keys, settings for what is not served) all in one error.
 */
import type { Connector } from "@connector-proxy/sdk";
import type { AuthService } from "../auth/auth-service.js";
import type { ConnectorSettings, ProxyConfig } from "../config/config-schema.js";
import { configError, type LoadedConfig } from "../config/load-config.js";
import type { CommandHandle } from "../hosting/command-handle.js";
import { inlineHandles } from "../hosting/inline-host.js";
import { createLogger } from "../log/logger.js";
import { Catalogue, DuplicateCommandError } from "./catalogue.js";
import { configuredNameProblems } from "./check-configured-names.js";
import { idFilter } from "./id-patterns.js";
import { type ConnectorSource, describeSource, loadConnector, StartupError } from "./load-connector.js";
import { type HostingRuntime, mountHosted } from "./mount-hosted.js";
import { type Planned, planSources } from "./plan-sources.js";
import { logStartupLine } from "./startup-line.js";

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
  const { items, searched, notLoaded } = planSources(loaded);
  const imports = importInline(items);
  const mounted = new Map<string, string>(); // mount name -> where it was found
  const commandNames = new Map<string, readonly string[] | null>();
  for (const item of items) {
    const imported = imports.get(item);
    if (!imported || !item.source) {
      mounted.set(item.name, item.foundIn);
      await mountHosted(item, {
        catalogue,
        served,
        runtime,
        unknownParameters: item.settings?.unknown_parameters ?? config.unknown_parameters,
        timeoutMs: timeouts(config, item.settings),
      });
      commandNames.set(item.name, hostedCommandNames(item, catalogue));
      continue;
    }
    const connector = await imported;
    runtime.closers.push(() => connector.close());
    const mountName = item.settings && config.connectors[item.name] ? item.name : connector.name;
    const settings = config.connectors[mountName];
    mounted.set(mountName, item.foundIn);
    commandNames.set(
      mountName,
      connector.commands.map((command) => command.name),
    );
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
  const problems = [
    ...(loaded.problems ?? []),
    ...configuredNameProblems(config, { commands: commandNames, notLoaded }),
  ];
  if (problems.length > 0) throw configError(loaded.file ?? "the configuration", problems);
  logStartupLine(runtime.logger, catalogue, mounted, searched, Object.keys(config.triggers).length);
  return catalogue;
}

/** A process-hosted connector's command names (from its catalogue entries); a remote one's change, so: unknown. */
function hostedCommandNames(item: Planned, catalogue: Catalogue): string[] | null {
  if (item.settings?.hosting === "remote") return null;
  const prefix = `${item.name}/`;
  return catalogue
    .list()
    .filter((handle) => handle.id.startsWith(prefix))
    .map((handle) => handle.id.slice(prefix.length));
}
