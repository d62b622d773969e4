/**
 * The replicated job store: BullMQ on Redis (CONNECTOR_PROXY_REDIS_URL). Every replica runs
 * a BullMQ worker on the same queue; a replica that dies loses its locks, and BullMQ's
 * stalled-job check hands its jobs to another replica. Callback retries are BullMQ delays;
 * the job record (JobRecord) is the BullMQ job's data.
 */
import type { Outcome } from "@connector-proxy/sdk";
import { DelayedError, type Job, type JobType, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { StartupError } from "../catalogue/load-connector.js";
import { countBullmqJobs } from "./bullmq-job-counts.js";
import type { JobRecord, JobStatus } from "./job-record.js";
import type { JobQuery, JobStore, JobWorker } from "./job-store.js";
import type { JobsConfig } from "./jobs-config.js";

const QUEUE = "jobs";
/** A job waiting for an external system sleeps this long (it is woken by /complete). */
const FOREVER_MS = 10 * 365 * 24 * 3_600_000;

const STATES_OF: Record<JobStatus, JobType[]> = {
  queued: ["wait", "prioritized"],
  running: ["active"],
  waiting: ["delayed"],
  delivering: ["delayed", "active"],
  completed: ["completed"],
  dead: ["failed"],
  cancelled: ["completed"],
};

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

/** The job as stored, with queued/running read from BullMQ's own state (data may say running for a stalled job). */
function view(job: Job<JobRecord>, state: string): JobRecord {
  const record = job.data;
  if (record.status !== "queued" && record.status !== "running") return record;
  return { ...record, status: state === "active" ? "running" : "queued" };
}

export class BullmqJobStore implements JobStore {
  readonly kind = "redis";
  private readonly queue: Queue<JobRecord>;
  private bullWorker: Worker<JobRecord> | null = null;
  /** Receives the ids of cancelled jobs from every replica, to abort the command if it runs here. */
  private subscriber: Redis | null = null;
  private publisher: Redis | null = null;
  private worker: JobWorker | null = null;
  private readonly connection: ReturnType<typeof connectionOptions>;

  constructor(
    url: string,
    private readonly settings: JobsConfig,
  ) {
    this.connection = connectionOptions(url);
    this.queue = new Queue<JobRecord>(QUEUE, { connection: this.connection, prefix: settings.redis_prefix });
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
    this.bullWorker.on("error", () => {}); // connection hiccups: ioredis reconnects by itself
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

  async add(job: JobRecord): Promise<void> {
    await this.queue.add(QUEUE, job, { jobId: job.id });
  }

  async adopt(job: JobRecord, outcome: Promise<Outcome>, timeoutMs: number): Promise<void> {
    // Safety net: if this replica dies before the outcome, another one runs the job after the timeout.
    const running: JobRecord = { ...job, status: "running", startedAt: Date.now() };
    await this.queue.add(QUEUE, running, { jobId: job.id, delay: timeoutMs + 5_000 });
    void outcome
      .then(async (settled) => {
        const stored = await this.queue.getJob(job.id);
        if (!stored || stored.data.status === "cancelled") return;
        await stored.updateData(this.workerOf().settle(running, settled));
        await stored.promote().catch(() => {}); // already picked up by another replica: it delivers
      })
      .catch(() => {}); // closed meanwhile: the delayed job runs again elsewhere after its timeout
  }

  async get(id: string): Promise<JobRecord | null> {
    const job = await this.queue.getJob(id);
    return job ? view(job, await job.getState()) : null;
  }

  async list({ status, limit, offset }: JobQuery): Promise<JobRecord[]> {
    const types: JobType[] = status
      ? STATES_OF[status]
      : ["wait", "prioritized", "active", "delayed", "completed", "failed"];
    const jobs = await this.queue.getJobs(types, 0, offset + limit * 4 - 1);
    const records = await Promise.all(jobs.map(async (job) => view(job, await job.getState())));
    return records
      .filter((record) => !status || record.status === status)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(offset, offset + limit);
  }

  async pending(): Promise<number> {
    const counts = await this.queue.getJobCounts("wait", "prioritized", "active");
    return (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.active ?? 0);
  }

  /** BullMQ's counts mapped onto our statuses (see bullmq-job-counts.ts for what is approximate). */
  countByStatus(): Promise<Partial<Record<JobStatus, number>>> {
    return countBullmqJobs(this.queue);
  }

  async update(record: JobRecord): Promise<void> {
    const job = await this.queue.getJob(record.id);
    if (!job) return;
    const state = await job.getState();
    await job.updateData(record);
    if (record.status === "cancelled") {
      this.publisher ??= new Redis(this.connection);
      await this.publisher.publish(this.cancelChannel, record.id);
    }
    if (state === "failed") await job.retry("failed");
    else if (state === "delayed") await job.promote();
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
    this.publisher?.disconnect();
  }

  private get cancelChannel(): string {
    return `${this.settings.redis_prefix}:${QUEUE}:cancelled`;
  }

  private async listenForCancellations(): Promise<void> {
    const subscriber = new Redis(this.connection);
    subscriber.on("error", () => {}); // reconnects by itself
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
      await job.updateData(running);
      record = await worker.run(running, signal ?? new AbortController().signal);
      const latest = await this.queue.getJob(job.id ?? record.id);
      if (latest?.data.status === "cancelled") return;
      await job.updateData(record);
    }
    if (record.status === "waiting") return this.sleep(job, Date.now() + FOREVER_MS, token);
    if ((record.nextAttemptAt ?? 0) > Date.now()) return this.sleep(job, record.nextAttemptAt ?? 0, token);
    record = await worker.deliver(record);
    await job.updateData(record);
    if (record.status === "dead") throw new UnrecoverableError(record.lastError ?? "callback not delivered");
    if (record.status === "delivering") return this.sleep(job, record.nextAttemptAt ?? Date.now(), token);
  }

  private async sleep(job: Job<JobRecord>, until: number, token?: string): Promise<never> {
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }
}
