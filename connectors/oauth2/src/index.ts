/**
 * The oauth2 connector: `oauth2/Request` with the token of an account connected through
 * the `oauth2/OAuth` browser flow, for any OAuth2 provider set in the settings.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { oauth } from "./oauth.js";
import { request } from "./request.js";
import { oauth2Settings } from "./settings.js";

export default defineConnector({
  name: "oauth2",
  description: "Call any OAuth2-protected API with a connected account's token (refreshed as needed)",
  config: oauth2Settings,
  commands: [request],
  auths: [oauth],
});
