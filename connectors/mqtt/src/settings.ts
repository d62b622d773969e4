/**
 * The mqtt connector's settings: the brokers diagrams may publish to, by name.
 */
import { brokerSettingsFields, z } from "@connector-proxy/sdk";

export const mqttSettingsSchema = z.object({
  ...brokerSettingsFields("MQTT", "mqtt://user:pass@host:1883 (mqtts://, ws://, wss:// too)"),
  protocol_version: z
    .union([z.literal(3), z.literal(4), z.literal(5)])
    .default(5)
    .describe("MQTT protocol: 5 (default; the broker reports refusals), 4 (3.1.1) or 3 (3.1)"),
});

export type MqttSettings = z.output<typeof mqttSettingsSchema>;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readMqttSettings(config: Readonly<Record<string, unknown>>): MqttSettings {
  return mqttSettingsSchema.parse(config);
}
