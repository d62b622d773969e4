/**
 * Runs the triggers that fetch their own events: subscriptions stay subscribed (subscribing
 * again with backoff when the broker is down or the connection ends), pollers poll at their
 * interval, one replica at a time (the store's lease: with Redis, replicas take turns; with
 * SQLite, one process owns the file), their cursor saved after the round's events are stored.
 */
import { randomUUID } from "node:crypto";
import type { SourceContext, TriggerEventInput } from "@connector-proxy/sdk";
import type { EventStore } from "../events/event-store.js";
import type { Logger } from "../log/logger.js";
import type { ConfiguredTrigger } from "./configure-triggers.js";

/** Where a source stands, for GET /v1/triggers. */
export interface SourceState {
  state: "connecting" | "subscribed" | "polling" | "standby";
  /** Why the last attempt to subscribe or poll failed (cleared by the next success). */
  last_error: string | null;
}

export type Receive = (trigger: ConfiguredTrigger, input: TriggerEventInput) => Promise<unknown>;

const MAX_BACKOFF_MS = 30_000;

export class SourceRunner {
  private readonly controller = new AbortController();
  /** Resolves when the runner stops. */
  private readonly stopped = new Promise<"stopped">((resolve) =>
    this.controller.signal.addEventListener("abort", () => resolve("stopped"), { once: true }),
  );
  private readonly loops: Promise<void>[] = [];
  /** This process's name in leases. */
  private readonly owner = randomUUID();
  private readonly states = new Map<string, SourceState>();

  constructor(
    private readonly triggers: readonly ConfiguredTrigger[],
    private readonly store: EventStore,
    private readonly receive: Receive,
    private readonly logger: Logger,
  ) {}

  start(): void {
    for (const trigger of this.triggers) {
      const kind = trigger.kind.trigger.kind;
      if (kind === "subscription") this.loops.push(this.subscribeLoop(trigger));
      if (kind === "poller") this.loops.push(this.pollLoop(trigger));
    }
  }

  /** Where the source of trigger `id` stands; undefined for a webhook. */
  state(id: string): SourceState | undefined {
    return this.states.get(id);
  }

  private setState(id: string, state: SourceState["state"], error: unknown = null): void {
    const message = error === null ? null : error instanceof Error ? error.message : String(error);
    this.states.set(id, { state, last_error: message });
  }

  async close(): Promise<void> {
    this.controller.abort();
    await Promise.all(this.loops);
  }

  private context(trigger: ConfiguredTrigger): SourceContext {
    return {
      triggerId: trigger.id,
      signal: this.controller.signal,
      emit: async (input) => {
        try {
          await this.receive(trigger, input);
        } catch (error) {
          if ((error as Error).name !== "InvalidEventError") throw error; // not stored: the source must not acknowledge
          this.logger.warn({ trigger: trigger.id, err: error }, "event dropped: it has no usable event id");
        }
      },
      log: (message) => this.logger.info({ trigger: trigger.id }, message),
    };
  }

  private async subscribeLoop(trigger: ConfiguredTrigger): Promise<void> {
    const definition = trigger.kind.trigger;
    if (definition.kind !== "subscription") return;
    const { signal } = this.controller;
    let failures = 0;
    this.setState(trigger.id, "connecting");
    while (!signal.aborted) {
      try {
        const subscription = await definition.subscribe(trigger.settings, this.context(trigger));
        if (signal.aborted) {
          await subscription.close();
          return;
        }
        failures = 0;
        this.setState(trigger.id, "subscribed");
        this.logger.info({ trigger: trigger.id, source: trigger.source }, "trigger subscribed");
        const ended = subscription.ended.then(
          () => "ended" as const,
          () => "ended" as const,
        );
        const why = await Promise.race([ended, this.stopped]);
        await subscription.close().catch(() => {});
        if (why === "stopped") return;
        this.setState(trigger.id, "connecting", "the subscription ended");
        this.logger.warn({ trigger: trigger.id }, "trigger subscription ended: subscribing again");
      } catch (error) {
        failures++;
        this.setState(trigger.id, "connecting", error);
        this.logger.warn({ trigger: trigger.id, err: error }, "trigger could not subscribe: trying again");
      }
      await this.pause(Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures));
    }
  }

  private async pollLoop(trigger: ConfiguredTrigger): Promise<void> {
    const definition = trigger.kind.trigger;
    if (definition.kind !== "poller") return;
    const { signal } = this.controller;
    const intervalMs = definition.intervalMs(trigger.settings);
    const key = `trigger:${trigger.id}`;
    const leaseMs = Math.max(3 * intervalMs, 30_000);
    this.setState(trigger.id, "standby");
    while (!signal.aborted) {
      try {
        const held = await this.store.lease(`${key}:lease`, this.owner, leaseMs);
        if (!held) this.setState(trigger.id, "standby");
        if (held) {
          const cursor = await this.store.readState(`${key}:cursor`);
          const result = await definition.poll(trigger.settings, { ...this.context(trigger), cursor });
          if (result.cursor !== undefined && result.cursor !== null && result.cursor !== cursor) {
            await this.store.writeState(`${key}:cursor`, result.cursor);
          }
          this.setState(trigger.id, "polling");
        }
      } catch (error) {
        this.setState(trigger.id, "polling", error);
        if (!signal.aborted) this.logger.warn({ trigger: trigger.id, err: error }, "trigger poll failed");
      }
      await this.pause(intervalMs);
    }
    await this.store.release(`${key}:lease`, this.owner).catch(() => {}); // expires on its own otherwise
  }

  /** Wait `ms`, or less when the runner stops. */
  private pause(ms: number): Promise<void> {
    const { signal } = this.controller;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    });
  }
}
