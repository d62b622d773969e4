/**
 * One callback attempt: `PUT` the job's envelope to Arena's callback URL with an
 * `Idempotency-Key` (the job id) and the engine's credentials, and decide what comes next: done, retry later
 * (network errors, 5xx, 429 honouring `Retry-After`; exponential backoff with jitter)
 * or dead (any other 4xx, or the delivery period is over).
 */
import type { Dispatcher } from "undici";
import type { EngineCredentials } from "../engine/engine-credentials.js";
import { childTraceparent } from "../observability/traceparent.js";
import type { JobRecord } from "./job-record.js";

export interface DeliveryPolicy {
  initialMs: number;
  maxMs: number;
  periodMs: number;
  timeoutMs: number;
}

const SNIPPET = 300;

/** Delay before attempt `attempt + 1`: doubling from `initialMs`, capped, half of it random ("equal jitter"). */
export function backoffMs(attempt: number, policy: DeliveryPolicy): number {
  const full = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return full / 2 + Math.random() * (full / 2);
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  if (typeof header !== "string" || header === "") return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Attempt delivery of `job.envelope`; resolves with the job's next state (never throws). */
export async function deliverCallback(
  job: JobRecord,
  credentials: EngineCredentials,
  policy: DeliveryPolicy,
  dispatcher: Dispatcher,
): Promise<JobRecord> {
  const now = Date.now();
  const attempts = job.attempts + 1;
  const deliverBy = job.deliverBy ?? now + policy.periodMs;
  let failure: string;
  let waitMs: number | null = null;
  try {
    const credentialHeaders = await credentials.headers();
    const traceparent = childTraceparent(job.traceparent); // the delivery is a new span of the caller's trace
    const url = new URL(job.callbackUrl);
    const response = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "idempotency-key": job.id,
        ...(traceparent ? { traceparent } : {}),
        ...credentialHeaders,
      },
      body: JSON.stringify(job.envelope),
      headersTimeout: policy.timeoutMs,
      bodyTimeout: policy.timeoutMs,
    });
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      await response.body.dump();
      return {
        ...job,
        status: "completed",
        attempts,
        deliverBy,
        lastError: null,
        nextAttemptAt: null,
        updatedAt: now,
        finishedAt: Date.now(),
      };
    }
    const text = (await response.body.text().catch(() => "")).slice(0, SNIPPET);
    failure = `callback answered ${status}${text ? `: ${text}` : ""}`;
    if (status === 401) credentials.invalidate();
    if (status !== 429 && status < 500) {
      return {
        ...job,
        status: "dead",
        attempts,
        deliverBy,
        lastError: `${failure} (not retried: fix the callback URL or credentials, then POST /v1/jobs/${job.id}/retry)`,
        nextAttemptAt: null,
        updatedAt: now,
        finishedAt: now,
      };
    }
    waitMs = retryAfterMs(response.headers["retry-after"], now);
  } catch (error) {
    failure = `callback failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const next = Date.now() + (waitMs ?? backoffMs(attempts, policy));
  if (next > deliverBy) {
    return {
      ...job,
      status: "dead",
      attempts,
      deliverBy,
      lastError: `${failure} (gave up after ${attempts} attempts)`,
      nextAttemptAt: null,
      updatedAt: now,
      finishedAt: now,
    };
  }
  return { ...job, status: "delivering", attempts, deliverBy, lastError: failure, nextAttemptAt: next, updatedAt: now };
}
