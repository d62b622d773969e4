/**
 * Catalogue handles served as MCP tools. One implementation for both uses: the child end of
 * process hosting (`connector-proxy mcp <package-or-path>`, tools named by command) and the
 * whole catalogue for agents (`connector-proxy mcp --all`, tools named by id).
 * Each call runs through `execute`, so deadlines, cancellation and secret scrubbing are the
 * same as over HTTP; `ctx.log` lines go out as log notifications as they happen.
 */
import { proxyErrorOutcome } from "@connector-proxy/sdk";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { execute } from "../execution/execute.js";
import type { CommandHandle } from "../hosting/command-handle.js";
import { CALL_KEY, readContext, TOOL_KEY } from "./call-context.js";
import { toolAnnotations } from "./tool-annotations.js";
import { toolResult } from "./tool-result.js";

export interface McpServeOptions {
  /** Server name announced to clients. */
  name: string;
  /** The handles to serve, read on every request (a remote source may change them). */
  handles(): readonly CommandHandle[];
  /** The tool name of a handle. */
  toolName(handle: CommandHandle): string;
  secrets: ReadonlySet<string>;
}

/**
 * A handle as an MCP tool. The input schema's `required` also lists the parameters the catalogue
 * shows as required (a token a connector setting may supply instead is still asked of a client
 * that sees the catalogue); our own parent proxy reads the exact schema from `_meta`.
 */
function describeTool(handle: CommandHandle, name: string): Tool {
  const schemaRequired = Array.isArray(handle.inputSchema.required) ? handle.inputSchema.required.map(String) : [];
  const required = [
    ...new Set([...schemaRequired, ...handle.parameters.filter((item) => item.required).map((item) => item.id)]),
  ];
  const output = handle.outputSchema;
  return {
    name,
    description: handle.description,
    inputSchema: { ...handle.inputSchema, type: "object", ...(required.length > 0 ? { required } : {}) },
    ...(output?.type === "object" ? { outputSchema: { ...output, type: "object" } } : {}),
    ...(handle.annotations ? { annotations: toolAnnotations(handle.annotations) } : {}),
    _meta: {
      [TOOL_KEY]: {
        parameters: handle.parameters,
        errors: handle.errors,
        long_running: handle.longRunning,
        schema: handle.inputSchema,
        ...(handle.examples?.length ? { examples: handle.examples } : {}),
      },
    },
  };
}

/** An MCP server (not yet connected to a transport) serving `options.handles()` as tools. */
export function createMcpServer(options: McpServeOptions): Server {
  // The low-level Server: tools come with ready JSON Schemas, which McpServer.registerTool cannot take.
  const server = new Server({ name: options.name, version: "0.1.0" }, { capabilities: { tools: {}, logging: {} } });
  const byName = () => new Map(options.handles().map((handle) => [options.toolName(handle), handle]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...byName()].map(([name, handle]) => describeTool(handle, name)),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args = {}, _meta } = request.params;
    const found = byName().get(name);
    if (!found) {
      return toolResult(proxyErrorOutcome("command_not_found", `No tool "${name}" on this server: list them first`));
    }
    const context = readContext(_meta);
    const notify = (line: string) =>
      void server
        .notification({
          method: "notifications/message",
          params: {
            level: "info",
            logger: found.id,
            data: line,
            ...(context.call ? { _meta: { [CALL_KEY]: context.call } } : {}),
          },
        })
        .catch(() => {});
    const handle: CommandHandle = {
      ...found,
      timeoutMs: context.deadline === null ? found.timeoutMs : Math.max(1, context.deadline - Date.now()),
    };
    const outcome = await execute(
      handle,
      { ...args, ...context.reserved },
      { secrets: options.secrets },
      {
        signal: extra.signal,
        onLog: notify,
        ...(context.traceparent ? { traceparent: context.traceparent } : {}),
      },
    );
    return toolResult(outcome);
  });
  return server;
}
