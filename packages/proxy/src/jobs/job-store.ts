/**
 * The one small interface both durable backends implement (SQLite in this process, BullMQ
 * on Redis for replicas). A store persists jobs and decides WHEN work happens; the
 * JobWorker it is given decides WHAT happens (run the command, attempt a callback).
 */
import type { Outcome } from "@connector-proxy/sdk";
import type { JobRecord, JobStatus } from "./job-record.js";

export interface JobWorker {
  /** Run the command of a job; resolves with the job updated (delivering, waiting or cancelled). */
  run(job: JobRecord, signal: AbortSignal): Promise<JobRecord>;
  /** Settle a job from an outcome obtained elsewhere (a synchronous call that ran past its budget). */
  settle(job: JobRecord, outcome: Outcome): JobRecord;
  /** One callback attempt; resolves with the job completed, dead, or delivering again at `nextAttemptAt`. */
  deliver(job: JobRecord): Promise<JobRecord>;
}

export interface JobQuery {
  status?: JobStatus;
  limit: number;
  offset: number;
}

export interface JobStore {
  readonly kind: "sqlite" | "redis";
  /** Begin handing work to `worker`, first resuming what a dead process left behind. */
  start(worker: JobWorker): Promise<void>;
  /**
   * Persist a new queued job (durable once this resolves), unless `limit` jobs are already pending
   * (queued or running): false then. For the calls of one process the check and the add are one step.
   */
  add(job: JobRecord, limit: number): Promise<boolean>;
  /**
   * Persist a job that is already running here, and take over when `outcome` settles. Should
   * this process die first, the job runs again (elsewhere, after `timeoutMs` with Redis).
   */
  adopt(job: JobRecord, outcome: Promise<Outcome>, timeoutMs: number): Promise<void>;
  get(id: string): Promise<JobRecord | null>;
  list(query: JobQuery): Promise<JobRecord[]>;
  /**
   * How many jobs are in each state right now, for the `connector_proxy_jobs` gauge (asked at
   * each scrape, so cheap: no job is read). A state left out is one the store cannot tell apart.
   */
  countByStatus(): Promise<Partial<Record<JobStatus, number>>>;
  /**
   * Store an operator's change (cancel, retry, external completion) and act on it, only if the
   * job's stored status is still one of `from` (compare-and-set): false when it is not.
   */
  transition(job: JobRecord, from: readonly JobStatus[]): Promise<boolean>;
  /** Remove final jobs finished before `before` (epoch ms); resolves with how many. */
  purge(before: number): Promise<number>;
  /** Stop taking work; let running jobs finish until `deadline` (epoch ms); leave the rest to resume. */
  close(deadline: number): Promise<void>;
}
