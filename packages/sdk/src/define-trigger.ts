/**
 * `defineTrigger`: the inbound side of a connector, beside its commands. A trigger turns events
 * from the outside world into events the proxy stores durably and delivers to the engine. Three
 * kinds: a `webhook` verifies requests to `POST /v1/hooks/{trigger_id}`; a `subscription`
 * listens on a broker; a `poller` asks an endpoint at an interval. Settings are a zod schema,
 * checked at start-up and handed to the trigger typed.
 */
import { z } from "zod";
import type { JsonSchema } from "./define-command.js";
import { NAME_PATTERN } from "./define-command.js";
import { type Validation, validateWith } from "./validation.js";

export const TRIGGER_TYPE = "connector-proxy/trigger@1";

/** A request to a webhook route, as its verifier sees it. */
export interface WebhookRequest {
  /** One header by name (any case), `undefined` when absent. */
  header(name: string): string | undefined;
  /** The body exactly as received (UTF-8). Signatures are computed over this. */
  readonly body: string;
  /** Epoch milliseconds when the request arrived (for timestamp tolerances). */
  readonly receivedAt: number;
}

/**
 * A verifier's decision: store the event (optionally with the sender's own event id), refuse it
 * (401, nothing stored), or answer it without storing anything (a verified handshake such as
 * Slack's `url_verification`).
 */
export type WebhookVerdict =
  | { accept: true; eventId?: string }
  | { accept: false; reason: string }
  | { answer: { status: number; body: unknown } };

/** One event a source hands the proxy. */
export interface TriggerEventInput {
  /** The source's own id of the event, used to drop duplicates (else the trigger's `event_id` mapping). */
  id?: string;
  /** The event's content: what payload mappings read. */
  body: unknown;
  /** Facts about the delivery (topic, routing key, headers), readable as `$meta` in mappings. */
  meta?: Record<string, unknown>;
}

/** What a subscription or a poller gets from the proxy. */
export interface SourceContext {
  /** The trigger's id in the configuration (use it to name queue groups and shared subscriptions). */
  readonly triggerId: string;
  /** Fires when the proxy stops the source. */
  readonly signal: AbortSignal;
  /**
   * Store one event durably; resolves once it is stored (or recognised as a duplicate), and only
   * then may the source acknowledge it. Rejects when it could not be stored: do not acknowledge.
   */
  emit(event: TriggerEventInput): Promise<void>;
  /** A line in the proxy log (never log credentials). */
  log(message: string): void;
}

/** A running subscription. */
export interface Subscription {
  /** Settles when the subscription ends on its own (connection lost): the proxy subscribes again. */
  readonly ended: Promise<unknown>;
  /** Stop listening and release the connection. */
  close(): Promise<void>;
}

/** What a poller gets for one round. */
export interface PollContext extends SourceContext {
  /** The cursor the previous round returned (kept across restarts), or null on the first round. */
  readonly cursor: string | null;
}

/** The end of one poll round: the cursor to keep (saved after every emitted event is stored). */
export interface PollResult {
  cursor?: string | null;
}

interface TriggerBase<S extends z.ZodType> {
  /** The key that selects this trigger in a trigger's configuration (`mqtt: {...}`). */
  name: string;
  description: string;
  /** Schema of the settings under that key. */
  settings: S;
}

export type TriggerSpec<S extends z.ZodType> = TriggerBase<S> &
  (
    | {
        kind: "webhook";
        verify(request: WebhookRequest, settings: z.output<S>): WebhookVerdict | Promise<WebhookVerdict>;
      }
    | { kind: "subscription"; subscribe(settings: z.output<S>, ctx: SourceContext): Promise<Subscription> }
    | {
        kind: "poller";
        /** Milliseconds between two rounds. */
        intervalMs(settings: z.output<S>): number;
        poll(settings: z.output<S>, ctx: PollContext): Promise<PollResult>;
      }
  );

/** The runtime shape of a trigger, recognised across SDK copies by `$type`. */
export type Trigger = {
  readonly $type: typeof TRIGGER_TYPE;
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the settings (input side), as the catalogue publishes it. */
  readonly settingsSchema: JsonSchema;
  parseSettings(raw: unknown): Validation<unknown>;
} & (
  | { readonly kind: "webhook"; verify(request: WebhookRequest, settings: unknown): Promise<WebhookVerdict> }
  | { readonly kind: "subscription"; subscribe(settings: unknown, ctx: SourceContext): Promise<Subscription> }
  | {
      readonly kind: "poller";
      intervalMs(settings: unknown): number;
      poll(settings: unknown, ctx: PollContext): Promise<PollResult>;
    }
);

/**
 * Define a trigger.
 *
 * @example
 * export const subscribe = defineTrigger({
 *   name: "mqtt",
 *   kind: "subscription",
 *   description: "Messages on an MQTT topic",
 *   settings: z.object({ url: z.string(), topic: z.string() }),
 *   subscribe: async ({ url, topic }, ctx) => {
 *     const client = await connect(url);
 *     client.on("message", (t, payload) => void ctx.emit({ body: JSON.parse(String(payload)), meta: { topic: t } }));
 *     await client.subscribeAsync(topic);
 *     return { ended: once(client, "close"), close: () => client.endAsync() };
 *   },
 * });
 */
export function defineTrigger<S extends z.ZodType>(spec: TriggerSpec<S>): Trigger {
  if (!NAME_PATTERN.test(spec.name)) {
    throw new Error(`Trigger name "${spec.name}" must match ${NAME_PATTERN} (no slash, no spaces)`);
  }
  const base = {
    $type: TRIGGER_TYPE,
    name: spec.name,
    description: spec.description,
    settingsSchema: z.toJSONSchema(spec.settings, { io: "input", unrepresentable: "any" }) as JsonSchema,
    parseSettings: (raw: unknown) => validateWith(spec.settings, raw),
  } as const;
  type Settings = z.output<S>;
  switch (spec.kind) {
    case "webhook":
      return {
        ...base,
        kind: "webhook",
        verify: async (request, settings) => spec.verify(request, settings as Settings),
      };
    case "subscription":
      return { ...base, kind: "subscription", subscribe: (settings, ctx) => spec.subscribe(settings as Settings, ctx) };
    case "poller":
      return {
        ...base,
        kind: "poller",
        intervalMs: (settings) => spec.intervalMs(settings as Settings),
        poll: (settings, ctx) => spec.poll(settings as Settings, ctx),
      };
  }
}

/**
 * A message payload as event data: its JSON value when it is JSON, else the text itself.
 *
 * @example
 * void ctx.emit({ body: eventBody(payload.toString("utf8")), meta: { topic } });
 */
export function eventBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** True for a trigger from any copy of the SDK. */
export function isTrigger(value: unknown): value is Trigger {
  return typeof value === "object" && value !== null && (value as { $type?: unknown }).$type === TRIGGER_TYPE;
}
