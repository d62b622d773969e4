/**
 * The `nats` trigger: messages on a NATS subject (wildcards allowed) become events. Replicas
 * subscribe in one queue group, so the server hands each message to one of them. Core NATS has
 * no acknowledgement: a message that arrives while no replica is connected is not kept (use a
 * request with a reply subject, answered once the event is stored, or set `stream` to consume a
 * JetStream stream durably instead: see ./jetstream-subscription.ts).
 */
import { defineTrigger, eventBody, type Subscription, z } from "@connector-proxy/sdk";
import { brokerUnavailable, natsConnectOptions } from "./connections.js";
import { jetstreamSubscription } from "./jetstream-subscription.js";
import { loadNats } from "./load-nats.js";

export const natsTriggerSettings = z.object({
  url: z.url().describe("The server's URL: nats://user:pass@host:4222"),
  subject: z.string().min(1).describe("Subject to subscribe to; * and > wildcards allowed"),
  queue: z.string().min(1).optional().describe("Queue group (default: connector-proxy-<trigger id>)"),
  stream: z
    .string()
    .min(1)
    .optional()
    .describe("JetStream stream holding the subject: consume it durably, acknowledging each message once stored"),
  durable: z
    .string()
    .min(1)
    .optional()
    .describe("JetStream durable consumer name (default: connector-proxy-<trigger id>)"),
  connect_timeout_ms: z.number().int().positive().default(5000),
});

export const subscribeTrigger = defineTrigger({
  name: "nats",
  kind: "subscription",
  description:
    "Messages on a NATS subject; replicas share them through a queue group; a request is answered once stored",
  settings: natsTriggerSettings,
  async subscribe(settings, ctx): Promise<Subscription> {
    const { connect } = await loadNats();
    const connection = await connect({
      ...natsConnectOptions(settings.url),
      timeout: settings.connect_timeout_ms,
      reconnect: false,
    }).catch((cause: unknown) => {
      throw brokerUnavailable(settings.url, cause);
    });
    if (settings.stream) {
      return jetstreamSubscription(connection, { ...settings, stream: settings.stream }, ctx).catch(async (error) => {
        await connection.close().catch(() => {});
        throw error;
      });
    }
    const subscription = connection.subscribe(settings.subject, {
      queue: settings.queue ?? `connector-proxy-${ctx.triggerId}`,
      callback: (error, message) => {
        if (error) return;
        const id = message.headers?.get("Nats-Msg-Id");
        ctx.emit({ ...(id ? { id } : {}), body: eventBody(message.string()), meta: { subject: message.subject } }).then(
          () => message.reply && message.respond(JSON.stringify({ stored: true })),
          (failure: Error) => ctx.log(`event on ${message.subject} not stored: ${failure.message}`),
        );
      },
    });
    await connection.flush(); // the server has the subscription before we report it
    return {
      ended: connection.closed(),
      close: async () => {
        subscription.unsubscribe();
        await connection.drain().catch(() => {});
      },
    };
  },
});
