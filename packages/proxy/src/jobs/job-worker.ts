/**
 * What happens to a job, whichever store schedules it: run its command through the same
 * `execute` as a synchronous call (with the job id, so a command with `start` starts
 * instead), turn the outcome into the next state, and attempt its callback.
 */
import { type Outcome, proxyErrorOutcome, redactText } from "@connector-proxy/sdk";
import type { Dispatcher } from "undici";
import type { Catalogue } from "../catalogue/catalogue.js";
import type { EngineCredentials } from "../engine/engine-credentials.js";
import { type ExecutionSettings, execute } from "../execution/execute.js";
import type { Logger } from "../log/logger.js";
import { metrics } from "../observability/metrics.js";
import { type DeliveryPolicy, deliverCallback } from "./callback-delivery.js";
import type { JobRecord } from "./job-record.js";
import type { JobWorker } from "./job-store.js";

/** What stops each command running here, by job id: an AbortController, or a budget call's `abort`. */
export type RunningCommands = Map<string, { abort(reason?: unknown): void }>;

export interface JobWorkerOptions {
  catalogue: Catalogue;
  execution: ExecutionSettings;
  logger: Logger;
  policy: DeliveryPolicy;
  credentials: EngineCredentials;
  /** The connection pool for callbacks (created on first use). */
  dispatcher: () => Promise<Dispatcher>;
  /** The commands running here, by job id (for cancellation and shutdown). */
  running: RunningCommands;
}

/** A job whose result is known: next, its callback. */
export function toDelivering(job: JobRecord, outcome: Outcome, policy: DeliveryPolicy): JobRecord {
  const now = Date.now();
  return {
    ...job,
    status: "delivering",
    envelope: outcome.envelope,
    nextAttemptAt: now,
    deliverBy: now + policy.periodMs,
    updatedAt: now,
  };
}

export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { catalogue, execution, logger, policy, running } = options;
  const settle = (job: JobRecord, outcome: Outcome): JobRecord => {
    if (catalogue.get(job.command)?.completesExternally && !outcome.envelope.error) {
      const body = outcome.envelope.command_response.body as { reference?: unknown } | undefined;
      return { ...job, status: "waiting", reference: String(body?.reference ?? ""), updatedAt: Date.now() };
    }
    return toDelivering(job, outcome, policy);
  };
  return {
    settle,
    async run(job, signal) {
      const handle = catalogue.get(job.command);
      if (!handle) {
        return settle(
          job,
          proxyErrorOutcome("command_not_found", `No command "${job.command}" on this proxy any more`),
        );
      }
      const controller = new AbortController();
      const onStop = () => controller.abort(signal.reason);
      signal.addEventListener("abort", onStop, { once: true });
      running.set(job.id, controller);
      try {
        // with the job id, a command with `start` starts instead of running
        const outcome = await execute(handle, job.body, execution, {
          jobId: job.id,
          signal: controller.signal,
          ...(job.traceparent ? { traceparent: job.traceparent } : {}),
        });
        return settle(job, outcome);
      } finally {
        running.delete(job.id);
        signal.removeEventListener("abort", onStop);
      }
    },
    async deliver(job) {
      const delivered = await deliverCallback(job, options.credentials, policy, await options.dispatcher());
      const next = delivered.lastError
        ? { ...delivered, lastError: redactText(delivered.lastError, execution.secrets) } // shown by GET /v1/jobs
        : delivered;
      metrics.callbackAttempts.inc({ result: next.status === "completed" ? "delivered" : "failed" });
      if (next.status === "dead") metrics.callbackFailures.inc();
      const line = { job: job.id, command: job.command, status: next.status, attempts: next.attempts };
      if (next.status === "completed") logger.debug(line, "callback delivered");
      else logger.warn({ ...line, last_error: next.lastError }, "callback not delivered");
      return next;
    },
  };
}
