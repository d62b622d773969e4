/**
 * The proxy's one connection to the workflow engine (Arena): its API base URL, the credentials
 * every request to it carries, and the origins Arena's credentials may be sent to. Built once
 * at start-up from the `engine` section (with the deprecated `jobs.callback_auth` /
 * `jobs.callback_origins` as aliases) and shared by job callbacks and inbound events.
 *
 * @example
 * const response = await fetch(`${engine.apiUrl}/messages/${name}`, {
 *   method: "POST",
 *   headers: { ...(await engine.credentials.headers()), "content-type": "application/json" },
 *   body: JSON.stringify(payload),
 * });
 * if (response.status === 401) engine.credentials.invalidate();
 */
import type { ProxyConfig } from "../config/config-schema.js";
import { ConfigError } from "../config/load-config.js";
import type { Logger } from "../log/logger.js";
import type { EngineAuth } from "./engine-config.js";
import { type EngineCredentials, engineCredentials } from "./engine-credentials.js";

export interface Engine {
  /** Arena's API base URL without a trailing slash (`http://arena-backend:7000/v1.0`), or null when not configured. */
  readonly apiUrl: string | null;
  /** Headers for requests to Arena; `configured` is false when no credentials are set. */
  readonly credentials: EngineCredentials;
  /** Origins (`scheme://host:port`) that may receive Arena's credentials; empty: any. */
  readonly callbackOrigins: readonly string[];
  /** Why a callback URL may not be used (a message naming the fix), or null when it may. */
  checkCallbackUrl(callbackUrl: string): string | null;
}

/** The `engine` settings after applying the deprecated `jobs.*` aliases; throws ConfigError on a conflict. */
export function engineSettings(config: Pick<ProxyConfig, "engine" | "jobs">): {
  apiUrl: string | null;
  auth: EngineAuth;
  callbackOrigins: string[];
  deprecations: string[];
} {
  const { engine, jobs } = config;
  const deprecations: string[] = [];
  if (engine.auth && jobs.callback_auth) {
    throw new ConfigError(
      "Both engine.auth and jobs.callback_auth are set: keep engine.auth only (the other is its old name)",
    );
  }
  if (engine.callback_origins && jobs.callback_origins) {
    throw new ConfigError(
      "Both engine.callback_origins and jobs.callback_origins are set: keep engine.callback_origins only (the other is its old name)",
    );
  }
  if (jobs.callback_auth) deprecations.push("jobs.callback_auth is deprecated: move it to engine.auth");
  if (jobs.callback_origins)
    deprecations.push("jobs.callback_origins is deprecated: move it to engine.callback_origins");
  const apiUrl = engine.api_url ? engine.api_url.replace(/\/+$/, "") : null;
  const callbackOrigins = engine.callback_origins ?? jobs.callback_origins ?? (apiUrl ? [new URL(apiUrl).origin] : []);
  return {
    apiUrl,
    auth: engine.auth ?? jobs.callback_auth ?? { type: "none" },
    callbackOrigins: callbackOrigins.map(normalOrigin),
    deprecations,
  };
}

/** `scheme://host:port` as URL parsing writes it (lower case, no default port), or the text as given. */
function normalOrigin(origin: string): string {
  return URL.canParse(origin) ? new URL(origin).origin : origin.replace(/\/+$/, "");
}

/** Values of the engine credentials, to scrub from logs and answers even when not given as ${ENV}. */
export function engineSecrets(auth: EngineAuth): string[] {
  switch (auth.type) {
    case "none":
      return [];
    case "spiff_api_key":
      return [auth.key];
    case "bearer":
      return [auth.token];
    case "oauth2_client_credentials":
      return [auth.client_secret];
  }
}

/** Build the engine connection and log its start-up notices (deprecated keys, credentials sent anywhere). */
export function createEngine(
  config: Pick<ProxyConfig, "engine" | "jobs">,
  logger: Logger,
  fetchImpl: typeof fetch = fetch,
): Engine {
  const settings = engineSettings(config);
  for (const line of settings.deprecations) logger.warn(line);
  const credentials = engineCredentials(settings.auth, fetchImpl);
  const origins = settings.callbackOrigins;
  // an http(s) URL starting with an allowed origin and "/" is on it: the common call skips parsing
  const prefixes = origins.filter((origin) => /^https?:\/\//.test(origin)).map((origin) => `${origin}/`);
  if (credentials.configured && origins.length === 0) {
    logger.warn(
      "engine.auth is set but neither engine.api_url nor engine.callback_origins: Arena's credentials go to any callback URL a caller names; set engine.api_url",
    );
  }
  return {
    apiUrl: settings.apiUrl,
    credentials,
    callbackOrigins: origins,
    checkCallbackUrl(callbackUrl) {
      if (prefixes.some((prefix) => callbackUrl.startsWith(prefix))) return null;
      const url = URL.canParse(callbackUrl) ? new URL(callbackUrl) : null;
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
        return `spiff__callback_url "${callbackUrl}" is not an http(s) URL`;
      }
      if (origins.length > 0 && !origins.includes(url.origin)) {
        return `spiff__callback_url goes to ${url.origin}, which is not among the allowed callback origins (${origins.join(", ")}): set engine.api_url or engine.callback_origins to Arena's`;
      }
      return null;
    },
  };
}
