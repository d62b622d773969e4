/**
 * Reading the token set a command is given (an object, or the JSON string Arena stores
 * as the secret) and deciding whether its access token is about to expire.
 */
import { CommandError, type OAuthTokenSet } from "@connector-proxy/sdk";
import type { TokenEndpointResponse } from "oauth4webapi";

/** Parse a token set; throws InvalidTokenSet (naming the handler, never echoing the value). */
export function readTokenSet(value: unknown, handlerId: string): OAuthTokenSet {
  let candidate = value;
  if (typeof value === "string") {
    try {
      candidate = JSON.parse(value);
    } catch {
      candidate = null;
    }
  }
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    typeof (candidate as { access_token?: unknown }).access_token !== "string"
  ) {
    throw new CommandError(
      "InvalidTokenSet",
      `The token set for "${handlerId}" is not a JSON object with an access_token: pass "secret:${handlerId}" after connecting it in Arena`,
      { httpStatus: 400 },
    );
  }
  return candidate as OAuthTokenSet;
}

/** Epoch seconds when the access token expires: `expires_at`, else a JWT's `exp`, else unknown. */
export function expiresAt(tokenSet: OAuthTokenSet): number | null {
  if (typeof tokenSet.expires_at === "number") return tokenSet.expires_at;
  const parts = tokenSet.access_token.split(".");
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const exp = (JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp : null;
  } catch {
    return null;
  }
}

/** True when the token must be refreshed before use (unknown expiry counts as due, as the reference did). */
export function needsRefresh(tokenSet: OAuthTokenSet, marginSeconds: number, nowMs = Date.now()): boolean {
  const expiry = expiresAt(tokenSet);
  return expiry === null || expiry - marginSeconds <= nowMs / 1000;
}

/** The token set to store after a token endpoint answer: its fields plus `expires_at`, keeping what it omits. */
export function toTokenSet(response: TokenEndpointResponse, previous?: OAuthTokenSet): OAuthTokenSet {
  const { expires_at: _old, expires_in: _oldIn, ...kept } = previous ?? { access_token: "" };
  const fields = Object.fromEntries(Object.entries(response).filter(([, value]) => value !== undefined));
  const tokenSet: OAuthTokenSet = { ...kept, ...fields, access_token: response.access_token };
  if (typeof response.expires_in === "number") {
    tokenSet.expires_at = Math.floor(Date.now() / 1000) + response.expires_in;
  }
  return tokenSet;
}
