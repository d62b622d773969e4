/**
 * The default job store: one SQLite file (better-sqlite3, WAL) owned by this process.
 * A job is written before the caller hears 202; on start, jobs a dead process left
 * queued or running are run again and pending callbacks are retried.
 * The file is opened when the first job arrives (or at start when it already exists).
 * Writes are group-committed: one transaction per event-loop turn, awaited by the caller.
 */
import { setMaxListeners } from "node:events";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Outcome } from "@connector-proxy/sdk";
import Database from "better-sqlite3";
import { GroupCommit } from "./group-commit.js";
import { JOB_STATUSES, type JobRecord, type JobStatus } from "./job-record.js";
import type { JobQuery, JobStore, JobWorker } from "./job-store.js";
import { dataOf, parse, prepare, SCHEMA, type Statements } from "./sqlite-statements.js";
import { WorkPool } from "./work-pool.js";

/**
 * Jobs here are never stopped through the store's signal (cancellation and shutdown abort them in
 * the service). Every running job listens to it, so it has no listener limit (Node would warn of a
 * leak past 10 concurrent jobs).
 */
const NEVER = new AbortController().signal;
setMaxListeners(0, NEVER);

export class SqliteJobStore implements JobStore {
  readonly kind = "sqlite";
  private db: Database.Database | null = null;
  private sql: Statements | null = null;
  private worker: JobWorker | null = null;
  private readonly running: WorkPool;
  private readonly delivering = new WorkPool(64);
  /** Start times of the jobs whose command runs in this process (their row says queued: not written, to save a write). */
  private readonly claimed = new Map<string, number>();
  /** Queued jobs in order (this process owns the file, so the queue can live in memory). */
  private queue: JobRecord[] = [];
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly writes = new GroupCommit<Statements>(() =>
    this.db && this.sql ? { db: this.db, sql: this.sql } : null,
  );
  /** Jobs queued or running (counted here: a COUNT per call would grow with the backlog). */
  private unfinished = 0;
  private closing = false;

  constructor(
    private readonly file: string,
    concurrency: number,
  ) {
    this.running = new WorkPool(concurrency, () => this.pump());
  }

  private open(): Statements {
    if (this.sql) return this.sql;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL"); // durable across a process crash (kill -9); WAL is fsynced at checkpoints
    db.exec(SCHEMA);
    this.db = db;
    this.sql = prepare(db);
    this.unfinished = this.sql.count.get()?.n ?? 0;
    return this.sql;
  }

  async start(worker: JobWorker): Promise<void> {
    this.worker = worker;
    if (!existsSync(this.file)) return;
    const sql = this.open();
    for (const job of sql.byStatus.all("running").map(parse)) {
      if (job) this.save(sql, { ...job, status: "queued", updatedAt: Date.now() });
    }
    this.queue.push(
      ...sql.nextQueued
        .all()
        .map(parse)
        .filter((job) => job !== null),
    );
    for (const job of sql.byStatus.all("delivering").map(parse)) if (job) this.scheduleDelivery(job);
    this.pump();
  }

  async add(job: JobRecord, limit: number): Promise<boolean> {
    this.open();
    if (this.unfinished >= limit) return false; // counted before the first await: concurrent adds see each other
    this.unfinished++;
    await this.commit((sql) =>
      sql.insert.run(job.id, job.status, job.createdAt, job.finishedAt, JSON.stringify(job.body), dataOf(job)),
    );
    this.queue.push(job);
    this.pump();
    return true;
  }

  async adopt(job: JobRecord, outcome: Promise<Outcome>): Promise<void> {
    const running = { ...job, status: "running" as const, startedAt: job.startedAt ?? Date.now() };
    this.open();
    this.unfinished++;
    await this.commit((sql) =>
      sql.insert.run(
        running.id,
        running.status,
        running.createdAt,
        null,
        JSON.stringify(running.body),
        dataOf(running),
      ),
    );
    this.running.adopt(async () => {
      const settled = this.requireWorker().settle(running, await outcome);
      await this.afterRun(settled);
    });
  }

  async get(id: string): Promise<JobRecord | null> {
    return this.sql ? this.withClaim(parse(this.sql.get.get(id))) : null;
  }

  async list({ status, limit, offset }: JobQuery): Promise<JobRecord[]> {
    if (!this.sql) return [];
    if (status === "queued" || status === "running") {
      // a queued row may be running here: filter after the overlay (at most concurrency + backlog rows)
      const unfinished = this.sql.allUnfinished.all().map((row) => this.withClaim(parse(row)));
      return unfinished.filter((job): job is JobRecord => job?.status === status).slice(offset, offset + limit);
    }
    const rows = status ? this.sql.listStatus.all(status, limit, offset) : this.sql.list.all(limit, offset);
    return rows
      .map(parse)
      .filter((job) => job !== null)
      .map((job) => this.withClaim(job) ?? job);
  }

  /** A queued job that runs here is shown as running. */
  private withClaim(job: JobRecord | null): JobRecord | null {
    const startedAt = job && job.status === "queued" ? this.claimed.get(job.id) : undefined;
    return job && startedAt !== undefined ? { ...job, status: "running", startedAt } : job;
  }

  /** Every status, counted with one GROUP BY; queued rows whose command runs here count as running. */
  async countByStatus(): Promise<Record<JobStatus, number>> {
    const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
    if (!this.sql) return counts; // no job yet: the file is created by the first one
    for (const { status, n } of this.sql.countByStatus.all()) counts[status] = n;
    // a claim is dropped in the same turn as its row leaves "queued", so claims are queued rows
    const claimed = Math.min(this.claimed.size, counts.queued);
    counts.queued -= claimed;
    counts.running += claimed;
    return counts;
  }

  async transition(job: JobRecord, from: readonly JobStatus[]): Promise<boolean> {
    // read and written in one synchronous step of the group commit: nothing comes between
    const saved = await this.commit((sql) => {
      const before = parse(sql.get.get(job.id))?.status;
      if (before === undefined || !from.includes(before)) return false;
      if ((before === "queued" || before === "running") && job.status !== "queued" && job.status !== "running") {
        this.unfinished--;
      }
      this.save(sql, job);
      if (job.status === "cancelled") this.claimed.delete(job.id); // its command is being aborted
      return true;
    });
    if (!saved) return false;
    if (job.status === "delivering") this.scheduleDelivery(job);
    if (job.status === "cancelled") {
      this.queue = this.queue.filter((queued) => queued.id !== job.id);
      clearTimeout(this.retryTimers.get(job.id));
      this.retryTimers.delete(job.id);
    }
    return true;
  }

  async purge(before: number): Promise<number> {
    return this.sql ? this.sql.purge.run(before).changes : 0;
  }

  async close(deadline: number): Promise<void> {
    this.closing = true;
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.drained(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      }),
    ]);
    clearTimeout(timer);
    this.flush();
    this.db?.close(); // jobs still running stay "running" in the file and run again at the next start
    this.db = null;
    this.sql = null;
  }

  /** Resolves when no command runs and no callback is in flight (a finished run starts a delivery). */
  private async drained(): Promise<void> {
    while (this.running.busy() || this.delivering.busy()) {
      await Promise.all([this.running.drained(), this.delivering.drained()]);
    }
  }

  private requireWorker(): JobWorker {
    if (!this.worker) throw new Error("The job store was used before start()");
    return this.worker;
  }

  /** Run `write` in the next group commit (see group-commit.ts). */
  private commit<T>(write: (sql: Statements) => T): Promise<T | undefined> {
    return this.writes.run(write);
  }

  private flush(): void {
    this.writes.flush();
  }

  /** Save a job; with `guard`, only when no operator cancelled it meanwhile. True when saved. */
  private save(sql: Statements, job: JobRecord, guard = false): boolean {
    const statement = guard ? sql.saveUnlessCancelled : sql.save;
    return statement.run(job.status, job.finishedAt, dataOf(job), job.id).changes > 0;
  }

  /** Start queued jobs while slots are free. */
  private pump(): void {
    if (!this.sql || this.closing) return;
    while (this.running.free() > 0) {
      const queued = this.queue.shift();
      if (!queued) return;
      const job = { ...queued, status: "running" as const, startedAt: Date.now(), updatedAt: Date.now() };
      this.claimed.set(job.id, job.startedAt);
      this.running.adopt(async () => {
        const settled = await this.requireWorker().run(job, NEVER);
        await this.afterRun(settled);
      });
    }
  }

  private async afterRun(job: JobRecord): Promise<void> {
    const saved = await this.commit((sql) => {
      const written = this.save(sql, job, true);
      this.claimed.delete(job.id); // with the write, so countByStatus never sees a claim without its queued row
      return written;
    }); // closed: stays "running", runs again
    this.claimed.delete(job.id);
    if (saved) this.unfinished--;
    if (saved && job.status === "delivering") this.deliver(job);
  }

  private scheduleDelivery(job: JobRecord): void {
    clearTimeout(this.retryTimers.get(job.id));
    const delay = Math.max(0, (job.nextAttemptAt ?? 0) - Date.now());
    this.retryTimers.set(
      job.id,
      setTimeout(() => {
        this.retryTimers.delete(job.id);
        const current = parse(this.sql?.get.get(job.id));
        if (current?.status === "delivering") this.deliver(current);
      }, delay),
    );
  }

  private deliver(job: JobRecord): void {
    this.delivering.submit(async () => {
      if (!this.sql) return;
      const next = await this.requireWorker().deliver(job);
      const saved = await this.commit((sql) => this.save(sql, next, true));
      if (saved && next.status === "delivering" && !this.closing) this.scheduleDelivery(next);
    });
  }
}
