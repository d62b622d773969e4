/**
 * The nats connector's settings: the brokers diagrams may publish to and request from, by name.
 */
import { pickNamed, z } from "@connector-proxy/sdk";

export const natsSettingsSchema = z.object({
  url: z.string().url().optional().describe('Shorthand for brokers.default: "nats://user:pass@host:4222"'),
  brokers: z.record(z.string(), z.string().url()).default({}).describe("NATS server URLs by broker name"),
  connect_timeout_ms: z.number().int().positive().default(5000).describe("Give up connecting after this long"),
});

export type NatsSettings = z.output<typeof natsSettingsSchema>;

export const BROKER_ERRORS = {
  BrokerNotConfigured: "No broker with that name in the connector's settings",
  BrokerUnavailable: "The broker could not be reached or refused the connection",
} as const;

/** Parse `ctx.config` (validated by the proxy at start-up; parsed again for its types and defaults). */
export function readNatsSettings(config: Readonly<Record<string, unknown>>): NatsSettings {
  return natsSettingsSchema.parse(config);
}

/** The URL of the named broker; without a name, `url`, `brokers.default` or the only broker configured. */
export function brokerUrl(settings: NatsSettings, name: string | undefined): string {
  const named = { ...(settings.url ? { default: settings.url } : {}), ...settings.brokers };
  return pickNamed(named, name, {
    kind: "NATS server",
    setting: "brokers",
    parameter: "broker",
    code: "BrokerNotConfigured",
  }).value;
}
