/**
 * The default event store: one SQLite file (better-sqlite3, WAL) owned by this process, beside
 * the job database. An event is written before its source hears it was accepted (webhook 202,
 * broker ack, poll cursor); on start, events a dead process left undelivered are delivered.
 * Writes are group-committed: one transaction per event-loop turn, awaited by each caller.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { GroupCommit } from "../jobs/group-commit.js";
import { WorkPool } from "../jobs/work-pool.js";
import type { EventRecord, EventStatus } from "./event-record.js";
import type { EventQuery, EventStore, EventWorker } from "./event-store.js";
import { type EventStatements, parseEvent, prepareEvents, SCHEMA } from "./sqlite-event-statements.js";

/** Deliveries in flight at once (each is one HTTP request to the engine). */
const DELIVERY_CONCURRENCY = 64;

export class SqliteEventStore implements EventStore {
  readonly kind = "sqlite";
  private db: Database.Database | null = null;
  private sql: EventStatements | null = null;
  private worker: EventWorker | null = null;
  private readonly delivering = new WorkPool(DELIVERY_CONCURRENCY);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly writes = new GroupCommit<EventStatements>(() =>
    this.db && this.sql ? { db: this.db, sql: this.sql } : null,
  );
  private closing = false;

  constructor(private readonly file: string) {}

  private open(): EventStatements {
    if (this.sql) return this.sql;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL"); // durable across a process crash (kill -9)
    db.exec(SCHEMA);
    this.db = db;
    this.sql = prepareEvents(db);
    return this.sql;
  }

  async start(worker: EventWorker): Promise<void> {
    this.worker = worker;
    const sql = this.open();
    for (const event of sql.unfinished.all().map(parseEvent)) if (event) this.schedule(event);
  }

  async add(event: EventRecord): Promise<boolean> {
    this.open();
    const added = await this.commit(
      (sql) =>
        sql.insert.run(event.id, event.trigger, event.status, event.createdAt, event.updatedAt, JSON.stringify(event))
          .changes > 0,
    );
    if (added === undefined) throw new Error("The event store is closed: the event was not stored");
    if (added) this.schedule(event);
    return added;
  }

  async get(id: string): Promise<EventRecord | null> {
    return parseEvent(this.open().get.get(id));
  }

  async list({ trigger, status, limit, offset }: EventQuery): Promise<EventRecord[]> {
    const rows = this.open().list.all({ trigger: trigger ?? null, status: status ?? null, limit, offset });
    return rows.map(parseEvent).filter((event) => event !== null);
  }

  async update(event: EventRecord): Promise<void> {
    await this.commit((sql) => this.save(sql, event));
    this.schedule(event);
  }

  async countByStatus(): Promise<Partial<Record<EventStatus, number>>> {
    const counts: Partial<Record<EventStatus, number>> = {};
    for (const { status, n } of this.open().countByStatus.all()) counts[status] = n;
    return counts;
  }

  async purge(before: number): Promise<number> {
    return this.open().purge.run(before).changes;
  }

  async readState(key: string): Promise<string | null> {
    return this.open().readState.get(key)?.value ?? null;
  }

  async writeState(key: string, value: string): Promise<void> {
    this.open();
    await this.commit((sql) => sql.writeState.run(key, value));
  }

  async lease(): Promise<boolean> {
    return true; // one process owns the file
  }

  async release(): Promise<void> {}

  async close(deadline: number): Promise<void> {
    this.closing = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.delivering.drained(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      }),
    ]);
    clearTimeout(timer);
    this.flush();
    this.db?.close(); // undelivered events stay in the file and are delivered at the next start
    this.db = null;
    this.sql = null;
  }

  /** Run `write` in the next group commit (see group-commit.ts). */
  private commit<T>(write: (sql: EventStatements) => T): Promise<T | undefined> {
    return this.writes.run(write);
  }

  private flush(): void {
    this.writes.flush();
  }

  private save(sql: EventStatements, event: EventRecord): void {
    sql.save.run(event.status, event.updatedAt, JSON.stringify(event), event.id);
  }

  /** Attempt delivery of an unfinished event now, or at its `nextAttemptAt`. */
  private schedule(event: EventRecord): void {
    if (this.closing || (event.status !== "received" && event.status !== "delivering")) return;
    clearTimeout(this.timers.get(event.id));
    this.timers.delete(event.id);
    const delay = (event.nextAttemptAt ?? 0) - Date.now();
    if (delay <= 0) {
      this.deliver(event);
      return;
    }
    this.timers.set(
      event.id,
      setTimeout(() => {
        this.timers.delete(event.id);
        this.deliver(event);
      }, delay),
    );
  }

  private deliver(event: EventRecord): void {
    const worker = this.worker;
    if (!worker) return;
    this.delivering.submit(async () => {
      if (this.closing) return;
      const next = await worker.deliver(event);
      await this.commit((sql) => this.save(sql, next));
      this.schedule(next);
    });
  }
}
