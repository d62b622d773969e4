/**
 * Process hosting: the connector runs in a supervised child that speaks MCP on stdio.
 * Its tools become catalogue handles (our own servers also send the Spiff parameter list,
 * declared errors and long-running flag; any other server's are derived from the schema),
 * and each execution is a tools/call.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DeclaredError, JsonSchema, PublishedExample, SpiffParameter } from "@connector-proxy/sdk";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ProcessSettings } from "../config/hosting-schema.js";
import type { Logger } from "../log/logger.js";
import { TOOL_KEY } from "../mcp/call-context.js";
import { commandAnnotations } from "../mcp/tool-annotations.js";
import { type ChildSpec, ChildSupervisor } from "./child-supervisor.js";
import type { CommandHandle } from "./command-handle.js";
import { spiffParameters } from "./json-schema-parameters.js";

export interface ProcessHostOptions {
  mountName: string;
  settings: ProcessSettings;
  /** The connector module to serve with `connector-proxy mcp`, when no `command` is configured. */
  entry: string | null;
  /** The connector's own settings (ctx.config), handed to our `mcp` entry point. */
  connectorSettings: Record<string, unknown>;
  unknownParameters: string;
  timeoutMs(commandName: string): number;
  logger: Logger;
}

/** Our CLI, from `src/hosting` or `dist/hosting` alike (tests run the sources). */
const CLI_MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "cli", "main.js");
const TOOL_NAME = /^[A-Za-z0-9_.-]+$/;

function childSpec(options: ProcessHostOptions): ChildSpec {
  const { settings, mountName } = options;
  const base = { name: mountName, maxInFlight: settings.max_in_flight, memoryLimitMb: settings.memory_limit_mb };
  if (settings.command) return { ...base, command: settings.command, args: settings.args, env: settings.env };
  if (!options.entry)
    throw new Error(`Connector "${mountName}": hosting "process" needs a package, a path or process.command`);
  const heap = settings.memory_limit_mb ? [`--max-old-space-size=${settings.memory_limit_mb}`] : [];
  return {
    ...base,
    command: process.execPath,
    args: [
      ...heap,
      CLI_MAIN,
      "mcp",
      options.entry,
      "--unknown-parameters",
      options.unknownParameters,
      ...settings.args,
    ],
    env: { ...settings.env, CONNECTOR_PROXY_CONNECTOR_SETTINGS: JSON.stringify(options.connectorSettings) },
  };
}

function toHandle(tool: Tool, supervisor: ChildSupervisor, options: ProcessHostOptions): CommandHandle {
  const id = `${options.mountName}/${tool.name}`;
  const ours = tool._meta?.[TOOL_KEY] as
    | {
        parameters?: SpiffParameter[];
        errors?: DeclaredError[];
        long_running?: boolean;
        schema?: JsonSchema;
        examples?: PublishedExample[];
      }
    | undefined;
  return {
    id,
    description: tool.description ?? "",
    parameters: ours?.parameters ?? spiffParameters(tool.inputSchema),
    inputSchema: ours?.schema ?? tool.inputSchema,
    errors: ours?.errors ?? [],
    hosting: "process",
    longRunning: ours?.long_running ?? false,
    ...(tool.annotations ? { annotations: commandAnnotations(tool.annotations) } : {}),
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    ...(ours?.examples?.length ? { examples: ours.examples } : {}),
    timeoutMs: options.timeoutMs(tool.name),
    invoke: (call) => supervisor.call(id, tool.name, call),
  };
}

/** Start the child, list its tools, and return their handles with the supervisor to close. */
export async function startProcessHost(
  options: ProcessHostOptions,
): Promise<{ handles: CommandHandle[]; supervisor: ChildSupervisor }> {
  const supervisor = new ChildSupervisor(childSpec(options), options.logger);
  let tools: Tool[];
  try {
    tools = await supervisor.listTools();
  } catch (error) {
    await supervisor.close();
    throw new Error(`The process of connector "${options.mountName}" did not start: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (options.settings.start === "lazy") await supervisor.stop();
  const handles: CommandHandle[] = [];
  for (const tool of tools) {
    if (TOOL_NAME.test(tool.name)) handles.push(toHandle(tool, supervisor, options));
    else
      options.logger.warn(
        { connector: options.mountName, tool: tool.name },
        "tool name is not a command name: skipped",
      );
  }
  return { handles, supervisor };
}
