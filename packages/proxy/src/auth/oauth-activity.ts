/**
 * What the console shows of OAuth connections: Arena keeps the token sets, so the proxy knows a
 * connection only when a command uses it. Per handler: when a token set was last used, when its
 * access token expires, whether it was refreshed, and the last failure. Never a token.
 */
import type { AuthHandler } from "./auth-handler.js";

export interface OAuthActivity {
  /** A command used the handler's token set (after refreshing it, when `refreshed`). */
  used(handlerId: string, expiresAtSeconds: number | null, refreshed: boolean): void;
  /** Using or refreshing the token set failed with this error code. */
  failed(handlerId: string, errorCode: string): void;
}

export interface AuthConnection {
  id: string;
  description: string;
  /** True when the browser flow has what it needs (URLs, client id and secret). */
  configured: boolean;
  /** What the connector's settings still lack, when not configured. */
  missing: string[];
  last_used_at: string | null;
  /** Expiry of the access token last used (ISO time), null when unknown or never used. */
  expires_at: string | null;
  last_refreshed_at: string | null;
  last_failure: { at: string; error_code: string } | null;
}

interface Seen {
  usedAt: number | null;
  expiresAt: number | null;
  refreshedAt: number | null;
  failure: { at: number; code: string } | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What a handler's settings lack for the browser flow. */
export function missingSettings(handler: AuthHandler): string[] {
  const { authorizationUrl, tokenUrl, clientId, clientSecret, clientIdConfigKey, clientSecretConfigKey } =
    handler.resolved;
  return [
    ...(authorizationUrl ? [] : ["authorization URL"]),
    ...(tokenUrl ? [] : ["token URL"]),
    ...(clientId ? [] : [clientIdConfigKey]),
    ...(clientSecret ? [] : [clientSecretConfigKey]),
  ];
}

export class OAuthActivityLog implements OAuthActivity {
  private readonly seen = new Map<string, Seen>();

  private entry(id: string): Seen {
    let entry = this.seen.get(id);
    if (!entry) {
      entry = { usedAt: null, expiresAt: null, refreshedAt: null, failure: null };
      this.seen.set(id, entry);
    }
    return entry;
  }

  used(handlerId: string, expiresAtSeconds: number | null, refreshed: boolean): void {
    const entry = this.entry(handlerId);
    entry.usedAt = Date.now();
    entry.expiresAt = expiresAtSeconds === null ? null : expiresAtSeconds * 1000;
    if (refreshed) entry.refreshedAt = entry.usedAt;
  }

  failed(handlerId: string, errorCode: string): void {
    this.entry(handlerId).failure = { at: Date.now(), code: errorCode };
  }

  describe(handler: AuthHandler): AuthConnection {
    const entry = this.seen.get(handler.id);
    const missing = missingSettings(handler);
    return {
      id: handler.id,
      description: handler.description,
      configured: missing.length === 0,
      missing,
      last_used_at: iso(entry?.usedAt ?? null),
      expires_at: iso(entry?.expiresAt ?? null),
      last_refreshed_at: iso(entry?.refreshedAt ?? null),
      last_failure: entry?.failure
        ? { at: new Date(entry.failure.at).toISOString(), error_code: entry.failure.code }
        : null,
    };
  }
}
