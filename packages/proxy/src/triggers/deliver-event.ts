/**
 * One delivery attempt of an event: map its payload, send it to its target, and decide what
 * comes next. 2xx (Arena's 200 matched/started and 202 buffered) → delivered. Network errors,
 * timeouts, 5xx and 429 → retried with backoff (or after `Retry-After`) until the delivery
 * period is over. Any other 4xx → dead at once: Arena remembers a `message_instance_uuid` it
 * answered 400 `message_not_accepted`, so retrying it could never succeed.
 */
import type { Dispatcher } from "undici";
import type { EventRecord } from "../events/event-record.js";
import { backoffMs, type DeliveryPolicy, retryAfterMs } from "../jobs/callback-delivery.js";
import type { DeliveryTarget } from "./delivery-targets.js";
import type { Mapping } from "./mapping.js";

const SNIPPET = 300;

export interface DeliveryPlan {
  target: DeliveryTarget;
  payload: Mapping | null;
  policy: DeliveryPolicy;
}

const dead = (event: EventRecord, attempts: number, lastError: string, lastStatus: number | null): EventRecord => ({
  ...event,
  status: "dead",
  attempts,
  lastError,
  lastStatus,
  nextAttemptAt: null,
  updatedAt: Date.now(),
});

/** Attempt delivery of `event`; resolves with its next state (never throws). */
export async function deliverEvent(
  event: EventRecord,
  plan: DeliveryPlan,
  dispatcher: Dispatcher,
): Promise<EventRecord> {
  const { target, policy } = plan;
  const now = Date.now();
  const attempts = event.attempts + 1;
  const deliverBy = event.deliverBy ?? now + policy.periodMs;
  let payload: unknown;
  try {
    payload = plan.payload ? await plan.payload.evaluate(event.body, event.meta) : event.body;
  } catch (error) {
    return dead(event, attempts, `${(error as Error).message} (fix the mapping, then retry the event)`, null);
  }
  let failure: string;
  let status: number | null = null;
  let waitMs: number | null = null;
  try {
    const request = await target.request(event, payload);
    const response = await dispatcher.request({
      origin: request.url.origin,
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      headersTimeout: policy.timeoutMs,
      bodyTimeout: policy.timeoutMs,
    });
    status = response.statusCode;
    if (status >= 200 && status < 300) {
      await response.body.dump();
      return {
        ...event,
        status: "delivered",
        attempts,
        deliverBy,
        lastError: null,
        lastStatus: status,
        nextAttemptAt: null,
        deliveredAt: Date.now(),
        updatedAt: Date.now(),
      };
    }
    const text = (await response.body.text().catch(() => "")).slice(0, SNIPPET);
    failure = `${target.label} answered ${status}${text ? `: ${text}` : ""}`;
    if (status === 401) target.unauthorized();
    if (status !== 429 && status < 500) {
      const fix =
        status === 400
          ? "the engine refused the message; POST /v1/events/{id}/retry sends it again under a new message_instance_uuid"
          : "fix the engine URL or credentials, then POST /v1/events/{id}/retry";
      return {
        ...dead(event, attempts, `${failure} (not retried: ${fix.replace("{id}", event.id)})`, status),
        deliverBy,
      };
    }
    waitMs = retryAfterMs(response.headers["retry-after"], now);
  } catch (error) {
    failure = `${target.label} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const next = Date.now() + (waitMs ?? backoffMs(attempts, policy));
  if (next > deliverBy)
    return { ...dead(event, attempts, `${failure} (gave up after ${attempts} attempts)`, status), deliverBy };
  return {
    ...event,
    status: "delivering",
    attempts,
    deliverBy,
    lastError: failure,
    lastStatus: status,
    nextAttemptAt: next,
    updatedAt: Date.now(),
  };
}
