/**
 * The nats connector's settings: the brokers diagrams may publish to and request from, by name.
 */
import { brokerSettingsFields, z } from "@connector-proxy/sdk";

export const natsSettingsSchema = z.object(brokerSettingsFields("NATS server", "nats://user:pass@host:4222"));

export type NatsSettings = z.output<typeof natsSettingsSchema>;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readNatsSettings(config: Readonly<Record<string, unknown>>): NatsSettings {
  return natsSettingsSchema.parse(config);
}
