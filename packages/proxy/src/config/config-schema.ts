/**
 * The proxy configuration: one zod schema, so validation, defaults and the
 * configuration reference all come from the same place.
 */
import { z } from "@connector-proxy/sdk";
import { authSettingsSchema } from "../auth/auth-settings.js";
import { engineConfigSchema } from "../engine/engine-config.js";
import { jobsConfigSchema } from "../jobs/jobs-config.js";
import { mockSettingsSchema } from "../mock/mock-settings.js";
import { triggersConfigSchema } from "../triggers/trigger-config.js";
import { processSettingsSchema, remoteSettingsSchema } from "./hosting-schema.js";
import { limitsSettingsSchema } from "./limits-schema.js";
import { metricsSettingsSchema, openapiSettingsSchema, tracingSettingsSchema } from "./observability-schema.js";

const unknownParameters = z
  .enum(["reject", "strip"])
  .describe("What to do with parameters a command does not declare: reject (400) or strip (ignore)");

export const commandSettingsSchema = z.strictObject({
  timeout_seconds: z.number().positive().optional().describe("Timeout of this command (overrides the connector's)"),
  async: z.boolean().optional().describe("Run as a durable job answered by callback when Arena sends a callback URL"),
  async_after_seconds: z
    .number()
    .positive()
    .optional()
    .describe("Run synchronously, but answer 202 and finish by callback if still running after this budget"),
});

export const connectorSettingsSchema = z.strictObject({
  package: z.string().optional().describe("npm package to load this connector from"),
  path: z.string().optional().describe("File or folder to load this connector from (relative to the config file)"),
  enabled: z.boolean().default(true).describe("false: never load this connector"),
  hosting: z.enum(["inline", "process", "remote"]).default("inline").describe("Where the connector runs"),
  settings: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("The connector's own settings (ctx.config); ${ENV_VAR} values are interpolated and treated as secrets"),
  timeout_seconds: z.number().positive().optional().describe("Timeout of this connector's commands"),
  unknown_parameters: unknownParameters.optional(),
  commands: z.record(z.string(), commandSettingsSchema).default({}).describe("Per-command settings by command name"),
  process: processSettingsSchema.optional().describe("Child process settings (hosting: process)"),
  remote: remoteSettingsSchema.optional().describe("Upstream proxy settings (hosting: remote)"),
});

export const configSchema = z.strictObject({
  timeout_seconds: z.number().positive().default(300).describe("Default command timeout in seconds"),
  body_limit_bytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024)
    .describe("Largest accepted request body"),
  unknown_parameters: unknownParameters.default("reject"),
  allow_get_do: z
    .boolean()
    .default(false)
    .describe(
      "Also run commands on GET /v1/do/{connector}/{command} with query-string parameters, for legacy callers (not in Arena's contract; any page a browser loads could run a command). Off: 405",
    ),
  limits: limitsSettingsSchema
    .prefault({})
    .describe("Limits on request bodies and connections: JSON depth, read times, keep-alive, connections"),
  log_level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  discover: z
    .boolean()
    .default(true)
    .describe(
      "Load every connector-* package found in node_modules: the one beside the config file (or `node_modules`), then the proxy's own installation (so the bundled connectors are served from any folder)",
    ),
  node_modules: z
    .string()
    .optional()
    .describe(
      "Folder scanned first for connector packages (default: node_modules beside the config file); a package found there replaces a bundled one of the same name",
    ),
  include: z.array(z.string()).default(["*"]).describe("Command id patterns to serve (`http/*`, `example`, `*`)"),
  exclude: z.array(z.string()).default([]).describe("Command id patterns never served (wins over include)"),
  connectors: z.record(z.string(), connectorSettingsSchema).default({}).describe("Per-connector settings by name"),
  engine: engineConfigSchema
    .prefault({})
    .describe("The workflow engine (Arena): its API URL and the credentials the proxy's requests to it carry"),
  triggers: triggersConfigSchema,
  jobs: jobsConfigSchema.prefault({}).describe("Durable async jobs: store, limits, callback delivery"),
  auth: authSettingsSchema.prefault({}).describe("OAuth browser flows and token refresh"),
  metrics: metricsSettingsSchema.prefault({}).describe("Prometheus metrics at /metrics"),
  openapi: openapiSettingsSchema.prefault({}).describe("The OpenAPI document /openapi.json and the /docs page"),
  tracing: tracingSettingsSchema.prefault({}).describe("W3C trace propagation and OpenTelemetry spans"),
  workers: z
    .union([z.literal("auto"), z.number().int().positive()])
    .default(1)
    .describe(
      "Worker processes serving one port (node:cluster): a number, or auto (one per available core). More than 1 needs CONNECTOR_PROXY_REDIS_URL",
    ),
  mock: mockSettingsSchema.optional().describe("Answer commands from mock fixture files instead of running them"),
  shutdown_timeout_seconds: z
    .number()
    .positive()
    .default(30)
    .describe("On SIGTERM/SIGINT, how long in-flight requests may take to finish before the proxy exits"),
});

export type ProxyConfig = z.output<typeof configSchema>;
export type ConnectorSettings = z.output<typeof connectorSettingsSchema>;
export type CommandSettings = z.output<typeof commandSettingsSchema>;
