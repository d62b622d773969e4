/**
 * Credentials for Arena's callback endpoint: none, a static bearer token, or an OAuth2
 * client-credentials token fetched from the identity provider and cached until it expires.
 */
import type { CallbackAuth } from "./jobs-config.js";

export interface CredentialSource {
  /** The `Authorization` header value, or null for none. */
  authorization(): Promise<string | null>;
  /** Forget a cached token (the callback endpoint answered 401). */
  invalidate(): void;
}

const EARLY_REFRESH_MS = 30_000;

/** A credential source for the configured callback auth. */
export function credentialSource(auth: CallbackAuth, fetchImpl: typeof fetch = fetch): CredentialSource {
  if (auth.type === "none") return { authorization: async () => null, invalidate() {} };
  if (auth.type === "bearer") return { authorization: async () => `Bearer ${auth.token}`, invalidate() {} };
  return oauth2TokenSource(auth, fetchImpl);
}

type ClientCredentials = Extract<CallbackAuth, { type: "oauth2_client_credentials" }>;

/** Tokens from an OAuth2 token endpoint (client-credentials grant), shared by concurrent callers. */
function oauth2TokenSource(auth: ClientCredentials, fetchImpl: typeof fetch): CredentialSource {
  let cached: { value: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (auth.scope) form.set("scope", auth.scope);
    if (auth.audience) form.set("audience", auth.audience);
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    if (auth.client_auth === "basic") {
      const pair = `${encodeURIComponent(auth.client_id)}:${encodeURIComponent(auth.client_secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
    } else {
      form.set("client_id", auth.client_id);
      form.set("client_secret", auth.client_secret);
    }
    const response = await fetchImpl(auth.token_url, {
      method: "POST",
      headers,
      body: form,
      signal: AbortSignal.timeout(15_000),
    });
    const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof answer.access_token !== "string") {
      throw new Error(
        `The token endpoint ${auth.token_url} answered ${response.status} without an access_token: check client_id and client_secret in jobs.callback_auth`,
      );
    }
    const seconds = typeof answer.expires_in === "number" ? answer.expires_in : 300;
    cached = { value: answer.access_token, expiresAt: Date.now() + seconds * 1000 - EARLY_REFRESH_MS };
    return answer.access_token;
  }

  return {
    async authorization() {
      if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.value}`;
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return `Bearer ${await inFlight}`;
    },
    invalidate() {
      cached = null;
    },
  };
}
