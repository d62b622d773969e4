/**
 * Executing one call: split the reserved `spiff__*` keys off, run the handle under its
 * timeout and the caller's abort signal, and scrub secrets from the answer.
 */
import { type Outcome, proxyErrorOutcome, redactText, splitReserved } from "@connector-proxy/sdk";
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
  // The command's signal is created only if the command reads it: most never do, and an
  // AbortController costs more than a fast command.
  let controller: AbortController | undefined;
  let stopReason: Error | undefined;
  // ONE promise settled by whichever comes first: the command's outcome, the timeout or the caller leaving
  let settle: (outcome: Outcome) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const finished = new Promise<Outcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const stop = (reason: Error, outcome: Outcome) => {
    stopReason ??= reason;
    controller?.abort(reason);
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
  const invocation: Invocation = {
    params,
    reserved,
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (stopReason) controller.abort(stopReason);
      }
      return controller.signal;
    },
    deadline: Date.now() + handle.timeoutMs,
    log: (line) => logs.push(line),
    ...(traceparent ? { traceparent } : {}),
  };
  try {
    handle.invoke(invocation).then(settle, fail);
    return scrub(await finished, options.secrets);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
}

/** Remove every configured secret and credential pattern from logs and the error message. */
export function scrub(outcome: Outcome, secrets: ReadonlySet<string>): Outcome {
  const { envelope } = outcome;
  envelope.spiff__logs = envelope.spiff__logs.map((line) => redactText(line, secrets));
  if (envelope.error) envelope.error = { ...envelope.error, message: redactText(envelope.error.message, secrets) };
  return outcome;
}
