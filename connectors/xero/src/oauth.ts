/**
 * `xero/OAuth`: connecting a Xero organisation (authorization code + PKCE). Arena stores the
 * token set as the secret `xero/OAuth`; diagrams pass `"secret:xero/OAuth"` as access_token.
 */
import { defineOAuth2Auth } from "@connector-proxy/sdk";
import { readSettings } from "./settings.js";

export const xeroOAuth = defineOAuth2Auth({
  name: "OAuth",
  description: "Connect a Xero organisation",
  authorizationUrl: (config) => readSettings(config).authorization_url,
  tokenUrl: (config) => readSettings(config).token_url,
  scopes: (config) => readSettings(config).scopes,
});
