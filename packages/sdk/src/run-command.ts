/**
 * Running one command in this process: validate, call `run` with a context, and turn
 * the result or the failure into an Outcome. Used by the proxy's inline host and by tests.
 */

import { CommandError } from "./command-error.js";
import type { CommandContext } from "./context.js";
import type { Command, CommandResult, StartContext } from "./define-command.js";
import { proxyErrorOutcome } from "./error-codes.js";
import { type OAuthAccess, type OAuthProvider, tokenRefreshAnswer } from "./oauth-access.js";
import { type Outcome, resultOutcome, thrownOutcome } from "./outcome.js";
import type { UnknownParameters } from "./validation.js";
import type { ReservedContext } from "./wire.js";

export interface RunOptions {
  config?: Readonly<Record<string, unknown>>;
  reserved: ReservedContext;
  /** The call's signal, or a function giving it on first use (creating one costs more than most commands). */
  signal: AbortSignal | (() => AbortSignal);
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
  const checked = checkParameters(commandId, command, params, options.unknownParameters);
  if (!checked.ok) return checked.outcome;
  const ctx = new RunContext(commandId, options);
  try {
    if (options.jobId !== undefined && command.start) {
      const reference = await command.start(checked.value, ctx as StartContext);
      return ctx.answer({ body: { reference } });
    }
    const result = await command.run(checked.value, ctx);
    return ctx.answer(result);
  } catch (thrown) {
    return ctx.failure(thrown);
  }
}

/**
 * One run's `ctx`. A class, so that `signal` is a prototype getter read on first use: an accessor
 * in an object literal makes V8 keep the object in slow dictionary form (~0.5 KiB more per call).
 * `log` and `oauth` are bound, so a command may destructure them.
 */
class RunContext implements CommandContext {
  readonly config: Readonly<Record<string, unknown>>;
  readonly taskData: Readonly<Record<string, unknown>>;
  readonly processInstanceId: number | null;
  readonly processModelIdentifier: string | null;
  readonly taskId: string | null;
  readonly callbackUrl: string | null;
  readonly deadline: number;
  readonly fetch: typeof fetch;
  readonly traceparent: string | null;
  /** Set for a durable job's `start`. */
  readonly jobId: string | undefined;
  readonly #options: RunOptions;
  /** The `spiff__logs` lines so far. */
  readonly #logs: string[] = [];
  /** The token `ctx.oauth` handed out (its refresh goes back to Arena with the answer). */
  #access: OAuthAccess | undefined;

  constructor(commandId: string, options: RunOptions) {
    const { reserved } = options;
    this.#options = options;
    this.config = options.config ?? {};
    this.taskData = reserved.taskData;
    this.processInstanceId = reserved.processInstanceId;
    this.processModelIdentifier = reserved.processModelIdentifier;
    this.taskId = reserved.taskId;
    this.callbackUrl = reserved.callbackUrl;
    this.deadline = options.deadline;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.traceparent = options.traceparent ?? null;
    this.jobId = options.jobId;
    this.log = (message) => {
      const line = String(message);
      this.#logs.push(line);
      options.onLog?.(line);
    };
    this.oauth = async (tokenSet, oauthOptions = {}) => {
      if (!options.oauth) {
        throw new CommandError(
          "OAuthNotConfigured",
          `"${commandId}" asked for an OAuth token but its connector declares no OAuth handler`,
          { httpStatus: 500 },
        );
      }
      this.#access = await options.oauth(tokenSet, oauthOptions, this.signal);
      return this.#access;
    };
  }

  get signal(): AbortSignal {
    const { signal } = this.#options;
    return typeof signal === "function" ? signal() : signal;
  }

  readonly log: CommandContext["log"];
  readonly oauth: CommandContext["oauth"];

  /** The outcome of what the command returned, with its logs (in the token-refresh shape once ctx.oauth was used). */
  answer(result: CommandResult): Outcome {
    return resultOutcome(this.#access ? tokenRefreshAnswer(result, this.#access) : result, this.#logs);
  }

  /** The outcome of what the command threw, with its logs. */
  failure(thrown: unknown): Outcome {
    return thrownOutcome(thrown, this.#logs);
  }
}
