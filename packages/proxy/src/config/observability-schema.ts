/**
 * Configuration of what operators see: metrics, the OpenAPI document and traces.
 * Part of the proxy configuration schema (config-schema.ts).
 */
import { z } from "@connector-proxy/sdk";

export const metricsSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Serve Prometheus metrics at /metrics"),
  require_api_key: z
    .boolean()
    .default(false)
    .describe("Ask for the API key (Spiff-Connector-Proxy-Api-Key) on /metrics when one is set"),
});

export const openapiSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Serve /openapi.json and the API reference page /docs"),
  require_api_key: z
    .boolean()
    .default(true)
    .describe(
      "Ask for the API key on /openapi.json when one is set (it lists the catalogue, like /v1/commands); " +
        "set false so /docs can load it in a browser",
    ),
});

export const tracingSettingsSchema = z.strictObject({
  otlp_endpoint: z
    .url()
    .optional()
    .describe(
      "OTLP/HTTP traces URL (e.g. http://collector:4318/v1/traces) to export one span per command to; " +
        "default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT; unset: no spans " +
        "(traceparent is still propagated)",
    ),
  service_name: z.string().default("connector-proxy").describe("service.name of the exported spans"),
});

export type MetricsSettings = z.output<typeof metricsSettingsSchema>;
export type OpenapiSettings = z.output<typeof openapiSettingsSchema>;
export type TracingSettings = z.output<typeof tracingSettingsSchema>;
