/**
 * `ctx.oauth`: what a command gets when it asks for a usable access token, the error
 * codes that can answer instead, and the token-refresh answer Arena understands.
 * The proxy provides the implementation (RunOptions.oauth); this file is runtime-neutral.
 */
import type { CommandResult, LegacyV1Result } from "./define-command.js";

/** An OAuth2 token set as Arena stores it (the token endpoint's answer plus `expires_at`). */
export interface OAuthTokenSet {
  access_token: string;
  token_type?: string;
  refresh_token?: string;
  /** Epoch seconds after which the access token is no longer valid. */
  expires_at?: number;
  expires_in?: number;
  scope?: string;
  id_token?: string;
  [field: string]: unknown;
}

/** A usable access token, and the token set the answer must carry back to Arena. */
export interface OAuthAccess {
  accessToken: string;
  /** `Bearer` unless the provider said otherwise. */
  tokenType: string;
  /** The current token set: the refreshed one when a refresh happened. */
  tokenSet: OAuthTokenSet;
  refreshed: boolean;
  /** The handler id (`xero/OAuth`): the Arena secret the token set is stored in. */
  auth: string;
}

export interface OAuthOptions {
  /** Handler name within the connector, when it declares several. Default: its only one. */
  auth?: string;
  /** Client id for the refresh, overriding the connector's settings (legacy diagrams pass it). */
  clientId?: string;
  clientSecret?: string;
}

/** The proxy's implementation of `ctx.oauth`, bound to one connector. */
export type OAuthProvider = (tokenSet: unknown, options: OAuthOptions, signal: AbortSignal) => Promise<OAuthAccess>;

/** Error codes a command answers when `ctx.oauth` cannot give a token; list them in the command's `errors`. */
export const OAUTH_ERRORS = {
  ReauthorizationRequired:
    "The provider refused the refresh token (revoked or expired): reconnect the authentication in Arena",
  InvalidTokenSet: "The token set parameter is not a JSON token set with an access_token",
  TokenRefreshFailed: "The provider's token endpoint could not be reached or answered an error; retry later",
  OAuthNotConfigured: "The connector has no such OAuth handler, or its client id/secret are not set",
} as const;

/**
 * The answer of a command that used `ctx.oauth`: Arena stores `refreshed_token_set` as the
 * secret named by `auth` and keeps `api_response` as the task's result. Arena only reads
 * these names from the raw body, so it is answered in the legacy (v1) shape.
 */
export function tokenRefreshAnswer(result: CommandResult, access: OAuthAccess): CommandResult {
  if (typeof result !== "object" || result === null) return result;
  const value = result as Record<string, unknown>;
  if (!("body" in value) || "command_response_version" in value) return result;
  const status = Number(value.http_status ?? 200);
  if (status >= 300) return result;
  const answer: LegacyV1Result = {
    response: JSON.stringify({
      api_response: value.body ?? null,
      refreshed_token_set: access.tokenSet,
      auth: access.auth,
    }),
    status: 200,
    mimetype: "application/json",
  };
  return answer;
}
