/**
 * Settings shared by message-broker connectors (amqp, mqtt, nats): brokers by name, a `url`
 * shorthand for the default one, a connect timeout, and the error codes for choosing one.
 */
import { z } from "zod";
import { pickNamed } from "./pick-named.js";

export const BROKER_ERRORS = {
  BrokerNotConfigured: "No broker with that name in the connector's settings",
  BrokerUnavailable: "The broker could not be reached or refused the connection",
} as const;

/**
 * The zod fields of a broker connector's settings; spread them into its `z.object`.
 *
 * @example
 * const settings = z.object({ ...brokerSettingsFields("AMQP", "amqp://user:pass@host:5672/vhost") });
 */
export function brokerSettingsFields(protocol: string, exampleUrl: string) {
  return {
    url: z.string().url().optional().describe(`Shorthand for brokers.default: "${exampleUrl}"`),
    brokers: z.record(z.string(), z.string().url()).default({}).describe(`${protocol} URLs by broker name`),
    connect_timeout_ms: z.number().int().positive().default(5000).describe("Give up connecting after this long"),
  };
}

/**
 * The URL of the named broker; without a name, `url`, `brokers.default` or the only broker configured.
 * A `CommandError` BrokerNotConfigured otherwise.
 *
 * @example
 * const url = brokerUrl(settings, params.broker, "AMQP broker");
 */
export function brokerUrl(
  settings: { url?: string | undefined; brokers: Readonly<Record<string, string>> },
  name: string | undefined,
  kind: string,
): string {
  const named = { ...(settings.url ? { default: settings.url } : {}), ...settings.brokers };
  return pickNamed(named, name, { kind, setting: "brokers", parameter: "broker", code: "BrokerNotConfigured" }).value;
}
