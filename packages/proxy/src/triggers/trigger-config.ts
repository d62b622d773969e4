/**
 * The `triggers` section of the proxy configuration: by trigger id, one source key (`webhook`,
 * `mqtt`, `amqp`, `nats`, `http` or a trigger another connector ships) with that trigger's
 * settings, and what becomes of each event: the engine message it is delivered as (or a generic
 * HTTP delivery), the JSONata mappings of its payload and id, and the retry policy.
 */
import { z } from "@connector-proxy/sdk";

const httpDeliverySchema = z.strictObject({
  type: z.literal("http"),
  url: z.url({ protocol: /^https?$/ }).describe("Where each event's payload is sent"),
  method: z.enum(["POST", "PUT", "PATCH"]).default("POST"),
  headers: z
    .record(z.string(), z.string())
    .default({})
    .describe("Headers of every delivery (use ${ENV_VAR} for credentials)"),
});

/** The options every trigger has; any other key is the trigger's source. */
export const triggerOptionsSchema = z.object({
  message: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The engine message each event is delivered as: POST {engine.api_url}/messages/{message} (a `/` is sent as `:`)",
    ),
  delivery: httpDeliverySchema
    .optional()
    .describe("Instead of `message`: send each event's payload to any HTTP endpoint (engines other than Arena)"),
  payload: z
    .string()
    .optional()
    .describe(
      "JSONata expression over the event's body building the message payload ($meta: topic, headers...); default: the body",
    ),
  event_id: z
    .string()
    .optional()
    .describe(
      "JSONata expression giving the event's id, by which duplicates are dropped; default: the source's own id",
    ),
  time_to_live_in_seconds: z
    .number()
    .int()
    .min(0)
    .max(300)
    .default(60)
    .describe("How long Arena buffers a message no process waits for yet"),
  execution_mode: z.enum(["synchronous", "asynchronous"]).optional().describe("Arena's execution_mode for the message"),
  timeout_seconds: z.number().positive().default(30).describe("Timeout of one delivery attempt"),
  retry_initial_seconds: z.number().positive().default(1).describe("First retry delay (doubles, with jitter)"),
  retry_max_seconds: z.number().positive().default(300).describe("Longest delay between two delivery attempts"),
  delivery_period_hours: z
    .number()
    .positive()
    .default(24)
    .describe("How long an event is retried (network errors, 5xx, 429) before it is dead"),
});

export const OPTION_KEYS = new Set(Object.keys(triggerOptionsSchema.shape));

export const triggerSettingsSchema = triggerOptionsSchema
  .catchall(z.unknown())
  .describe(
    "One trigger: exactly one source key with its settings (webhook, mqtt, amqp, nats, http: see docs/triggers.md) and the options below",
  );

export const triggersConfigSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, "a trigger id uses letters, digits, _ . -"), triggerSettingsSchema)
  .default({})
  .describe("Inbound events by trigger id: a source (webhook, mqtt, amqp, nats, http polling) and the engine message");

export type TriggerOptions = z.output<typeof triggerOptionsSchema>;
export type HttpDelivery = z.output<typeof httpDeliverySchema>;
export type TriggersConfig = z.output<typeof triggersConfigSchema>;
