/**
 * The OpenAPI paths of inbound events: one `POST /v1/hooks/{trigger_id}` per configured webhook
 * trigger (outside the API key: the trigger's verification authenticates it), the trigger
 * catalogue and the events operations. Merged into the document by build-openapi. See docs/triggers.md.
 */
import { EVENT_STATUSES } from "../events/event-record.js";
import { ENVELOPE_REF } from "./wire-schemas.js";

/** A configured webhook trigger as the document describes it. */
export interface WebhookRoute {
  id: string;
  /** How requests prove their origin, e.g. `hmac_sha256 in X-Signature-256`. */
  verification: string;
  /** Where its events go, e.g. `message "orders:order_created"`. */
  destination: string;
}

const nullableTime = { type: ["string", "null"], format: "date-time" };

const EVENT_SCHEMA = {
  type: "object",
  description: "A stored inbound event (its body only on GET /v1/events/{id}, with credential keys masked)",
  properties: {
    id: { type: "string", format: "uuid", description: "Derived from trigger and event id" },
    trigger: { type: "string" },
    event_id: { type: "string" },
    status: { type: "string", enum: [...EVENT_STATUSES] },
    attempts: { type: "integer" },
    retries: { type: "integer", description: "Manual retries after the engine refused the message" },
    message_instance_uuid: { type: "string", format: "uuid" },
    last_error: { type: ["string", "null"] },
    last_status: { type: ["integer", "null"] },
    created_at: { type: "string", format: "date-time" },
    updated_at: { type: "string", format: "date-time" },
    delivered_at: nullableTime,
    next_attempt_at: nullableTime,
    body: {},
    meta: { type: "object" },
  },
  required: ["id", "trigger", "event_id", "status", "attempts"],
};

const json = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });
const fault = (description: string) => json(description, ENVELOPE_REF);
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };

function hookOperation(route: WebhookRoute) {
  return {
    post: {
      operationId: `hook.${route.id}`,
      summary: `Webhook of trigger "${route.id}"`,
      description: `Verified by ${route.verification}; each event becomes ${route.destination}. Answered 202 once the event is stored.`,
      tags: ["triggers"],
      security: [],
      requestBody: { required: true, content: { "*/*": { schema: {} } } },
      responses: {
        "200": { description: "A verified handshake answered without storing anything (Slack url_verification)" },
        "202": json("Stored (or a duplicate of a stored event)", {
          type: "object",
          properties: {
            accepted: { const: true },
            id: { type: "string" },
            event_id: { type: "string" },
            duplicate: { type: "boolean" },
          },
        }),
        "400": fault("InvalidEvent: the trigger's event_id expression gave no id"),
        "401": fault("WebhookUnauthorized: missing or wrong signature or token; nothing stored"),
        "413": fault("PayloadTooLarge"),
      },
    },
  };
}

export function triggerPaths(webhooks: readonly WebhookRoute[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    "/v1/triggers": {
      get: {
        operationId: "listTriggers",
        summary: "The configured triggers (source, destination, webhook route, state) and the trigger kinds on offer",
        tags: ["triggers"],
        responses: { "200": json("The trigger catalogue", { type: "object" }) },
      },
    },
    "/v1/events": {
      get: {
        operationId: "listEvents",
        summary: "Stored events, newest first, optionally by trigger and status",
        tags: ["triggers"],
        parameters: [
          { name: "trigger", in: "query", schema: { type: "string" } },
          { name: "status", in: "query", schema: { type: "string", enum: [...EVENT_STATUSES] } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
          { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
        ],
        responses: {
          "200": json("One page of events; `next_offset` is null on the last page", {
            type: "object",
            properties: { events: { type: "array", items: EVENT_SCHEMA }, next_offset: { type: ["integer", "null"] } },
          }),
          "400": fault("InvalidParameters: unknown status"),
        },
      },
    },
    "/v1/events/{id}": {
      get: {
        operationId: "getEvent",
        summary: "One event, with its body",
        tags: ["triggers"],
        parameters: [idParameter],
        responses: { "200": json("The event", EVENT_SCHEMA), "404": fault("EventNotFound") },
      },
    },
    "/v1/events/{id}/retry": {
      post: {
        operationId: "retryEvent",
        summary: "Deliver a dead event again (under a new message_instance_uuid when the engine refused the old one)",
        tags: ["triggers"],
        parameters: [idParameter],
        responses: {
          "202": json("Delivery restarted", EVENT_SCHEMA),
          "400": fault("EventNotRetryable"),
          "404": fault("EventNotFound"),
        },
      },
    },
  };
  for (const route of webhooks) paths[`/v1/hooks/${route.id}`] = hookOperation(route);
  return paths;
}
