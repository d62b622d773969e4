/**
 * `oauth2/OAuth`: the authorization-code handler of the generic connector; its endpoints,
 * scopes and client come from the connector's settings.
 */
import { defineOAuth2Auth } from "@connector-proxy/sdk";
import { readSettings } from "./settings.js";

export const oauth = defineOAuth2Auth({
  name: "OAuth",
  description: "Connect any OAuth2 provider configured in the oauth2 connector's settings",
  authorizationUrl: (config) => readSettings(config).authorization_url,
  tokenUrl: (config) => readSettings(config).token_url,
  scopes: (config) => readSettings(config).scopes,
  extraParams: (config) => readSettings(config).extra_params,
});
