/**
 * The `nats` trigger on a JetStream stream: a durable pull consumer shared by every replica
 * (each message goes to one of them), each message acknowledged only after the proxy stored it
 * and negatively acknowledged (redelivered) when it could not be. The event id is the message's
 * `Nats-Msg-Id`, else its stream sequence, so a redelivered message is a duplicate.
 */
import { eventBody, type SourceContext, type Subscription } from "@connector-proxy/sdk";
import type { NatsConnection } from "nats";
import { loadNats } from "./load-nats.js";

export interface JetStreamSettings {
  stream: string;
  subject: string;
  durable?: string | undefined;
}

export async function jetstreamSubscription(
  connection: NatsConnection,
  settings: JetStreamSettings,
  ctx: SourceContext,
): Promise<Subscription> {
  const { AckPolicy } = await loadNats();
  const durable = settings.durable ?? `connector-proxy-${ctx.triggerId}`;
  const manager = await connection.jetstreamManager();
  await manager.consumers
    .add(settings.stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: settings.subject })
    .catch((cause: Error) => {
      throw new Error(
        `JetStream consumer "${durable}" on stream "${settings.stream}" cannot be used: ${cause.message}`,
      );
    });
  const consumer = await connection.jetstream().consumers.get(settings.stream, durable);
  const messages = await consumer.consume({ max_messages: 64 });
  const consuming = (async () => {
    for await (const message of messages) {
      const id = message.headers?.get("Nats-Msg-Id") || `${settings.stream}/${message.seq}`;
      ctx
        .emit({ id, body: eventBody(message.string()), meta: { subject: message.subject, stream: settings.stream } })
        .then(
          () => message.ack(),
          () => message.nak(), // not stored: redelivered
        );
    }
  })();
  return {
    ended: Promise.race([connection.closed(), consuming]),
    close: async () => {
      await messages.close().catch(() => {});
      await connection.drain().catch(() => {});
    },
  };
}
