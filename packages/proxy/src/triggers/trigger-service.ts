/**
 * The trigger service: takes events from webhooks and sources, stores each durably (dropping
 * duplicates) before its source hears it was accepted, has the store deliver it to the engine,
 * and answers the operations API. The store (SQLite or BullMQ on Redis) decides when a
 * delivery is attempted; deliver-event.ts decides what an attempt does.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { redactText, type TriggerEventInput } from "@connector-proxy/sdk";
import type { Dispatcher } from "undici";
import type { EventRecord } from "../events/event-record.js";
import type { EventQuery, EventStore } from "../events/event-store.js";
import { SqliteEventStore } from "../events/sqlite-event-store.js";
import type { Logger } from "../log/logger.js";
import { metrics } from "../observability/metrics.js";
import type { ConfiguredTrigger } from "./configure-triggers.js";
import { deliverEvent } from "./deliver-event.js";
import { eventRecordId, retryMessageUuid } from "./event-ids.js";
import { SourceRunner, type SourceState } from "./source-runner.js";

export interface TriggerServiceOptions {
  triggers: readonly ConfiguredTrigger[];
  /** Where `events.sqlite` lives (the jobs' data folder). */
  dataDir: string;
  redisUrl: string | undefined;
  redisPrefix: string;
  retentionHours: number;
  logger: Logger;
  secrets: ReadonlySet<string>;
}

/** An event its trigger cannot store (its event_id expression gave no id). */
export class InvalidEventError extends Error {
  override name = "InvalidEventError";
}

export type RetryAnswer = { event: EventRecord } | { error: "EventNotFound" | "EventNotRetryable"; message: string };

const HOUR = 3_600_000;

export class TriggerService {
  private readonly byId: Map<string, ConfiguredTrigger>;
  private sources: SourceRunner | null = null;
  private purgeTimer: NodeJS.Timeout | null = null;
  private pool: Promise<Dispatcher> | undefined;
  private readonly dispatcher = () =>
    (this.pool ??= import("undici").then(({ Agent }) => new Agent({ keepAliveTimeout: 10_000, connections: 64 })));

  private constructor(
    private readonly options: TriggerServiceOptions,
    /** Null when no trigger is configured and no event was ever stored here. */
    private readonly store: EventStore | null,
  ) {
    this.byId = new Map(options.triggers.map((trigger) => [trigger.id, trigger]));
  }

  /** Open the store (Redis when CONNECTOR_PROXY_REDIS_URL is set, else SQLite), resume deliveries, start sources. */
  static async create(options: TriggerServiceOptions): Promise<TriggerService> {
    const file = path.join(options.dataDir, "events.sqlite");
    let store: EventStore | null = null;
    if (options.redisUrl && options.triggers.length > 0) {
      const { BullmqEventStore } = await import("../events/bullmq-event-store.js");
      store = new BullmqEventStore(options.redisUrl, options.redisPrefix);
    } else if (!options.redisUrl && (options.triggers.length > 0 || existsSync(file))) {
      store = new SqliteEventStore(file);
    }
    const service = new TriggerService(options, store);
    if (!store) return service;
    await store.start({ deliver: (event) => service.deliver(event) });
    service.sources = new SourceRunner(
      options.triggers,
      store,
      (trigger, input) => service.receive(trigger, input),
      options.logger,
    );
    service.sources.start();
    const purge = () =>
      void store
        .purge(Date.now() - options.retentionHours * HOUR)
        .catch((error: unknown) => options.logger.warn({ err: error }, "purging old events failed"));
    purge();
    service.purgeTimer = setInterval(purge, HOUR);
    service.purgeTimer.unref();
    return service;
  }

  get storeKind(): EventStore["kind"] | null {
    return this.store?.kind ?? null;
  }

  list(): readonly ConfiguredTrigger[] {
    return this.options.triggers;
  }

  /** Where a subscription or poller stands (undefined for webhooks). */
  sourceState(id: string): SourceState | undefined {
    return this.sources?.state(id);
  }

  trigger(id: string): ConfiguredTrigger | undefined {
    return this.byId.get(id);
  }

  /**
   * Store one event of `trigger` (durable once this resolves). `duplicate` when its id was
   * stored before. Throws InvalidEventError when its event_id expression gives no id.
   */
  async receive(
    trigger: ConfiguredTrigger,
    input: TriggerEventInput,
  ): Promise<{ event: EventRecord; duplicate: boolean }> {
    const store = this.requireStore();
    const meta = input.meta ?? {};
    let eventId = input.id;
    if (trigger.eventId) {
      const value = await trigger.eventId.evaluate(input.body, meta).catch((error: Error) => error);
      if ((typeof value !== "string" && typeof value !== "number") || value === "") {
        metrics.events.inc({ trigger: trigger.id, result: "rejected" });
        const why = value instanceof Error ? value.message : "it gave no string or number for this event";
        throw new InvalidEventError(`triggers.${trigger.id}.event_id (${trigger.options.event_id}): ${why}`);
      }
      eventId = String(value);
    }
    eventId ??= randomUUID();
    const now = Date.now();
    const id = eventRecordId(trigger.id, eventId);
    const event: EventRecord = {
      id,
      trigger: trigger.id,
      eventId,
      status: "received",
      attempts: 0,
      retries: 0,
      messageUuid: id,
      lastError: null,
      lastStatus: null,
      body: input.body,
      meta,
      createdAt: now,
      updatedAt: now,
      deliveredAt: null,
      nextAttemptAt: null,
      deliverBy: null,
    };
    const added = await store.add(event);
    metrics.events.inc({ trigger: trigger.id, result: added ? "received" : "duplicate" });
    this.options.logger.debug(
      { trigger: trigger.id, event: id, event_id: eventId, duplicate: !added },
      "event received",
    );
    return { event, duplicate: !added };
  }

  async get(id: string): Promise<EventRecord | null> {
    return this.store ? this.store.get(id) : null;
  }

  async query(query: EventQuery): Promise<EventRecord[]> {
    return this.store ? this.store.list(query) : [];
  }

  /** Deliver a dead event again: under a new message_instance_uuid when the engine refused the old one. */
  async retry(id: string): Promise<RetryAnswer> {
    const event = await this.get(id);
    if (!event || !this.store)
      return { error: "EventNotFound", message: `No event "${id}": GET /v1/events lists them` };
    if (event.status !== "dead") {
      return {
        error: "EventNotRetryable",
        message: `Event "${id}" is ${event.status}: only dead events can be retried`,
      };
    }
    const refused = event.lastStatus === 400;
    const retries = refused ? event.retries + 1 : event.retries;
    const next: EventRecord = {
      ...event,
      status: "received",
      retries,
      messageUuid: refused ? retryMessageUuid(event.id, retries) : event.messageUuid,
      nextAttemptAt: null,
      deliverBy: null,
      updatedAt: Date.now(),
    };
    await this.store.update(next);
    this.options.logger.info({ trigger: event.trigger, event: id }, "dead event retried by an operator");
    return { event: next };
  }

  async countByStatus() {
    return this.store ? this.store.countByStatus() : {};
  }

  async close(deadline: number): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.sources?.close();
    await this.store?.close(deadline);
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).close().catch(() => {});
  }

  private requireStore(): EventStore {
    if (!this.store) throw new Error("No event store: no trigger is configured");
    return this.store;
  }

  private async deliver(event: EventRecord): Promise<EventRecord> {
    const trigger = this.byId.get(event.trigger);
    if (!trigger) {
      return {
        ...event,
        status: "dead",
        lastError: `trigger "${event.trigger}" is no longer configured (configure it again, then retry the event)`,
        nextAttemptAt: null,
        updatedAt: Date.now(),
      };
    }
    const attempted = await deliverEvent(event, trigger.plan, await this.dispatcher());
    const next = attempted.lastError
      ? { ...attempted, lastError: redactText(attempted.lastError, this.options.secrets) }
      : attempted;
    const line = { trigger: event.trigger, event: event.id, status: next.status, attempts: next.attempts };
    if (next.status === "delivered") {
      metrics.events.inc({ trigger: event.trigger, result: "delivered" });
      metrics.eventDelivery.observe(
        { trigger: event.trigger },
        ((next.deliveredAt ?? Date.now()) - event.createdAt) / 1000,
      );
      this.options.logger.debug(line, "event delivered");
    } else {
      if (next.status === "dead") metrics.events.inc({ trigger: event.trigger, result: "dead" });
      this.options.logger.warn({ ...line, last_error: next.lastError }, "event not delivered");
    }
    return next;
  }
}
