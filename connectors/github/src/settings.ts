/**
 * The github connector's settings (`connectors.github.settings` in the proxy configuration).
 */
import { z } from "@connector-proxy/sdk";

export const githubSettingsSchema = z.strictObject({
  token: z
    .string()
    .min(1)
    .optional()
    .describe("Token used when a diagram sends no token parameter (keeps the token out of diagrams)"),
  base_url: z
    .url()
    .default("https://api.github.com")
    .describe("REST API base URL; GitHub Enterprise Server: https://<host>/api/v3"),
  run_poll_interval_ms: z
    .number()
    .int()
    .min(10)
    .default(2000)
    .describe("How often StartActionWorkflow looks for the run it started"),
});

export type GithubSettings = z.output<typeof githubSettingsSchema>;
