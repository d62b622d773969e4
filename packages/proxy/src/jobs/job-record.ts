/**
 * What the proxy keeps about one job, and the view of it the operations API shows
 * (never the request body or the result: they may hold secrets).
 */
import type { Envelope } from "@connector-proxy/sdk";

export const JOB_STATUSES = ["queued", "running", "waiting", "delivering", "completed", "dead", "cancelled"] as const;

/**
 * queued → running → delivering → completed | dead; waiting: started externally, until
 * `POST /v1/jobs/{id}/complete`; cancelled by `DELETE /v1/jobs/{id}`.
 */
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRecord {
  id: string;
  command: string;
  status: JobStatus;
  /** The request body as received, reserved `spiff__*` keys included. */
  body: Record<string, unknown>;
  callbackUrl: string;
  /** The envelope to deliver, once the command finished. */
  envelope: Envelope | null;
  /** Callback delivery attempts so far. */
  attempts: number;
  lastError: string | null;
  /** The external system's reference, for a command completed externally. */
  reference: string | null;
  /** The caller's W3C trace context, so the job's command continues the caller's trace. */
  traceparent?: string;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  nextAttemptAt: number | null;
  /** Callback retries stop after this time. */
  deliverBy: number | null;
}

/** Statuses after which nothing more happens unless an operator acts. */
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(["completed", "dead", "cancelled"]);

/** The others: an operator may still cancel the job. */
export const UNFINISHED_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter((status) => !FINAL_STATUSES.has(status));

export function newJob(id: string, command: string, body: Record<string, unknown>, callbackUrl: string): JobRecord {
  const now = Date.now();
  return {
    id,
    command,
    status: "queued",
    body,
    callbackUrl,
    envelope: null,
    attempts: 0,
    lastError: null,
    reference: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
    nextAttemptAt: null,
    deliverBy: null,
  };
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** The operations view of a job. */
export function publicJob(job: JobRecord) {
  return {
    id: job.id,
    command: job.command,
    status: job.status,
    attempts: job.attempts,
    last_error: job.lastError,
    reference: job.reference,
    error_code: job.envelope?.error?.error_code ?? null,
    created_at: iso(job.createdAt),
    updated_at: iso(job.updatedAt),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    next_attempt_at: iso(job.nextAttemptAt),
  };
}
