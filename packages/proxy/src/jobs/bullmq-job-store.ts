/**
 * The replicated job store: BullMQ on Redis (CONNECTOR_PROXY_REDIS_URL). Every replica runs
 * a BullMQ worker on the same queue; a replica that dies loses its locks, and BullMQ's
 * stalled-job check hands its jobs to another replica. Callback retries are BullMQ delays;
 * the job record (JobRecord) is the BullMQ job's data.
 */
import type { Outcome } from "@connector-proxy/sdk";
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { StartupError } from "../catalogue/load-connector.js";
import type { Logger } from "../log/logger.js";
import { metrics } from "../observability/metrics.js";
import { countBullmqJobs } from "./bullmq-job-counts.js";
import { listBullmqJobs, view } from "./bullmq-job-list.js";
import type { JobRecord, JobStatus } from "./job-record.js";
import type { JobQuery, JobStore, JobWorker } from "./job-store.js";
import type { JobsConfig } from "./jobs-config.js";

const QUEUE = "jobs";
/** A job waiting for an external system sleeps this long (it is woken by /complete). */
const FOREVER_MS = 10 * 365 * 24 * 3_600_000;

/**
 * Compare-and-set of a job's record (BullMQ keeps it as JSON in the `data` field of the job's hash):
 * written only while the stored status is one of ARGV[2..]. 1 when written.
 */
const SET_IF_STATUS = `
local data = redis.call("HGET", KEYS[1], "data")
if not data then return 0 end
local status = cjson.decode(data).status
for i = 2, #ARGV do
  if ARGV[i] == status then
    redis.call("HSET", KEYS[1], "data", ARGV[1])
    return 1
  end
end
return 0`;

/** ioredis options for a redis:// or rediss:// URL (BullMQ needs maxRetriesPerRequest: null). */
export function connectionOptions(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || "127.0.0.1",
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number(parsed.pathname.slice(1) || 0),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export class BullmqJobStore implements JobStore {
  readonly kind = "redis";
  private readonly queue: Queue<JobRecord>;
  private bullWorker: Worker<JobRecord> | null = null;
  /** Receives the ids of cancelled jobs from every replica, to abort the command if it runs here. */
  private subscriber: Redis | null = null;
  private commands: Redis | null = null;
  private worker: JobWorker | null = null;
  private readonly connection: ReturnType<typeof connectionOptions>;
  /** Adds of this process admitted by the limit check whose job is not in Redis yet. */
  private adding = 0;

  constructor(
    url: string,
    private readonly settings: JobsConfig,
    private readonly logger: Logger,
  ) {
    this.connection = connectionOptions(url);
    this.queue = new Queue<JobRecord>(QUEUE, { connection: this.connection, prefix: settings.redis_prefix });
    this.queue.on("error", this.reportError("queue"));
  }

  /** A listener for a connection's errors: logged and counted (ioredis reconnects by itself). */
  private reportError(source: "worker" | "queue" | "subscriber" | "commands") {
    return (error: Error) => {
      metrics.jobStoreErrors.inc({ source });
      this.logger.warn({ err: error, source }, "the Redis job store reported an error");
    };
  }

  /** Write `record` only while the stored job's status is one of `from`; false when it is not (or is gone). */
  private async setIf(record: JobRecord, from: readonly JobStatus[]): Promise<boolean> {
    const written = await this.client().eval(
      SET_IF_STATUS,
      1,
      this.queue.toKey(record.id),
      JSON.stringify(record),
      ...from,
    );
    return written === 1;
  }

  /** This store's own connection for its scripts and cancellation messages, opened on first use. */
  private client(): Redis {
    if (!this.commands) {
      this.commands = new Redis(this.connection);
      this.commands.on("error", this.reportError("commands"));
    }
    return this.commands;
  }

  async start(worker: JobWorker): Promise<void> {
    this.worker = worker;
    const lockMs = this.settings.redis_lock_seconds * 1000;
    this.bullWorker = new Worker<JobRecord>(QUEUE, (job, token, signal) => this.process(worker, job, token, signal), {
      connection: this.connection,
      prefix: this.settings.redis_prefix,
      concurrency: this.settings.concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 1_000_000,
    });
    this.bullWorker.on("error", this.reportError("worker"));
    let timer: NodeJS.Timeout | undefined;
    const unreachable = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new StartupError(
              `Redis at ${this.connection.host}:${this.connection.port} did not answer within 10 s: check CONNECTOR_PROXY_REDIS_URL, or unset it to keep jobs in SQLite`,
            ),
          ),
        10_000,
      );
    });
    try {
      await Promise.race([Promise.all([this.bullWorker.waitUntilReady(), this.queue.waitUntilReady()]), unreachable]);
      await this.listenForCancellations();
    } catch (error) {
      await this.bullWorker.close(true).catch(() => {});
      await this.queue.close().catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async add(job: JobRecord, limit: number): Promise<boolean> {
    const counts = await this.queue.getJobCounts("wait", "prioritized", "active");
    const pending = (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.active ?? 0);
    // this process's adds admitted but not yet in Redis count too: concurrent calls cannot all pass
    // (the counts and the adds share one connection, so an add is counted in one or the other)
    if (pending + this.adding >= limit) return false;
    this.adding++;
    try {
      await this.queue.add(QUEUE, job, { jobId: job.id });
      return true;
    } finally {
      this.adding--;
    }
  }

  async adopt(job: JobRecord, outcome: Promise<Outcome>, timeoutMs: number): Promise<void> {
    // Safety net: if this replica dies before the outcome, another one runs the job after the timeout.
    const running: JobRecord = { ...job, status: "running", startedAt: Date.now() };
    await this.queue.add(QUEUE, running, { jobId: job.id, delay: timeoutMs + 5_000 });
    void outcome
      .then(async (settled) => {
        const stored = await this.queue.getJob(job.id);
        // cancelled meanwhile (or run again elsewhere): its result is not stored
        if (!stored || !(await this.setIf(this.workerOf().settle(running, settled), ["running"]))) return;
        await stored.promote().catch(() => {}); // already picked up by another replica: it delivers
      })
      .catch(() => {}); // closed meanwhile: the delayed job runs again elsewhere after its timeout
  }

  async get(id: string): Promise<JobRecord | null> {
    const job = await this.queue.getJob(id);
    return job ? view(job, await job.getState()) : null;
  }

  list(query: JobQuery): Promise<JobRecord[]> {
    return listBullmqJobs(this.queue, query);
  }

  /** BullMQ's counts mapped onto our statuses (see bullmq-job-counts.ts for what is approximate). */
  countByStatus(): Promise<Partial<Record<JobStatus, number>>> {
    return countBullmqJobs(this.queue);
  }

  async transition(record: JobRecord, from: readonly JobStatus[]): Promise<boolean> {
    const job = await this.queue.getJob(record.id);
    if (!job || !(await this.setIf(record, from))) return false;
    if (record.status === "cancelled") {
      await this.client().publish(this.cancelChannel, record.id);
    }
    const state = await job.getState();
    if (state === "failed") await job.retry("failed");
    else if (state === "delayed") await job.promote();
    return true;
  }

  async purge(before: number): Promise<number> {
    const grace = Math.max(0, Date.now() - before);
    return (await this.queue.clean(grace, 10_000, "completed")).length;
  }

  async close(deadline: number): Promise<void> {
    const worker = this.bullWorker;
    if (worker) {
      const graceful = worker.close();
      const late = new Promise<"late">((resolve) =>
        setTimeout(() => resolve("late"), Math.max(0, deadline - Date.now())),
      );
      if ((await Promise.race([graceful, late])) === "late") await worker.close(true); // the rest move to other replicas
    }
    await this.queue.close();
    this.subscriber?.disconnect();
    this.commands?.disconnect();
  }

  private get cancelChannel(): string {
    return `${this.settings.redis_prefix}:${QUEUE}:cancelled`;
  }

  private async listenForCancellations(): Promise<void> {
    const subscriber = new Redis(this.connection);
    subscriber.on("error", this.reportError("subscriber"));
    subscriber.on("message", (_channel: string, id: string) =>
      this.bullWorker?.cancelJob(id, "cancelled by an operator"),
    );
    this.subscriber = subscriber;
    await subscriber.subscribe(this.cancelChannel);
  }

  private workerOf(): JobWorker {
    if (!this.worker) throw new Error("The job store was used before start()");
    return this.worker;
  }

  /** One BullMQ turn of a job: run it when it has no result yet, then attempt its callback. */
  private async process(worker: JobWorker, job: Job<JobRecord>, token?: string, signal?: AbortSignal): Promise<void> {
    let record = job.data;
    if (record.status === "cancelled" || record.status === "completed") return;
    if (record.status === "queued" || record.status === "running") {
      const running: JobRecord = { ...record, status: "running", startedAt: Date.now(), updatedAt: Date.now() };
      if (!(await this.setIf(running, ["queued", "running"]))) return; // cancelled meanwhile
      record = await worker.run(running, signal ?? new AbortController().signal);
      if (!(await this.setIf(record, ["running"]))) return; // cancelled while it ran: its result is dropped
    }
    if (record.status === "waiting") return this.sleep(job, Date.now() + FOREVER_MS, token);
    if ((record.nextAttemptAt ?? 0) > Date.now()) return this.sleep(job, record.nextAttemptAt ?? 0, token);
    record = await worker.deliver(record);
    if (!(await this.setIf(record, ["delivering"]))) return; // cancelled during the attempt
    if (record.status === "dead") throw new UnrecoverableError(record.lastError ?? "callback not delivered");
    if (record.status === "delivering") return this.sleep(job, record.nextAttemptAt ?? Date.now(), token);
  }

  private async sleep(job: Job<JobRecord>, until: number, token?: string): Promise<never> {
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }
}
