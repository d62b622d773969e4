/**
 * Executing one call: split the reserved `spiff__*` keys off, run the handle under its
 * timeout and the caller's abort signal, and scrub secrets from the answer (logs, error and body).
 */
import {
  type Outcome,
  proxyErrorOutcome,
  type ReservedContext,
  redactText,
  replaceSecrets,
  splitReserved,
} from "@connector-proxy/sdk";
import type { CommandHandle, Invocation } from "../hosting/command-handle.js";
import { observeCommand } from "../observability/observe-command.js";
import type { Tracing } from "../observability/tracing.js";
import { scrubValue } from "./scrub-secrets.js";

/** What every call of one proxy shares. */
export interface ExecutionSettings {
  /** Exact values to scrub from logs and messages (configured secrets). */
  secrets: ReadonlySet<string>;
  /** OpenTelemetry spans, when configured (default: propagation only). */
  tracing?: Tracing;
}

/**
 * What execute needs of the caller's signal. An AbortSignal is one; the Node adapter hands over a
 * lighter one (adapters/client-presence.ts): on Node 20 every AbortSignal outlives the young
 * generation, so a call creates only the one its command reads.
 */
export interface CallerSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * What one call brings. `signal` is read only when the command reads its own signal, so a caller
 * may hand it over as a getter that creates it on first use (the Node adapter does: most commands
 * never read theirs).
 */
export interface CallOptions {
  /** Fires when the caller goes away. */
  readonly signal?: CallerSignal | undefined;
  /** The caller's `traceparent`; the command receives a child of it. */
  readonly traceparent?: string | undefined;
}

export interface ExecuteOptions extends CallOptions {
  /** Set when the call runs as a durable job (a command with `start` then starts instead of running). */
  readonly jobId?: string;
  /** Also receives each line the command logs (they are collected into `spiff__logs` anyway). */
  readonly onLog?: (line: string) => void;
}

class Timeout extends Error {}

/** Run `handle` with a request body, observed (metrics, trace span); never throws. */
export async function execute(
  handle: CommandHandle,
  body: Record<string, unknown>,
  settings: ExecutionSettings,
  options: ExecuteOptions = {},
): Promise<Outcome> {
  const observation = observeCommand(handle.id, options.traceparent, settings.tracing);
  const outcome = await executeUnobserved(handle, body, settings.secrets, options, observation.traceparent);
  observation.end(outcome);
  return outcome;
}

async function executeUnobserved(
  handle: CommandHandle,
  body: Record<string, unknown>,
  secrets: ReadonlySet<string>,
  options: ExecuteOptions,
  traceparent: string | undefined,
): Promise<Outcome> {
  const { params, reserved } = splitReserved(body);
  const logs: string[] = [];
  // ONE promise settled by whichever comes first: the command's outcome, the timeout or the caller leaving
  let settle: (outcome: Outcome) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const finished = new Promise<Outcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const call = new Call(params, reserved, Date.now() + handle.timeoutMs, logs, options, traceparent, () => {
    call.stop(new Error("the caller went away"));
    settle(proxyErrorOutcome("CommandCancelled", `Command "${handle.id}" was cancelled: the caller went away`, logs));
  });
  const timer = setTimeout(() => {
    call.stop(new Timeout());
    settle(
      proxyErrorOutcome(
        "CommandTimeout",
        `Command "${handle.id}" timed out after ${handle.timeoutMs / 1000} s (raise timeout_seconds for it in the proxy configuration)`,
        logs,
      ),
    );
  }, handle.timeoutMs);
  try {
    handle.invoke(call).then(settle, fail);
    return scrub(await finished, secrets);
  } finally {
    clearTimeout(timer);
    call.release();
  }
}

/**
 * One call as the host receives it. A class, so that `signal` is a prototype getter: the command's
 * AbortController is created, and tied to the caller's signal, only if the command reads it (most
 * never do, and one costs more than a fast command; an accessor in an object literal would put
 * the object in V8's slow dictionary form). A command that never reads its signal cannot be
 * stopped, so the caller leaving does not cut it short: it finishes, and its answer goes nowhere.
 */
class Call implements Invocation {
  readonly traceparent?: string;
  readonly jobId?: string;
  readonly log: (line: string) => void;
  #controller: AbortController | undefined;
  #stopReason: Error | undefined;
  /** The caller's options until the call is answered: their `signal` is read only if the command reads its own. */
  #callerOptions: CallOptions | undefined;
  #caller: CallerSignal | undefined;

  constructor(
    readonly params: Record<string, unknown>,
    readonly reserved: ReservedContext,
    readonly deadline: number,
    logs: string[],
    options: ExecuteOptions,
    traceparent: string | undefined,
    private readonly onCallerGone: () => void,
  ) {
    this.#callerOptions = options;
    if (traceparent) this.traceparent = traceparent;
    const { jobId, onLog } = options;
    if (jobId) this.jobId = jobId;
    this.log = onLog
      ? (line) => {
          logs.push(line);
          onLog(line);
        }
      : (line) => logs.push(line);
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#stopReason) this.#controller.abort(this.#stopReason);
      else this.#follow(this.#callerOptions?.signal);
    }
    return this.#controller.signal;
  }

  /** Abort the command (the first reason wins). */
  stop(reason: Error): void {
    this.#stopReason ??= reason;
    this.#controller?.abort(reason);
  }

  /**
   * The call is answered: stop following the caller and let go of the caller's objects. A library
   * that still holds the call for a while (an HTTP client's request record, a timer) would otherwise
   * keep the whole HTTP request alive with it, and V8 would promote it out of the young generation
   * (measured: ~2.5 KB more per call that waits on an upstream).
   */
  release(): void {
    this.#callerOptions = undefined;
    this.#caller?.removeEventListener("abort", this.onCallerGone);
    this.#caller = undefined;
  }

  #follow(caller: CallerSignal | undefined): void {
    if (!caller) return; // none, or the call is already answered
    if (caller.aborted) this.onCallerGone();
    else {
      this.#caller = caller;
      caller.addEventListener("abort", this.onCallerGone, { once: true });
    }
  }
}

/**
 * Remove every configured secret from the answer (logs, error, response body and headers, a legacy
 * body), and credential patterns from logs and the error message.
 */
export function scrub(outcome: Outcome, secrets: ReadonlySet<string>): Outcome {
  const { envelope, legacyV1 } = outcome;
  envelope.spiff__logs = envelope.spiff__logs.map((line) => redactText(line, secrets));
  if (envelope.error) {
    envelope.error = { ...(scrubValue(envelope.error, secrets) as typeof envelope.error) };
    envelope.error.message = redactText(envelope.error.message, secrets);
  }
  if (secrets.size === 0) return outcome;
  envelope.command_response = scrubValue(envelope.command_response, secrets) as typeof envelope.command_response;
  if (legacyV1) legacyV1.body = replaceSecrets(legacyV1.body, secrets);
  return outcome;
}
