/**
 * The `engine` section of the proxy configuration: where Arena's API is and how the proxy
 * authenticates to it. Job callbacks use it; so does anything else that calls the engine
 * (inbound events). One section, so Arena's credentials are configured once.
 */
import { z } from "@connector-proxy/sdk";

export const engineAuthSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("none") }),
    z.strictObject({
      type: z.literal("spiff_api_key"),
      key: z
        .string()
        .min(1)
        .describe("An Arena service account's API key, sent as `SpiffWorkflow-Api-Key: <key>` (use ${ENV_VAR})"),
    }),
    z.strictObject({
      type: z.literal("bearer"),
      token: z.string().min(1).describe("Static token sent as `Authorization: Bearer <token>` (use ${ENV_VAR})"),
    }),
    z.strictObject({
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
  .describe("Credentials for Arena's API (its callback route; the proxy API key does not grant access)");

export const engineConfigSchema = z.strictObject({
  api_url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("Arena's API base URL, e.g. http://arena-backend:7000/v1.0"),
  auth: engineAuthSchema
    .optional()
    .describe(
      "Credentials for Arena's API: {type: spiff_api_key, key}, {type: bearer, token} or {type: oauth2_client_credentials, ...}; default none",
    ),
  callback_origins: z
    .array(z.string())
    .optional()
    .describe(
      "Origins (scheme://host:port) job callbacks may go to; default: api_url's origin, or any when api_url is unset. Arena's credentials only go there",
    ),
});

export type EngineConfig = z.output<typeof engineConfigSchema>;
export type EngineAuth = z.output<typeof engineAuthSchema>;
