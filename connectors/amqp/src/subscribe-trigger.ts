/**
 * The `amqp` trigger: messages from an AMQP queue become events. Each is acknowledged only
 * after the proxy stored it (a message not stored is returned to the queue). Replicas consume
 * the same queue, so the broker hands each message to one of them.
 */
import { defineTrigger, eventBody, type Subscription, z } from "@connector-proxy/sdk";
import type { ConsumeMessage } from "amqplib";
import { brokerUnavailable, loadAmqplib } from "./connections.js";

export const amqpTriggerSettings = z.object({
  url: z.url().describe("The broker's URL: amqp://user:pass@host:5672/vhost"),
  queue: z.string().min(1).describe("Queue to consume"),
  declare: z.boolean().default(true).describe("Declare the queue (durable) if it does not exist"),
  bindings: z
    .array(z.object({ exchange: z.string().min(1), routing_key: z.string().default("#") }))
    .default([])
    .describe("Bind the queue to these exchanges (which must exist) when declaring it"),
  prefetch: z.number().int().positive().default(32).describe("Messages in flight (stored but not yet acknowledged)"),
  connect_timeout_ms: z.number().int().positive().default(5000),
});

export const subscribeTrigger = defineTrigger({
  name: "amqp",
  kind: "subscription",
  description: "Messages from an AMQP queue (RabbitMQ), each acknowledged once stored; replicas share the queue",
  settings: amqpTriggerSettings,
  async subscribe(settings, ctx): Promise<Subscription> {
    const { connect } = await loadAmqplib();
    const connection = await connect(settings.url, { timeout: settings.connect_timeout_ms }).catch((cause: unknown) => {
      throw brokerUnavailable(settings.url, cause);
    });
    connection.on("error", () => {}); // always followed by "close"
    const ended = new Promise<void>((resolve) => connection.once("close", () => resolve()));
    try {
      const channel = await connection.createChannel();
      channel.on("error", () => {}); // a channel error closes the connection's use here: see below
      channel.once("close", () => void connection.close().catch(() => {}));
      if (settings.declare) {
        await channel.assertQueue(settings.queue, { durable: true });
        for (const binding of settings.bindings) {
          await channel.bindQueue(settings.queue, binding.exchange, binding.routing_key);
        }
      }
      await channel.prefetch(settings.prefetch);
      await channel.consume(settings.queue, (message: ConsumeMessage | null) => {
        if (!message) return void connection.close().catch(() => {}); // the broker cancelled the consumer
        const { properties, fields } = message;
        ctx
          .emit({
            ...(properties.messageId ? { id: String(properties.messageId) } : {}),
            body: eventBody(message.content.toString("utf8")),
            meta: {
              exchange: fields.exchange,
              routing_key: fields.routingKey,
              headers: properties.headers ?? {},
              content_type: properties.contentType ?? null,
            },
          })
          .then(
            () => channel.ack(message),
            () => channel.nack(message, false, true), // not stored: back to the queue
          )
          .catch(() => {}); // the channel closed meanwhile: the broker requeues it
      });
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
    return {
      ended,
      close: async () => {
        await connection.close().catch(() => {});
      },
    };
  },
});
