/**
 * Observing one command call: in-flight gauge, duration histogram, error counter and the
 * trace span, started before the call and ended with its outcome.
 */
import type { Outcome } from "@connector-proxy/sdk";
import { metrics, outcomeOf, trackInFlight } from "./metrics.js";
import { propagationOnly, type Tracing } from "./tracing.js";

export interface CommandObservation {
  /** The `traceparent` to pass on to the command (same trace, our span as parent). */
  readonly traceparent: string | undefined;
  end(outcome: Outcome): void;
}

/** Start observing a call of `commandId`. */
export function observeCommand(
  commandId: string,
  traceparent: string | undefined,
  tracing: Tracing = propagationOnly,
): CommandObservation {
  const started = performance.now();
  const span = tracing.startCommand(commandId, traceparent);
  trackInFlight(commandId, 1);
  return {
    traceparent: span.traceparent,
    end(outcome) {
      const errorCode = outcome.envelope.error?.error_code;
      trackInFlight(commandId, -1);
      metrics.commandDuration.observe(
        { command: commandId, outcome: outcomeOf(outcome.status, errorCode) },
        (performance.now() - started) / 1000,
      );
      if (errorCode !== undefined) metrics.commandErrors.inc({ command: commandId, error_code: errorCode });
      span.end(outcome);
    },
  };
}
