/**
 * The `jobs` section of the proxy configuration: where durable jobs live, how many run at
 * once, how long callbacks are retried, and the credentials Arena's callback endpoint needs.
 */
import { z } from "@connector-proxy/sdk";

const callbackAuthSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("none") }),
    z.object({
      type: z.literal("bearer"),
      token: z.string().min(1).describe("Static token sent as `Authorization: Bearer <token>` (use ${ENV_VAR})"),
    }),
    z.object({
      type: z.literal("oauth2_client_credentials"),
      token_url: z.url().describe("Token endpoint of the identity provider"),
      client_id: z.string().min(1),
      client_secret: z.string().min(1).describe("Use ${ENV_VAR}"),
      scope: z.string().optional(),
      audience: z.string().optional(),
      client_auth: z
        .enum(["basic", "body"])
        .default("basic")
        .describe("Send the client credentials as HTTP Basic auth or in the form body"),
    }),
  ])
  .describe("Credentials for Arena's callback endpoint (the proxy API key does not grant access)");

export const jobsConfigSchema = z.object({
  data_dir: z
    .string()
    .default(".connector-proxy")
    .describe("Folder of the SQLite job database `jobs.sqlite` (relative to the config file)"),
  concurrency: z.number().int().positive().default(16).describe("Jobs whose command runs at once (per replica)"),
  backlog: z
    .number()
    .int()
    .nonnegative()
    .default(1000)
    .describe("Accepted jobs that may wait for a free slot; beyond it new async calls get Overloaded"),
  retention_hours: z.number().positive().default(168).describe("How long completed and cancelled jobs are kept"),
  delivery_period_hours: z
    .number()
    .positive()
    .default(24)
    .describe("How long a callback is retried before the job is dead"),
  retry_initial_seconds: z.number().positive().default(1).describe("First callback retry delay (doubles, with jitter)"),
  retry_max_seconds: z.number().positive().default(600).describe("Longest delay between two callback attempts"),
  callback_timeout_seconds: z.number().positive().default(30).describe("Timeout of one callback request"),
  callback_auth: callbackAuthSchema.default({ type: "none" }),
  callback_origins: z
    .array(z.string())
    .default([])
    .describe(
      "Origins (scheme://host:port) callbacks may go to, e.g. Arena's backend; empty: any. Set it with callback_auth, so Arena's credentials only go to Arena",
    ),
  redis_prefix: z
    .string()
    .default("connector-proxy")
    .describe("BullMQ key prefix when CONNECTOR_PROXY_REDIS_URL is set (replicas sharing jobs share it)"),
  redis_lock_seconds: z
    .number()
    .positive()
    .default(30)
    .describe("How long a replica's claim on a job lasts without renewal: a dead replica's jobs move after this"),
});

export type JobsConfig = z.output<typeof jobsConfigSchema>;
export type CallbackAuth = z.output<typeof callbackAuthSchema>;
