/**
 * The mqtt connector's settings: the brokers diagrams may publish to, by name.
 */
import { pickNamed, z } from "@connector-proxy/sdk";

export const mqttSettingsSchema = z.object({
  url: z
    .string()
    .url()
    .optional()
    .describe('Shorthand for brokers.default: "mqtt://user:pass@host:1883" (mqtts://, ws://, wss:// too)'),
  brokers: z.record(z.string(), z.string().url()).default({}).describe("MQTT URLs by broker name"),
  connect_timeout_ms: z.number().int().positive().default(5000).describe("Give up connecting after this long"),
  protocol_version: z
    .union([z.literal(3), z.literal(4), z.literal(5)])
    .default(5)
    .describe("MQTT protocol: 5 (default; the broker reports refusals), 4 (3.1.1) or 3 (3.1)"),
});

export type MqttSettings = z.output<typeof mqttSettingsSchema>;

export const BROKER_ERRORS = {
  BrokerNotConfigured: "No broker with that name in the connector's settings",
  BrokerUnavailable: "The broker could not be reached or refused the connection",
} as const;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readMqttSettings(config: Readonly<Record<string, unknown>>): MqttSettings {
  return mqttSettingsSchema.parse(config);
}

/** The URL of the named broker; without a name, `url`, `brokers.default` or the only broker configured. */
export function brokerUrl(settings: MqttSettings, name: string | undefined): string {
  const named = { ...(settings.url ? { default: settings.url } : {}), ...settings.brokers };
  return pickNamed(named, name, {
    kind: "MQTT broker",
    setting: "brokers",
    parameter: "broker",
    code: "BrokerNotConfigured",
  }).value;
}
