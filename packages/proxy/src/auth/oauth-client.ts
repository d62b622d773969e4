/**
 * The OAuth2 protocol calls, through oauth4webapi: the authorization URL (with PKCE),
 * the code exchange and the refresh grant. Plain HTTP is allowed only for loopback hosts.
 */
import type { ResolvedOAuth2Auth } from "@connector-proxy/sdk";
import * as oauth from "oauth4webapi";

/** Client credentials for one call: from the connector's settings or the command's parameters. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function server(auth: ResolvedOAuth2Auth): oauth.AuthorizationServer {
  return { issuer: auth.issuer, authorization_endpoint: auth.authorizationUrl, token_endpoint: auth.tokenUrl };
}

function requestOptions(auth: ResolvedOAuth2Auth, signal: AbortSignal) {
  const host = new URL(auth.tokenUrl).hostname;
  return { signal, [oauth.allowInsecureRequests]: LOOPBACK.has(host) || host.startsWith("127.") };
}

/** A PKCE verifier and its S256 challenge. */
export async function newPkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

/** Where to send the browser to ask the user's consent. */
export function authorizationUrl(
  auth: ResolvedOAuth2Auth,
  clientId: string,
  redirectUri: string,
  state: string,
  codeChallenge: string | undefined,
): string {
  const url = new URL(auth.authorizationUrl);
  for (const [key, value] of Object.entries(auth.extraParams)) url.searchParams.set(key, value);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  if (auth.scopes.length > 0) url.searchParams.set("scope", auth.scopes.join(" "));
  url.searchParams.set("state", state);
  if (codeChallenge) {
    url.searchParams.set("code_challenge", codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url.href;
}

/** Exchange the callback's code for a token set; throws oauth4webapi's errors (AuthorizationResponseError for `?error=`). */
export async function exchangeCode(
  auth: ResolvedOAuth2Auth,
  client: ClientCredentials,
  callback: URLSearchParams,
  expectedState: string,
  redirectUri: string,
  codeVerifier: string | undefined,
  signal: AbortSignal,
): Promise<oauth.TokenEndpointResponse> {
  const as = server(auth);
  const metadata: oauth.Client = { client_id: client.clientId };
  const params = oauth.validateAuthResponse(as, metadata, callback, expectedState);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    metadata,
    oauth.ClientSecretBasic(client.clientSecret),
    params,
    redirectUri,
    codeVerifier ?? oauth.nopkce,
    requestOptions(auth, signal),
  );
  return oauth.processAuthorizationCodeResponse(as, metadata, response);
}

/** Use a refresh token; throws ResponseBodyError (`error: "invalid_grant"` when revoked) or a network error. */
export async function refreshGrant(
  auth: ResolvedOAuth2Auth,
  client: ClientCredentials,
  refreshToken: string,
  signal: AbortSignal,
): Promise<oauth.TokenEndpointResponse> {
  const as = server(auth);
  const metadata: oauth.Client = { client_id: client.clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    metadata,
    oauth.ClientSecretBasic(client.clientSecret),
    refreshToken,
    requestOptions(auth, signal),
  );
  return oauth.processRefreshTokenResponse(as, metadata, response);
}

/** The OAuth error code of a failed token request (`invalid_grant`), or null for other failures. */
export function oauthErrorCode(error: unknown): string | null {
  const failure = error as { code?: unknown; error?: unknown } | null;
  const known = failure?.code === oauth.RESPONSE_BODY_ERROR || failure?.code === oauth.AUTHORIZATION_RESPONSE_ERROR;
  return known && typeof failure?.error === "string" ? failure.error : null;
}
