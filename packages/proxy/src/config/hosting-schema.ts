/**
 * Settings of the connectors that do not run inline: `process` (a supervised MCP child)
 * and `remote` (another connector proxy). See docs/hosting.md.
 */
import { z } from "@connector-proxy/sdk";

export const processSettingsSchema = z.strictObject({
  command: z
    .string()
    .optional()
    .describe("Program to run (any MCP stdio server); default: this proxy's `mcp` entry point"),
  args: z.array(z.string()).default([]).describe("Arguments of `command`"),
  env: z.record(z.string(), z.string()).default({}).describe("Extra environment variables of the child"),
  max_in_flight: z.number().int().positive().default(16).describe("Calls sent to the child at once; more wait"),
  memory_limit_mb: z.number().int().positive().optional().describe("Restart the child above this memory"),
  start: z
    .enum(["eager", "lazy"])
    .default("eager")
    .describe("eager: keep the child up from start; lazy: start on first call"),
});

export const remoteSettingsSchema = z.strictObject({
  url: z.url().describe("Base URL of the other connector proxy"),
  api_key: z.string().optional().describe("Its API key (Spiff-Connector-Proxy-Api-Key)"),
  include: z.array(z.string()).default(["*"]).describe("Upstream command ids to mount"),
  exclude: z.array(z.string()).default([]).describe("Upstream command ids never mounted"),
  prefix: z
    .string()
    .default("")
    .describe("Prepended to each mounted connector name (`eu-` mounts http/Get as eu-http/Get)"),
  refresh_seconds: z.number().positive().default(60).describe("How often the upstream catalogue is fetched again"),
});

export type ProcessSettings = z.output<typeof processSettingsSchema>;
export type RemoteSettings = z.output<typeof remoteSettingsSchema>;
