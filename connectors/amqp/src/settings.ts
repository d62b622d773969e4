/**
 * The amqp connector's settings: the brokers diagrams may publish to, by name.
 */
import { pickNamed, z } from "@connector-proxy/sdk";

export const amqpSettingsSchema = z.object({
  url: z.string().url().optional().describe('Shorthand for brokers.default: "amqp://user:pass@host:5672/vhost"'),
  brokers: z.record(z.string(), z.string().url()).default({}).describe("AMQP URLs by broker name"),
  connect_timeout_ms: z.number().int().positive().default(5000).describe("Give up connecting after this long"),
});

export type AmqpSettings = z.output<typeof amqpSettingsSchema>;

export const BROKER_ERRORS = {
  BrokerNotConfigured: "No broker with that name in the connector's settings",
  BrokerUnavailable: "The broker could not be reached or refused the connection",
} as const;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readAmqpSettings(config: Readonly<Record<string, unknown>>): AmqpSettings {
  return amqpSettingsSchema.parse(config);
}

/** The URL of the named broker; without a name, `url`, `brokers.default` or the only broker configured. */
export function brokerUrl(settings: AmqpSettings, name: string | undefined): string {
  const named = { ...(settings.url ? { default: settings.url } : {}), ...settings.brokers };
  return pickNamed(named, name, {
    kind: "AMQP broker",
    setting: "brokers",
    parameter: "broker",
    code: "BrokerNotConfigured",
  }).value;
}
