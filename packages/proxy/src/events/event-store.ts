/**
 * The interface both durable event stores implement (SQLite in this process, BullMQ on Redis
 * for replicas), in the same family as the job stores. A store persists events, drops
 * duplicates, and decides WHEN a delivery is attempted; the worker decides WHAT happens.
 * It also keeps the little state sources need across restarts (a poll cursor) and, with
 * Redis, the lease that lets one replica at a time poll.
 */
import type { EventRecord, EventStatus } from "./event-record.js";

export interface EventWorker {
  /** One delivery attempt; resolves with the event delivered, dead, or delivering again at `nextAttemptAt`. */
  deliver(event: EventRecord): Promise<EventRecord>;
}

export interface EventQuery {
  trigger?: string;
  status?: EventStatus;
  limit: number;
  offset: number;
}

export interface EventStore {
  readonly kind: "sqlite" | "redis";
  /** Begin delivering, first resuming what a dead process left undelivered. */
  start(worker: EventWorker): Promise<void>;
  /** Persist a new event: durable once this resolves. False when an event with its id is already stored. */
  add(event: EventRecord): Promise<boolean>;
  get(id: string): Promise<EventRecord | null>;
  /** Newest first. */
  list(query: EventQuery): Promise<EventRecord[]>;
  /** Store an operator's change (a retry) and act on it. */
  update(event: EventRecord): Promise<void>;
  countByStatus(): Promise<Partial<Record<EventStatus, number>>>;
  /** Remove delivered events last changed before `before` (epoch ms): their ids may come again after. */
  purge(before: number): Promise<number>;
  /** A source's saved state (a poll cursor), or null. */
  readState(key: string): Promise<string | null>;
  writeState(key: string, value: string): Promise<void>;
  /**
   * Hold (or keep holding) the lease `key` for `ttlMs`; true while this process holds it. A store
   * used by one process (SQLite) always holds it.
   */
  lease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Give the lease `key` up if `owner` holds it (a replica stopping hands polling over at once). */
  release(key: string, owner: string): Promise<void>;
  /** Stop delivering; let attempts in flight finish until `deadline` (epoch ms). */
  close(deadline: number): Promise<void>;
}
