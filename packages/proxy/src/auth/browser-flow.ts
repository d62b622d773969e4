/**
 * The browser OAuth flow: `start` sends the browser to the provider with PKCE and a sealed
 * state; `finish` checks the state (seal, expiry, single use), exchanges the code and sends
 * the browser back to the allowed redirect_url with `response=<token set JSON>`.
 * Both answer data (a location or an error code), never throw at the route.
 */
import type { ProxyErrorCode } from "@connector-proxy/sdk";
import type { Logger } from "../log/logger.js";
import type { AuthHandler } from "./auth-handler.js";
import type { AuthSettings } from "./auth-settings.js";
import { authorizationUrl, exchangeCode, newPkce, oauthErrorCode } from "./oauth-client.js";
import { newFlowState, openState, sealState } from "./oauth-state.js";
import type { Sealer } from "./seal.js";
import type { NonceClaims } from "./single-use.js";
import { toTokenSet } from "./token-set.js";

type Refusal = { ok: false; code: ProxyErrorCode; message: string };
export type FlowAnswer = { ok: true; location: string } | Refusal;

export interface FlowContext {
  settings: AuthSettings;
  handler(id: string): AuthHandler | undefined;
  /** Null when auth.state_secret is not configured. */
  sealer: Sealer | null;
  allowed(redirectUrl: string): boolean;
  claims: NonceClaims;
  logger: Logger;
}

const EXCHANGE_TIMEOUT_MS = 30_000;

function fail(code: ProxyErrorCode, message: string): Refusal {
  return { ok: false, code, message };
}

/** The callback URL registered at the provider: `{public_url or origin}/v1/auth/{connector}/{auth}/callback`. */
export function callbackUrl(settings: AuthSettings, origin: string, handler: AuthHandler): string {
  const base = (settings.public_url ?? origin).replace(/\/+$/, "");
  return `${base}/v1/auth/${handler.connector}/${handler.name}/callback`;
}

type Ready = { ok: true; handler: AuthHandler; sealer: Sealer; clientId: string; clientSecret: string };

function ready(flow: FlowContext, id: string): Ready | Refusal {
  const handler = flow.handler(id);
  if (!handler)
    return fail("AuthNotFound", `No authentication handler "${id}" on this proxy: GET /v1/auths lists them`);
  if (!flow.sealer) {
    return fail("AuthNotConfigured", `Browser sign-in is disabled: set auth.state_secret in the proxy configuration`);
  }
  const { clientId, clientSecret, clientIdConfigKey, clientSecretConfigKey } = handler.resolved;
  if (!handler.resolved.authorizationUrl || !handler.resolved.tokenUrl) {
    return fail("AuthNotConfigured", `"${id}" has no authorization or token URL: set them in the connector's settings`);
  }
  if (!clientId || !clientSecret) {
    return fail(
      "AuthNotConfigured",
      `"${id}" has no client credentials: set ${clientIdConfigKey} and ${clientSecretConfigKey} in the settings of connector "${handler.connector}"`,
    );
  }
  return { ok: true, handler, sealer: flow.sealer, clientId, clientSecret };
}

function refusedRedirect(redirectUrl: string | undefined): Refusal {
  return fail(
    "RedirectUrlNotAllowed",
    redirectUrl
      ? "The redirect_url is not under any prefix of auth.redirect_allowlist: add Arena's backend URL there"
      : "redirect_url is missing: start the connection from Arena's Configuration page",
  );
}

export async function startFlow(
  flow: FlowContext,
  id: string,
  redirectUrl: string | undefined,
  origin: string,
): Promise<FlowAnswer> {
  const checked = ready(flow, id);
  if (!checked.ok) return checked;
  if (!redirectUrl || !flow.allowed(redirectUrl)) return refusedRedirect(redirectUrl);
  const { handler } = checked;
  const pkce = handler.resolved.pkce ? await newPkce() : undefined;
  const state = newFlowState(id, redirectUrl, pkce?.verifier, flow.settings.state_ttl_seconds * 1000);
  const location = authorizationUrl(
    handler.resolved,
    checked.clientId,
    callbackUrl(flow.settings, origin, handler),
    sealState(checked.sealer, state),
    pkce?.challenge,
  );
  flow.logger.info({ auth: id }, "OAuth flow started");
  return { ok: true, location };
}

export async function finishFlow(
  flow: FlowContext,
  id: string,
  query: URLSearchParams,
  origin: string,
): Promise<FlowAnswer> {
  const checked = ready(flow, id);
  if (!checked.ok) return checked;
  const sealedState = query.get("state") ?? undefined;
  const opened = openState(checked.sealer, sealedState, id);
  if (!opened.ok) return fail(opened.code, opened.message);
  const { state } = opened;
  if (!flow.allowed(state.redirectUrl)) return refusedRedirect(state.redirectUrl);
  if (!(await flow.claims.claim(state.nonce, state.expiresAt))) {
    return fail("OAuthStateReused", `This sign-in answer for "${id}" was already used: start the connection again`);
  }
  const providerError = query.get("error");
  if (providerError) {
    flow.logger.warn({ auth: id, oauth_error: providerError }, "OAuth flow refused by the provider");
    return fail(
      "OAuthProviderError",
      `The provider did not grant access to "${id}" (${providerError}): the stored connection is unchanged; try again from Arena`,
    );
  }
  try {
    const response = await exchangeCode(
      checked.handler.resolved,
      checked,
      query,
      sealedState ?? "",
      callbackUrl(flow.settings, origin, checked.handler),
      state.codeVerifier,
      AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
    );
    const tokenSet = JSON.stringify(toTokenSet(response));
    const separator = state.redirectUrl.includes("?") ? "&" : "?";
    flow.logger.info({ auth: id }, "OAuth flow completed");
    return { ok: true, location: `${state.redirectUrl}${separator}response=${encodeURIComponent(tokenSet)}` };
  } catch (error) {
    const code = oauthErrorCode(error) ?? (error as { code?: unknown }).code ?? "exchange_failed";
    flow.logger.warn({ auth: id, oauth_error: String(code) }, "OAuth code exchange failed");
    return fail(
      "OAuthProviderError",
      `The provider refused the sign-in code for "${id}" (${String(code)}): try again from Arena`,
    );
  }
}
