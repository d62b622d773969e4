/**
 * The amqp connector's settings: the brokers diagrams may publish to, by name.
 */
import { brokerSettingsFields, z } from "@connector-proxy/sdk";

export const amqpSettingsSchema = z.object(brokerSettingsFields("AMQP", "amqp://user:pass@host:5672/vhost"));

export type AmqpSettings = z.output<typeof amqpSettingsSchema>;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readAmqpSettings(config: Readonly<Record<string, unknown>>): AmqpSettings {
  return amqpSettingsSchema.parse(config);
}
