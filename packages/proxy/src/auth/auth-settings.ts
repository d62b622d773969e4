/**
 * The `auth` section of the proxy configuration: how browser OAuth flows are secured
 * and when tokens are refreshed.
 */
import { z } from "@connector-proxy/sdk";

export const authSettingsSchema = z.strictObject({
  state_secret: z
    .string()
    .min(32, "auth.state_secret must be at least 32 characters (use a random value from ${ENV})")
    .optional()
    .describe(
      "Secret that seals the OAuth state (and refreshed token sets shared through Redis); every replica needs the same one. Without it, browser flows answer 503",
    ),
  redirect_allowlist: z
    .array(z.url())
    .default([])
    .describe("URL prefixes a redirect_url must start with (Arena's backend URL, e.g. https://arena.example.com/)"),
  state_ttl_seconds: z.number().int().positive().default(600).describe("How long a started browser flow stays valid"),
  public_url: z
    .url()
    .optional()
    .describe("Base URL browsers use to reach this proxy, for the callback URL (default: the request's origin)"),
  refresh_margin_seconds: z
    .number()
    .int()
    .nonnegative()
    .default(60)
    .describe("Refresh an access token that expires within this many seconds"),
});

export type AuthSettings = z.output<typeof authSettingsSchema>;
