/**
 * `connector-proxy mcp`: serve commands over MCP on stdio. With a package or path it is the
 * child end of process hosting (one connector, tools named by command, settings from the
 * CONNECTOR_PROXY_CONNECTOR_SETTINGS environment variable); with `--all` it serves the whole
 * configured catalogue to any MCP client, tools named `connector__Command`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { UnknownParameters } from "@connector-proxy/sdk";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { loadConnector } from "../catalogue/load-connector.js";
import { inlineHandles } from "../hosting/inline-host.js";
import { createMcpServer, type McpServeOptions } from "../mcp/mcp-server.js";
import { cliProxy } from "./cli-proxy.js";

export const CHILD_SETTINGS_ENV = "CONNECTOR_PROXY_CONNECTOR_SETTINGS";

/** The child's own deadline when the caller sends none (the parent always does). */
const UNBOUNDED_MS = 24 * 3600 * 1000;

export interface McpOptions {
  all?: boolean;
  config?: string;
  unknownParameters: string;
}

type Served = McpServeOptions & { close(): Promise<void> };

async function oneConnector(target: string, unknownParameters: UnknownParameters): Promise<Served> {
  const local = path.resolve(target);
  const connector = await loadConnector(existsSync(local) ? { path: local } : { package: target, from: process.cwd() });
  const parsed = connector.parseConfig(JSON.parse(process.env[CHILD_SETTINGS_ENV] ?? "{}"));
  if (!parsed.ok)
    throw new Error(`Settings of connector "${connector.name}" are invalid: ${parsed.problems.join("; ")}`);
  const handles = inlineHandles(connector, {
    mountName: connector.name,
    config: parsed.value,
    unknownParameters,
    timeoutMs: () => UNBOUNDED_MS,
  });
  const prefix = connector.name.length + 1;
  return {
    name: connector.name,
    handles: () => handles,
    toolName: (handle) => handle.id.slice(prefix),
    secrets: new Set(),
    close: () => connector.close(),
  };
}

async function wholeCatalogue(config: string | undefined): Promise<Served> {
  const proxy = await cliProxy(config, { quiet: false });
  return {
    name: "connector-proxy",
    handles: () => proxy.catalogue.list(),
    toolName: (handle) => handle.id.replace("/", "__"),
    secrets: proxy.secrets,
    close: () => proxy.close(),
  };
}

export async function mcpAction(target: string | undefined, options: McpOptions): Promise<void> {
  // stdout is the MCP wire: anything a connector prints goes to stderr instead.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  let serve: Served;
  if (options.all) {
    serve = await wholeCatalogue(options.config);
  } else if (target) {
    if (options.unknownParameters !== "reject" && options.unknownParameters !== "strip") {
      throw new Error(`--unknown-parameters must be reject or strip, not "${options.unknownParameters}"`);
    }
    serve = await oneConnector(target, options.unknownParameters);
  } else {
    throw new Error("Name a connector package or path, or pass --all to serve the whole catalogue");
  }
  const server = createMcpServer(serve);
  await server.connect(new StdioServerTransport());
  process.stdin.once("end", () => {
    void serve.close().finally(() => process.exit(0));
  });
}
