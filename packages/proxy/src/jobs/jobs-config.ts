/**
 * The `jobs` section of the proxy configuration: where durable jobs live, how many run at
 * once, how long callbacks are retried (Arena's address and credentials: the `engine` section).
 */
import { z } from "@connector-proxy/sdk";
import { engineAuthSchema } from "../engine/engine-config.js";

export const jobsConfigSchema = z.strictObject({
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
  callback_auth: engineAuthSchema.optional().describe("Deprecated: the old name of engine.auth"),
  callback_origins: z.array(z.string()).optional().describe("Deprecated: the old name of engine.callback_origins"),
  async_after_seconds: z
    .number()
    .nonnegative()
    .default(30)
    .describe(
      "With engine credentials, a call that carries spiff__callback_url and whose command has no async setting of its own answers 202 and finishes by callback once it has run this long (Arena gives up on a call after 45 s); 0: off",
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
