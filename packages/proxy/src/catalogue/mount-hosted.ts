/**
 * Mounting the connectors that do not run inline: a supervised child process (our
 * `connector-proxy mcp` for a package or path, or any MCP server by command line) or a
 * remote proxy. What they hold open (children, refresh timers) is handed to `closers`.
 */
import type { UnknownParameters } from "@connector-proxy/sdk";
import type { ConnectorSettings } from "../config/config-schema.js";
import { processSettingsSchema } from "../config/hosting-schema.js";
import type { ChildSupervisor } from "../hosting/child-supervisor.js";
import type { CommandHandle } from "../hosting/command-handle.js";
import type { HostStatusSource } from "../hosting/host-status.js";
import type { Logger } from "../log/logger.js";
import { type Catalogue, DuplicateCommandError } from "./catalogue.js";
import { type ConnectorSource, resolveEntry, StartupError } from "./load-connector.js";

/** What hosted connectors need from the proxy that runs them. */
export interface HostingRuntime {
  logger: Logger;
  /** Called by `proxy.close()`. */
  closers: Array<() => Promise<void> | void>;
  /** Where process and remote hosts report their status (the console reads it). */
  hosts?: HostStatusSource[];
}

export interface MountContext {
  catalogue: Catalogue;
  served(id: string): boolean;
  runtime: HostingRuntime;
  unknownParameters: UnknownParameters;
  timeoutMs(commandName: string): number;
}

export interface HostedItem {
  name: string;
  settings: ConnectorSettings | undefined;
  source: ConnectorSource | null;
}

/** True for a remote proxy or a process given by its command line: no connector module to find. */
export function runsWithoutModule(settings: ConnectorSettings): boolean {
  return settings.hosting === "remote" || (settings.hosting === "process" && settings.process?.command !== undefined);
}

/** Start a process- or remote-hosted connector and file its commands in the catalogue. */
export async function mountHosted(item: HostedItem, context: MountContext): Promise<void> {
  const { settings, name } = item;
  const { catalogue, runtime } = context;
  if (settings?.hosting === "remote") {
    if (!settings.remote) throw new StartupError(`Connector "${name}": hosting "remote" needs remote.url`);
    const { RemoteHost } = await import("../hosting/remote-host.js"); // loaded only by deployments that use it
    const host = new RemoteHost({
      mountName: name,
      settings: settings.remote,
      timeoutMs: context.timeoutMs(""),
      catalogue,
      source: `remote "${name}"`,
      served: context.served,
      logger: runtime.logger,
    });
    runtime.closers.push(() => host.close());
    runtime.hosts?.push(() => host.status());
    await host.start();
    return;
  }
  let hosted: { handles: CommandHandle[]; supervisor: ChildSupervisor };
  try {
    const { startProcessHost } = await import("../hosting/process-host.js"); // the MCP client, only when used
    hosted = await startProcessHost({
      mountName: name,
      settings: settings?.process ?? processSettingsSchema.parse({}),
      entry: item.source ? resolveEntry(item.source) : null,
      connectorSettings: settings?.settings ?? {},
      unknownParameters: context.unknownParameters,
      timeoutMs: context.timeoutMs,
      logger: runtime.logger,
    });
  } catch (error) {
    throw new StartupError(`Connector "${name}" (hosting "process"): ${(error as Error).message}`, { cause: error });
  }
  runtime.closers.push(() => hosted.supervisor.close());
  const served = hosted.handles.filter((handle) => context.served(handle.id));
  const commands = served.map((handle) => handle.id);
  runtime.hosts?.push(() => ({ name, hosting: "process", ...hosted.supervisor.status(), commands }));
  try {
    catalogue.setSource(`process "${name}"`, served);
  } catch (error) {
    if (error instanceof DuplicateCommandError) throw new StartupError(error.message);
    throw error;
  }
}
