/**
 * The reload seam: put one inline connector's commands in the live catalogue, replacing what
 * the same source served before (`connector-proxy dev` calls it on every change). Nothing
 * changes when the new version cannot be served (bad settings, an id another source serves):
 * the previous version keeps answering.
 */
import type { Connector } from "@connector-proxy/sdk";
import type { ConnectorSettings, ProxyConfig } from "../config/config-schema.js";
import type { CommandHandle } from "../hosting/command-handle.js";
import { inlineHandles } from "../hosting/inline-host.js";
import type { Catalogue } from "./catalogue.js";
import { idFilter } from "./id-patterns.js";

export interface SwapOptions {
  /** The catalogue source the connector is filed under; the same for every version. */
  source: string;
  config: ProxyConfig;
  /** Its entry in `connectors:` (settings, timeouts, unknown_parameters), if any. */
  settings: ConnectorSettings | undefined;
}

/** File `connector`'s commands under `options.source`; throws (changing nothing) when they cannot be served. */
export function swapConnector(catalogue: Catalogue, connector: Connector, options: SwapOptions): CommandHandle[] {
  const { config, settings } = options;
  const parsed = connector.parseConfig(settings?.settings ?? {});
  if (!parsed.ok)
    throw new Error(`Settings of connector "${connector.name}" are invalid: ${parsed.problems.join("; ")}`);
  const served = idFilter(config.include, config.exclude);
  const handles = inlineHandles(connector, {
    mountName: connector.name,
    config: parsed.value,
    unknownParameters: settings?.unknown_parameters ?? config.unknown_parameters,
    timeoutMs: (command) =>
      1000 * (settings?.commands[command]?.timeout_seconds ?? settings?.timeout_seconds ?? config.timeout_seconds),
  }).filter((handle) => served(handle.id));
  catalogue.setSource(options.source, handles);
  return handles;
}
