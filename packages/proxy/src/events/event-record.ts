/**
 * One inbound event as the store keeps it: what the source handed over (body and meta), the
 * trigger it came through, and where its delivery to the engine stands. Its `id` is derived
 * from the trigger and the source's event id, so the same event arriving twice is one row.
 */
import { redact } from "@connector-proxy/sdk";

export const EVENT_STATUSES = ["received", "delivering", "delivered", "dead"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface EventRecord {
  /** UUID derived from trigger and event id (see event-ids.ts). */
  id: string;
  trigger: string;
  /** The source's id of the event (or the trigger's event_id mapping); random when it has none. */
  eventId: string;
  status: EventStatus;
  /** Delivery attempts so far (all retries included). */
  attempts: number;
  /** Manual retries after the engine refused the message (each sends it under a new uuid). */
  retries: number;
  /** The `message_instance_uuid` of the next attempt. */
  messageUuid: string;
  lastError: string | null;
  /** HTTP status of the engine's last answer, null before any or after a network error. */
  lastStatus: number | null;
  body: unknown;
  meta: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
  nextAttemptAt: number | null;
  /** After this (epoch ms) a failing delivery is given up (dead). */
  deliverBy: number | null;
}

export const FINAL_EVENT_STATUSES: readonly EventStatus[] = ["delivered", "dead"];

export const isEventStatus = (value: string): value is EventStatus =>
  (EVENT_STATUSES as readonly string[]).includes(value);

/** How the operations API shows an event; the body only when asked for one event, with secrets masked. */
export function publicEvent(event: EventRecord, withBody = false) {
  return {
    id: event.id,
    trigger: event.trigger,
    event_id: event.eventId,
    status: event.status,
    attempts: event.attempts,
    retries: event.retries,
    message_instance_uuid: event.messageUuid,
    last_error: event.lastError,
    last_status: event.lastStatus,
    created_at: new Date(event.createdAt).toISOString(),
    updated_at: new Date(event.updatedAt).toISOString(),
    delivered_at: event.deliveredAt === null ? null : new Date(event.deliveredAt).toISOString(),
    next_attempt_at: event.nextAttemptAt === null ? null : new Date(event.nextAttemptAt).toISOString(),
    ...(withBody ? { body: redact(event.body), meta: redact(event.meta) } : {}),
  };
}
