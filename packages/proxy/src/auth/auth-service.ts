/**
 * Connector-managed authentication: the served handlers (`/v1/auths`), the browser flow
 * and `ctx.oauth`. Redis, when configured, makes single use and single-flight refresh
 * hold across replicas; it is connected lazily, on first need.
 */

import { createRequire } from "node:module";
import type { Connector, OAuthProvider } from "@connector-proxy/sdk";
import type { Redis } from "ioredis";
import type { Logger } from "../log/logger.js";
import { type AuthHandler, authHandler } from "./auth-handler.js";
import type { AuthSettings } from "./auth-settings.js";
import { type FlowAnswer, type FlowContext, finishFlow, startFlow } from "./browser-flow.js";
import { type AuthConnection, missingSettings, OAuthActivityLog } from "./oauth-activity.js";
import { redirectAllowlist } from "./redirect-allowlist.js";
import { createSealer } from "./seal.js";
import { redisSharedRefresh } from "./shared-refresh.js";
import { memoryNonceClaims, redisNonceClaims } from "./single-use.js";
import { oauthProvider } from "./token-access.js";
import { TokenRefresher } from "./token-refresher.js";

const REMEMBER_REFRESHED_MS = 10 * 60_000;

export interface AuthServiceOptions {
  settings: AuthSettings;
  logger: Logger;
  /** The proxy's scrub list: client secrets are added to it. */
  secrets: Set<string>;
  /** `CONNECTOR_PROXY_REDIS_URL`, when set. */
  redisUrl?: string | undefined;
  /** Key prefix in Redis. Default `connector-proxy:auth:`. */
  redisPrefix?: string;
}

/** An entry of `/v1/auths`: Arena's `{id, parameters}` plus what kind of handler it is. */
export interface AuthListing {
  id: string;
  parameters: [];
  description: string;
  type: "oauth2";
}

export interface AuthService {
  /** Serve a connector's handlers; returns its `ctx.oauth`, or undefined when it declares none. */
  register(
    connector: Connector,
    mountName: string,
    config: Readonly<Record<string, unknown>>,
  ): OAuthProvider | undefined;
  /** The handlers whose browser flow is configured (the others would only show an error page). */
  list(): AuthListing[];
  /** Every handler, configured or not, with what the proxy saw of its token sets (the console shows it). */
  connections(): AuthConnection[];
  start(id: string, redirectUrl: string | undefined, origin: string): Promise<FlowAnswer>;
  finish(id: string, query: URLSearchParams, origin: string): Promise<FlowAnswer>;
  close(): Promise<void>;
}

/** A handler Arena can offer: the browser flow has everything it needs. */
const usable = (handler: AuthHandler) => missingSettings(handler).length === 0;

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { settings, logger } = options;
  const prefix = options.redisPrefix ?? "connector-proxy:auth:";
  const handlers = new Map<string, AuthHandler>();
  let client: Redis | null = null;
  const redis = () => {
    // ioredis is loaded on first use: deployments without Redis never pay for it
    const { Redis: RedisClient } = createRequire(import.meta.url)("ioredis") as typeof import("ioredis");
    client ??= new RedisClient(options.redisUrl ?? "", { maxRetriesPerRequest: 2 });
    return client;
  };
  const secret = settings.state_secret;
  const shared =
    options.redisUrl && secret ? redisSharedRefresh(redis, createSealer(secret, "token-set"), prefix) : null;
  if (options.redisUrl && !secret) {
    logger.warn(
      "CONNECTOR_PROXY_REDIS_URL is set but auth.state_secret is not: token refresh is single-flight per replica only",
    );
  }
  const activity = new OAuthActivityLog();
  const refresher = new TokenRefresher(REMEMBER_REFRESHED_MS, settings.refresh_margin_seconds, () => shared);
  const flow: FlowContext = {
    settings,
    handler: (id) => handlers.get(id),
    sealer: secret ? createSealer(secret, "oauth-state") : null,
    allowed: redirectAllowlist(settings.redirect_allowlist),
    claims: options.redisUrl ? redisNonceClaims(redis, prefix) : memoryNonceClaims(),
    logger,
  };

  return {
    register(connector, mountName, config) {
      const own = (connector.auths ?? []).map((auth) => authHandler(mountName, auth, config));
      if (own.length === 0) return undefined;
      for (const handler of own) {
        handlers.set(handler.id, handler);
        if (handler.resolved.clientSecret) options.secrets.add(handler.resolved.clientSecret);
        if (!usable(handler)) {
          logger.info(
            { handler: handler.id },
            `OAuth handler not listed in /v1/auths until its connector's settings give the URLs, ${handler.resolved.clientIdConfigKey} and ${handler.resolved.clientSecretConfigKey}`,
          );
        }
      }
      return oauthProvider(own, refresher, settings.refresh_margin_seconds, logger, activity);
    },
    list() {
      return [...handlers.values()]
        .filter(usable)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((handler) => ({ id: handler.id, parameters: [], description: handler.description, type: "oauth2" }));
    },
    connections: () =>
      [...handlers.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((handler) => activity.describe(handler)),
    start: (id, redirectUrl, origin) => startFlow(flow, id, redirectUrl, origin),
    finish: (id, query, origin) => finishFlow(flow, id, query, origin),
    async close() {
      await client?.quit().catch(() => client?.disconnect());
      client = null;
    },
  };
}
