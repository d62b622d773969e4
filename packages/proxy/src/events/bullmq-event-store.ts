/**
 * The replicated event store: BullMQ on Redis (CONNECTOR_PROXY_REDIS_URL), one job per event
 * whose job id is the event's id, so the same event stored by two replicas is one job. Every
 * replica delivers from the same queue; a replica that dies loses its locks and another takes
 * its deliveries. Delivered events stay (completed) until purged, which is what keeps
 * duplicates out for the retention period. Poll cursors and leases are plain Redis keys.
 */
import { DelayedError, type Job, type JobType, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { StartupError } from "../catalogue/load-connector.js";
import { connectionOptions } from "../jobs/bullmq-job-store.js";
import type { EventRecord, EventStatus } from "./event-record.js";
import type { EventQuery, EventStore, EventWorker } from "./event-store.js";

const QUEUE = "events";
const CONCURRENCY = 64;
const LOCK_MS = 30_000;
const ALL_TYPES: JobType[] = ["wait", "prioritized", "active", "delayed", "completed", "failed"];

/** Take the lease when free or already ours (and extend it); 1 when held. */
const LEASE_SCRIPT = `
local holder = redis.call("GET", KEYS[1])
if holder == ARGV[1] then redis.call("PEXPIRE", KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1`;

/** Delete the lease only when it is still ours. */
const RELEASE_SCRIPT = `
if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("DEL", KEYS[1]) end
return 0`;

export class BullmqEventStore implements EventStore {
  readonly kind = "redis";
  private readonly connection: ReturnType<typeof connectionOptions>;
  private readonly queue: Queue<EventRecord>;
  private readonly redis: Redis;
  private bullWorker: Worker<EventRecord> | null = null;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.connection = connectionOptions(url);
    this.queue = new Queue<EventRecord>(QUEUE, { connection: this.connection, prefix });
    this.redis = new Redis(this.connection);
    this.redis.on("error", () => {}); // reconnects by itself
  }

  async start(worker: EventWorker): Promise<void> {
    this.bullWorker = new Worker<EventRecord>(QUEUE, (job, token) => this.process(worker, job, token), {
      connection: this.connection,
      prefix: this.prefix,
      concurrency: CONCURRENCY,
      lockDuration: LOCK_MS,
      stalledInterval: LOCK_MS,
      maxStalledCount: 1_000_000,
    });
    this.bullWorker.on("error", () => {}); // connection hiccups: ioredis reconnects by itself
    let timer: NodeJS.Timeout | undefined;
    const unreachable = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const where = `${this.connection.host}:${this.connection.port}`;
        reject(new StartupError(`Redis at ${where} did not answer within 10 s: check CONNECTOR_PROXY_REDIS_URL`));
      }, 10_000);
    });
    try {
      await Promise.race([Promise.all([this.bullWorker.waitUntilReady(), this.queue.waitUntilReady()]), unreachable]);
    } catch (error) {
      await this.close(Date.now());
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async add(event: EventRecord): Promise<boolean> {
    if (await this.queue.getJob(event.id)) return false;
    await this.queue.add(QUEUE, event, { jobId: event.id }); // an id added meanwhile by another replica is one job
    return true;
  }

  async get(id: string): Promise<EventRecord | null> {
    return (await this.queue.getJob(id))?.data ?? null;
  }

  async list({ trigger, status, limit, offset }: EventQuery): Promise<EventRecord[]> {
    const jobs = await this.queue.getJobs(status ? typesOf(status) : ALL_TYPES, 0, offset + limit * 4 - 1);
    return jobs
      .map((job) => job.data)
      .filter((event) => event && (!trigger || event.trigger === trigger) && (!status || event.status === status))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(offset, offset + limit);
  }

  async update(event: EventRecord): Promise<void> {
    const job = await this.queue.getJob(event.id);
    if (!job) return;
    const state = await job.getState();
    await job.updateData(event);
    if (state === "failed") await job.retry("failed");
    else if (state === "delayed") await job.promote();
  }

  async countByStatus(): Promise<Partial<Record<EventStatus, number>>> {
    const counts = await this.queue.getJobCounts("wait", "prioritized", "active", "delayed", "completed", "failed");
    return {
      received: (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.active ?? 0),
      delivering: counts.delayed ?? 0,
      delivered: counts.completed ?? 0,
      dead: counts.failed ?? 0,
    };
  }

  async purge(before: number): Promise<number> {
    return (await this.queue.clean(Math.max(0, Date.now() - before), 10_000, "completed")).length;
  }

  async readState(key: string): Promise<string | null> {
    return this.redis.get(this.stateKey(key));
  }

  async writeState(key: string, value: string): Promise<void> {
    await this.redis.set(this.stateKey(key), value);
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(LEASE_SCRIPT, 1, this.stateKey(key), owner, String(ttlMs))) === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.stateKey(key), owner);
  }

  async close(deadline: number): Promise<void> {
    const worker = this.bullWorker;
    if (worker) {
      const late = new Promise<"late">((resolve) =>
        setTimeout(() => resolve("late"), Math.max(0, deadline - Date.now())),
      );
      if ((await Promise.race([worker.close(), late])) === "late") await worker.close(true);
    }
    await this.queue.close().catch(() => {});
    this.redis.disconnect();
  }

  private stateKey(key: string): string {
    return `${this.prefix}:${QUEUE}:state:${key}`;
  }

  /** One BullMQ turn of an event: wait for its next attempt time, attempt it, and sleep until the next one. */
  private async process(worker: EventWorker, job: Job<EventRecord>, token?: string): Promise<void> {
    const event = job.data;
    if (event.status === "delivered" || event.status === "dead") return;
    if ((event.nextAttemptAt ?? 0) > Date.now()) return this.sleep(job, event.nextAttemptAt ?? 0, token);
    const next = await worker.deliver(event);
    await job.updateData(next);
    if (next.status === "dead") throw new UnrecoverableError(next.lastError ?? "not delivered");
    if (next.status === "delivering") return this.sleep(job, next.nextAttemptAt ?? Date.now(), token);
  }

  private async sleep(job: Job<EventRecord>, until: number, token?: string): Promise<never> {
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }
}

function typesOf(status: EventStatus): JobType[] {
  switch (status) {
    case "received":
      return ["wait", "prioritized", "active"];
    case "delivering":
      return ["delayed", "active"];
    case "delivered":
      return ["completed"];
    case "dead":
      return ["failed"];
  }
}
