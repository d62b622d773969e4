/**
 * Inline hosting: the connector is imported into the proxy process and its commands
 * run here, validated by their own schemas.
 */
import {
  type Connector,
  checkParameters,
  type OAuthProvider,
  runCommand,
  type UnknownParameters,
} from "@connector-proxy/sdk";
import type { CommandHandle } from "./command-handle.js";

export interface InlineOptions {
  mountName: string;
  config: Readonly<Record<string, unknown>>;
  /** `ctx.oauth` of this connector, when it declares auth handlers. */
  oauth?: OAuthProvider;
  unknownParameters: UnknownParameters;
  timeoutMs(commandName: string): number;
}

/** Handles for every command of an inline connector. */
export function inlineHandles(connector: Connector, options: InlineOptions): CommandHandle[] {
  return connector.commands.map((command) => {
    const id = `${options.mountName}/${command.name}`;
    return {
      id,
      description: command.description,
      parameters: command.parameters,
      inputSchema: command.inputSchema,
      errors: command.errors,
      hosting: "inline",
      longRunning: command.longRunning,
      ...(command.annotations ? { annotations: command.annotations } : {}),
      ...(command.resultSchema ? { outputSchema: command.resultSchema } : {}),
      timeoutMs: options.timeoutMs(command.name),
      ...(command.examples?.length ? { examples: command.examples } : {}),
      invoke: (call) =>
        runCommand(id, command, call.params, {
          config: options.config,
          reserved: call.reserved,
          signal: () => call.signal, // on first use: most commands never read it
          deadline: call.deadline,
          unknownParameters: options.unknownParameters,
          onLog: call.log,
          ...(options.oauth ? { oauth: options.oauth } : {}),
          ...(call.traceparent ? { traceparent: call.traceparent } : {}),
          ...(call.jobId ? { jobId: call.jobId } : {}),
        }),
      validate(params) {
        const checked = checkParameters(id, command, params, options.unknownParameters);
        return checked.ok ? null : checked.outcome;
      },
      completesExternally: command.start !== undefined,
    };
  });
}
