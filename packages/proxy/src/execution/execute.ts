/**
 * Executing one call: split the reserved `spiff__*` keys off, run the handle under its
 * timeout and the caller's abort signal, and scrub secrets from the answer.
 */
import { type Outcome, proxyErrorOutcome, type ReservedContext, redactText, splitReserved } from "@connector-proxy/sdk";
import type { CommandHandle, Invocation } from "../hosting/command-handle.js";
import { observeCommand } from "../observability/observe-command.js";
import type { Tracing } from "../observability/tracing.js";

export interface ExecuteOptions {
  /** Fires when the caller goes away. */
  signal?: AbortSignal;
  /** Exact values to scrub from logs and messages (configured secrets). */
  secrets: ReadonlySet<string>;
  /** The caller's `traceparent`; the command receives a child of it. */
  traceparent?: string;
  /** OpenTelemetry spans, when configured (default: propagation only). */
  tracing?: Tracing;
  /** Set when the call runs as a durable job (a command with `start` then starts instead of running). */
  jobId?: string;
  /** Also receives each line the command logs (they are collected into `spiff__logs` anyway). */
  onLog?: (line: string) => void;
}

class Timeout extends Error {}

/** Run `handle` with a request body, observed (metrics, trace span); never throws. */
export async function execute(
  handle: CommandHandle,
  body: Record<string, unknown>,
  options: ExecuteOptions,
): Promise<Outcome> {
  const observation = observeCommand(handle.id, options.traceparent, options.tracing);
  const outcome = await executeUnobserved(handle, body, options, observation.traceparent);
  observation.end(outcome);
  return outcome;
}

async function executeUnobserved(
  handle: CommandHandle,
  body: Record<string, unknown>,
  options: ExecuteOptions,
  traceparent: string | undefined,
): Promise<Outcome> {
  const { params, reserved } = splitReserved(body);
  const logs: string[] = [];
  const call = new Call(params, reserved, Date.now() + handle.timeoutMs, logs, options, traceparent);
  // ONE promise settled by whichever comes first: the command's outcome, the timeout or the caller leaving
  let settle: (outcome: Outcome) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const finished = new Promise<Outcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const stop = (reason: Error, outcome: Outcome) => {
    call.stop(reason);
    settle(outcome);
  };
  const timer = setTimeout(
    () =>
      stop(
        new Timeout(),
        proxyErrorOutcome(
          "CommandTimeout",
          `Command "${handle.id}" timed out after ${handle.timeoutMs / 1000} s (raise timeout_seconds for it in the proxy configuration)`,
          logs,
        ),
      ),
    handle.timeoutMs,
  );
  const onCallerAbort = () =>
    stop(
      new Error("the caller went away"),
      proxyErrorOutcome("CommandCancelled", `Command "${handle.id}" was cancelled: the caller went away`, logs),
    );
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    handle.invoke(call).then(settle, fail);
    return scrub(await finished, options.secrets);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
}

/**
 * One call as the host receives it. A class, so that `signal` is a prototype getter: the command's
 * AbortController is created only if the command reads it (most never do, and one costs more than a
 * fast command), and an accessor in an object literal would put the object in V8's slow dictionary form.
 */
class Call implements Invocation {
  readonly traceparent?: string;
  readonly jobId?: string;
  readonly log: (line: string) => void;
  #controller: AbortController | undefined;
  #stopReason: Error | undefined;

  constructor(
    readonly params: Record<string, unknown>,
    readonly reserved: ReservedContext,
    readonly deadline: number,
    logs: string[],
    { jobId, onLog }: ExecuteOptions,
    traceparent: string | undefined,
  ) {
    if (traceparent) this.traceparent = traceparent;
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
    }
    return this.#controller.signal;
  }

  /** Abort the command (the first reason wins). */
  stop(reason: Error): void {
    this.#stopReason ??= reason;
    this.#controller?.abort(reason);
  }
}

/** Remove every configured secret and credential pattern from logs and the error message. */
export function scrub(outcome: Outcome, secrets: ReadonlySet<string>): Outcome {
  const { envelope } = outcome;
  envelope.spiff__logs = envelope.spiff__logs.map((line) => redactText(line, secrets));
  if (envelope.error) envelope.error = { ...envelope.error, message: redactText(envelope.error.message, secrets) };
  return outcome;
}
