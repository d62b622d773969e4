/**
 * Settings of the generic oauth2 connector: one provider per mount (mount it several
 * times under different names for several providers).
 */
import { settingsOf, z } from "@connector-proxy/sdk";

export const oauth2Settings = z.object({
  authorization_url: z.string().default("").describe("The provider's authorization endpoint"),
  token_url: z.string().default("").describe("The provider's token endpoint"),
  client_id: z.string().optional().describe("OAuth client id registered at the provider"),
  client_secret: z.string().optional().describe("OAuth client secret (use ${ENV})"),
  scopes: z
    .array(z.string())
    .default([])
    .describe("Scopes asked for (add offline_access or the provider's equivalent)"),
  extra_params: z
    .record(z.string(), z.string())
    .default({})
    .describe("Extra authorization request parameters (`prompt: consent`, `access_type: offline`)"),
});

export type OAuth2Settings = z.output<typeof oauth2Settings>;

/** The parsed settings as ctx.config holds them. */
export function readSettings(config: Readonly<Record<string, unknown>>): OAuth2Settings {
  return settingsOf(oauth2Settings, config);
}
