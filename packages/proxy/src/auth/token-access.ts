/**
 * The proxy's `ctx.oauth`: read the token set a command was given, and if its access
 * token expires within the margin, refresh it once (single flight) with the handler's
 * token endpoint. Failures become command errors with stable codes; no token is ever logged.
 */
import { CommandError, isCommandError, type OAuthProvider, type OAuthTokenSet } from "@connector-proxy/sdk";
import type { Logger } from "../log/logger.js";
import type { AuthHandler } from "./auth-handler.js";
import type { OAuthActivity } from "./oauth-activity.js";
import { oauthErrorCode, refreshGrant } from "./oauth-client.js";
import { credentialKey, type TokenRefresher } from "./token-refresher.js";
import { expiresAt, needsRefresh, readTokenSet, toTokenSet } from "./token-set.js";

const REFRESH_TIMEOUT_MS = 30_000;

function notConfigured(message: string): CommandError {
  return new CommandError("OAuthNotConfigured", message, { httpStatus: 500 });
}

function reauthorize(handler: AuthHandler, why: string): CommandError {
  return new CommandError(
    "ReauthorizationRequired",
    `${why}: reconnect "${handler.id}" in Arena (Configuration, Authentications) and run the task again`,
    { httpStatus: 401 },
  );
}

async function refreshOnce(
  handler: AuthHandler,
  client: { clientId: string; clientSecret: string },
  tokenSet: OAuthTokenSet,
  refreshToken: string,
  logger: Logger,
): Promise<OAuthTokenSet> {
  try {
    const response = await refreshGrant(
      handler.resolved,
      client,
      refreshToken,
      AbortSignal.timeout(REFRESH_TIMEOUT_MS),
    );
    logger.info({ auth: handler.id }, "OAuth access token refreshed");
    return toTokenSet(response, tokenSet);
  } catch (error) {
    const code = oauthErrorCode(error);
    logger.warn({ auth: handler.id, oauth_error: code ?? "network" }, "OAuth token refresh failed");
    if (code === "invalid_grant")
      throw reauthorize(handler, `The provider refused the refresh token of "${handler.id}"`);
    if (code === "invalid_client" || code === "unauthorized_client") {
      throw notConfigured(`The provider refused the client credentials of "${handler.id}" (${code}): check them`);
    }
    throw new CommandError(
      "TokenRefreshFailed",
      `Refreshing the "${handler.id}" token failed (${code ?? "token endpoint unreachable"}): retry later`,
      { httpStatus: 503 },
    );
  }
}

/** `ctx.oauth` for one connector's handlers; `activity` hears of each use and failure (the console shows them). */
export function oauthProvider(
  handlers: readonly AuthHandler[],
  refresher: TokenRefresher,
  marginSeconds: number,
  logger: Logger,
  activity?: OAuthActivity,
): OAuthProvider {
  const provide: OAuthProvider = async (value, options, signal) => {
    const handler = options.auth
      ? handlers.find((candidate) => candidate.name === options.auth)
      : handlers.length === 1
        ? handlers[0]
        : undefined;
    if (!handler) {
      const names = handlers.map((candidate) => candidate.name).join(", ");
      throw notConfigured(`ctx.oauth needs { auth } naming one of this connector's handlers (${names})`);
    }
    const tokenSet = readTokenSet(value, handler.id);
    const refreshToken = tokenSet.refresh_token;
    if (typeof refreshToken !== "string" || refreshToken === "") {
      // Nothing to refresh with: use the token while it may still work (unknown expiry included).
      const expiry = expiresAt(tokenSet);
      if (expiry === null || expiry > Date.now() / 1000) return access(handler, tokenSet, false);
      throw reauthorize(handler, `The "${handler.id}" access token expired and the token set has no refresh token`);
    }
    if (needsRefresh(tokenSet, marginSeconds)) {
      const clientId = options.clientId ?? handler.resolved.clientId;
      const clientSecret = options.clientSecret ?? handler.resolved.clientSecret;
      if (!handler.resolved.tokenUrl)
        throw notConfigured(`"${handler.id}" has no token URL: set it in the connector's settings`);
      if (!clientId || !clientSecret) {
        throw notConfigured(
          `"${handler.id}" has no client credentials: set ${handler.resolved.clientIdConfigKey} and ${handler.resolved.clientSecretConfigKey} in the connector's settings`,
        );
      }
      signal.throwIfAborted();
      const refreshed = await refresher
        .refresh(credentialKey(handler.resolved.tokenUrl, clientId, refreshToken), () =>
          refreshOnce(handler, { clientId, clientSecret }, tokenSet, refreshToken, logger),
        )
        .catch((error: unknown) => {
          throw isCommandError(error)
            ? error
            : new CommandError(
                "TokenRefreshFailed",
                `Refreshing the "${handler.id}" token failed (${error instanceof Error ? error.message : String(error)}): retry later`,
                { httpStatus: 503 },
              );
        });
      return access(handler, refreshed, true);
    }
    return access(handler, tokenSet, false);
  };
  if (!activity) return provide;
  return async (value, options, signal) => {
    try {
      const answer = await provide(value, options, signal);
      activity.used(answer.auth, expiresAt(answer.tokenSet), answer.refreshed);
      return answer;
    } catch (error) {
      const handler = options.auth
        ? handlers.find((candidate) => candidate.name === options.auth)
        : handlers.length === 1
          ? handlers[0]
          : undefined;
      if (handler && isCommandError(error)) activity.failed(handler.id, error.code);
      throw error;
    }
  };
}

function access(handler: AuthHandler, tokenSet: OAuthTokenSet, refreshed: boolean) {
  const type = typeof tokenSet.token_type === "string" ? tokenSet.token_type : "Bearer";
  return {
    accessToken: tokenSet.access_token,
    tokenType: type.toLowerCase() === "bearer" ? "Bearer" : type,
    tokenSet,
    refreshed,
    auth: handler.id,
  };
}
