/**
 * `amqp/Publish`: publish one message on a confirm channel and answer once the broker
 * confirmed it (publisher confirms).
 */
import { randomUUID } from "node:crypto";
import { BROKER_ERRORS, brokerUrl, CommandError, defineCommand, z } from "@connector-proxy/sdk";
import type { ConfirmChannel } from "amqplib";
import { amqpConnections, brokerUnavailable } from "./connections.js";
import { readAmqpSettings } from "./settings.js";

export const publish = defineCommand({
  name: "Publish",
  description: "Publishes a message to an AMQP exchange and answers when the broker confirmed it",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    broker: z.string().optional().describe("Broker name from the connector's settings (default: the only one)"),
    exchange: z.string().default("").describe('Exchange name; "" is the default exchange (routing key = queue name)'),
    routing_key: z.string().describe("Routing key"),
    message: z.unknown().describe("Text is sent as text/plain; anything else as JSON"),
    headers: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe("Message headers"),
    persistent: z.boolean().default(true).describe("Ask the broker to store the message on disk"),
    mandatory: z.boolean().default(false).describe("Fail with Unroutable when no queue receives the message"),
    message_id: z.string().optional().describe("Message id (default: a new UUID)"),
    content_type: z.string().optional().describe("Override the content type"),
  }),
  advertise: ["broker", "exchange", "routing_key", "message", "headers", "persistent", "mandatory"],
  errors: {
    ...BROKER_ERRORS,
    ExchangeNotFound: "The exchange does not exist on the broker",
    Unroutable: "mandatory was set and no queue was bound for the routing key",
    PublishRejected: "The broker refused the message (negative confirm)",
  },
  run: async (params, ctx) => {
    const settings = readAmqpSettings(ctx.config);
    const url = brokerUrl(settings, params.broker, "AMQP broker");
    const timeoutMs = Math.max(1, Math.min(settings.connect_timeout_ms, ctx.deadline - Date.now()));
    const connection = await amqpConnections.get(url, timeoutMs);
    let channel: ConfirmChannel;
    try {
      channel = await connection.createConfirmChannel();
    } catch (cause) {
      amqpConnections.drop(url);
      throw brokerUnavailable(url, cause);
    }
    const messageId = params.message_id ?? randomUUID();
    const text = typeof params.message === "string";
    let channelError: (Error & { code?: number }) | undefined;
    let returned = false;
    channel.on("error", (error: Error & { code?: number }) => {
      channelError = error;
    });
    channel.on("return", () => {
      returned = true;
    });
    try {
      await new Promise<void>((resolve, reject) => {
        channel.publish(
          params.exchange,
          params.routing_key,
          Buffer.from(text ? String(params.message) : JSON.stringify(params.message ?? null)),
          {
            persistent: params.persistent,
            mandatory: params.mandatory,
            messageId,
            headers: params.headers,
            contentType: params.content_type ?? (text ? "text/plain" : "application/json"),
            timestamp: Math.floor(Date.now() / 1000),
          },
          (error) => (error ? reject(error) : resolve()),
        );
      });
    } catch (cause) {
      throw publishFailure(params.exchange, channelError, cause);
    } finally {
      channel.close().catch(() => {});
    }
    if (returned) {
      throw new CommandError(
        "Unroutable",
        `No queue is bound to exchange "${params.exchange}" for routing key "${params.routing_key}": the broker returned the message`,
      );
    }
    ctx.log(`published message ${messageId} to exchange "${params.exchange}" with routing key "${params.routing_key}"`);
    return {
      body: { published: true, exchange: params.exchange, routing_key: params.routing_key, message_id: messageId },
    };
  },
});

function publishFailure(exchange: string, channelError: (Error & { code?: number }) | undefined, cause: unknown) {
  if (channelError?.code === 404) {
    return new CommandError(
      "ExchangeNotFound",
      `Exchange "${exchange}" does not exist on the broker (declare it first)`,
      {
        httpStatus: 404,
        cause: channelError,
      },
    );
  }
  const reason = channelError?.message ?? (cause instanceof Error ? cause.message : String(cause));
  return new CommandError("PublishRejected", `The broker did not confirm the message: ${reason}`, {
    httpStatus: 502,
    cause,
  });
}
