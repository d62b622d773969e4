/**
 * The headers that authenticate a request to Arena's API: none, `SpiffWorkflow-Api-Key` (a
 * service account's key), a static bearer token, or an OAuth2 client-credentials token fetched
 * from the identity provider, shared by concurrent callers and cached until shortly before it
 * expires.
 */
import type { EngineAuth } from "./engine-config.js";

export const SPIFF_API_KEY_HEADER = "SpiffWorkflow-Api-Key";

export interface EngineCredentials {
  /** False for `type: none`: requests to Arena go unauthenticated. */
  readonly configured: boolean;
  /** Headers to add to a request to Arena (empty for none). */
  headers(): Promise<Record<string, string>>;
  /** Forget a cached token (Arena answered 401): the next request fetches a fresh one. */
  invalidate(): void;
}

const EARLY_REFRESH_MS = 30_000;
const TOKEN_TIMEOUT_MS = 15_000;

const fixed = (headers: Record<string, string>): EngineCredentials => ({
  configured: Object.keys(headers).length > 0,
  headers: async () => headers,
  invalidate() {},
});

/**
 * A credential source for the configured engine auth.
 *
 * @example
 * const credentials = engineCredentials({ type: "spiff_api_key", key: "k" });
 * await fetch(url, { headers: { ...(await credentials.headers()), "content-type": "application/json" } });
 */
export function engineCredentials(auth: EngineAuth, fetchImpl: typeof fetch = fetch): EngineCredentials {
  switch (auth.type) {
    case "none":
      return fixed({});
    case "spiff_api_key":
      return fixed({ [SPIFF_API_KEY_HEADER]: auth.key });
    case "bearer":
      return fixed({ authorization: `Bearer ${auth.token}` });
    case "oauth2_client_credentials":
      return oauth2TokenSource(auth, fetchImpl);
  }
}

type ClientCredentials = Extract<EngineAuth, { type: "oauth2_client_credentials" }>;

/** Tokens from an OAuth2 token endpoint (client-credentials grant), shared by concurrent callers. */
function oauth2TokenSource(auth: ClientCredentials, fetchImpl: typeof fetch): EngineCredentials {
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
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof answer.access_token !== "string") {
      throw new Error(
        `The token endpoint ${auth.token_url} answered ${response.status} without an access_token: check client_id and client_secret in engine.auth`,
      );
    }
    const seconds = typeof answer.expires_in === "number" ? answer.expires_in : 300;
    cached = { value: answer.access_token, expiresAt: Date.now() + seconds * 1000 - EARLY_REFRESH_MS };
    return answer.access_token;
  }

  return {
    configured: true,
    async headers() {
      if (cached && cached.expiresAt > Date.now()) return { authorization: `Bearer ${cached.value}` };
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return { authorization: `Bearer ${await inFlight}` };
    },
    invalidate() {
      cached = null;
    },
  };
}
