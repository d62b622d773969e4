/**
 * Running one command in this process: validate, call `run` with a context, and turn
 * the result or the failure into an Outcome. Used by the proxy's inline host and by tests.
 */

import { CommandError } from "./command-error.js";
import type { CommandContext } from "./context.js";
import type { Command } from "./define-command.js";
import { proxyErrorOutcome } from "./error-codes.js";
import { type OAuthAccess, type OAuthProvider, tokenRefreshAnswer } from "./oauth-access.js";
import { type Outcome, resultOutcome, thrownOutcome } from "./outcome.js";
import type { UnknownParameters } from "./validation.js";
import type { ReservedContext } from "./wire.js";

export interface RunOptions {
  config?: Readonly<Record<string, unknown>>;
  reserved: ReservedContext;
  signal: AbortSignal;
  deadline: number;
  unknownParameters?: UnknownParameters;
  fetch?: typeof fetch;
  /** W3C trace context for outbound calls. */
  traceparent?: string;
  /** Receives each `ctx.log` line (default: collected into `spiff__logs` only). */
  onLog?: (line: string) => void;
  /** Implements `ctx.oauth` for this command's connector (the proxy binds it). */
  oauth?: OAuthProvider;
  /**
   * Set when the call runs as a durable job: a command with `start` then starts the external
   * work instead of running, and answers `{ body: { reference } }`.
   */
  jobId?: string;
}

/** Parameters checked against a command's schema: the parsed value, or the error outcome to answer. */
export type ParameterCheck = { ok: true; value: unknown } | { ok: false; outcome: Outcome };

/** Build the human-readable message for invalid parameters. */
export function invalidParametersMessage(commandId: string, problems: readonly string[]): string {
  return `Invalid parameters for "${commandId}": ${problems.join("; ")}. Fix them in the service task's parameters.`;
}

/**
 * Validate `params` as `command` would before running: callers that must answer bad
 * parameters at once (an async call is validated before it is accepted) use this alone.
 *
 * @example
 * const check = checkParameters("slow/Sleep", command, { ms: "x" }, "reject");
 * if (!check.ok) return check.outcome; // the InvalidParameters envelope
 */
export function checkParameters(
  commandId: string,
  command: Command,
  params: Record<string, unknown>,
  unknownParameters: UnknownParameters = "reject",
): ParameterCheck {
  const validation = command.validate(params, unknownParameters);
  if (validation.ok) return { ok: true, value: validation.value };
  return {
    ok: false,
    outcome: proxyErrorOutcome("InvalidParameters", invalidParametersMessage(commandId, validation.problems)),
  };
}

/**
 * Validate and run `command` with `params`; never throws.
 *
 * @example
 * const outcome = await runCommand("example/Example", command, { message: "hi" }, options);
 */
export async function runCommand(
  commandId: string,
  command: Command,
  params: Record<string, unknown>,
  options: RunOptions,
): Promise<Outcome> {
  const logs: string[] = [];
  let access: OAuthAccess | undefined;
  const checked = checkParameters(commandId, command, params, options.unknownParameters);
  if (!checked.ok) return checked.outcome;
  const ctx: CommandContext = {
    config: options.config ?? {},
    taskData: options.reserved.taskData,
    processInstanceId: options.reserved.processInstanceId,
    processModelIdentifier: options.reserved.processModelIdentifier,
    taskId: options.reserved.taskId,
    callbackUrl: options.reserved.callbackUrl,
    get signal() {
      return options.signal; // read lazily: creating a signal costs more than most commands
    },
    deadline: options.deadline,
    fetch: options.fetch ?? globalThis.fetch,
    traceparent: options.traceparent ?? null,
    async oauth(tokenSet, oauthOptions = {}) {
      if (!options.oauth) {
        throw new CommandError(
          "OAuthNotConfigured",
          `"${commandId}" asked for an OAuth token but its connector declares no OAuth handler`,
          { httpStatus: 500 },
        );
      }
      access = await options.oauth(tokenSet, oauthOptions, options.signal);
      return access;
    },
    log(message) {
      const line = String(message);
      logs.push(line);
      options.onLog?.(line);
    },
  };
  try {
    if (options.jobId !== undefined && command.start) {
      const reference = await command.start(checked.value, { ...ctx, jobId: options.jobId });
      return resultOutcome({ body: { reference } }, logs);
    }
    const result = await command.run(checked.value, ctx);
    return resultOutcome(access ? tokenRefreshAnswer(result, access) : result, logs);
  } catch (thrown) {
    return thrownOutcome(thrown, logs);
  }
}
