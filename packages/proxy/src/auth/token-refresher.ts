/**
 * Single-flight refresh per credential: concurrent callers holding the same refresh token
 * share one request to the provider, and callers arriving shortly after (still holding the
 * old token set, because Arena has not stored the new one yet) get the refreshed set instead
 * of spending a refresh token the provider may already have rotated away.
 */
import { createHash } from "node:crypto";
import { isCommandError, type OAuthTokenSet } from "@connector-proxy/sdk";

const REFUSED_MS = 60_000;

/** Coordination across replicas (Redis): run `refresh` once for `key` among every replica. */
export interface SharedRefresh {
  run(key: string, refresh: () => Promise<OAuthTokenSet>, rememberMs: number): Promise<OAuthTokenSet>;
}

/** The key of one credential; never contains the token itself. */
export function credentialKey(tokenUrl: string, clientId: string, refreshToken: string): string {
  return createHash("sha256").update(`${tokenUrl}\n${clientId}\n${refreshToken}`).digest("base64url");
}

export class TokenRefresher {
  private readonly inflight = new Map<string, Promise<OAuthTokenSet>>();
  private readonly recent = new Map<string, { tokenSet: OAuthTokenSet; until: number }>();
  /** Refresh tokens the provider refused: not sent again for a while (they will not start working). */
  private readonly refused = new Map<string, { error: unknown; until: number }>();

  /**
   * @param rememberMs how long a refreshed set is handed to late callers (capped by its own expiry)
   * @param shared cross-replica coordination, when configured
   */
  constructor(
    private readonly rememberMs: number,
    private readonly marginSeconds: number,
    private readonly shared: () => SharedRefresh | null,
  ) {}

  /** The refreshed token set for `key`, refreshing at most once however many callers ask. */
  refresh(key: string, refresh: () => Promise<OAuthTokenSet>): Promise<OAuthTokenSet> {
    const now = Date.now();
    for (const [old, entry] of this.recent) if (entry.until <= now) this.recent.delete(old);
    for (const [old, entry] of this.refused) if (entry.until <= now) this.refused.delete(old);
    const remembered = this.recent.get(key);
    if (remembered) return Promise.resolve(remembered.tokenSet);
    const refused = this.refused.get(key);
    if (refused) return Promise.reject(refused.error);
    const running = this.inflight.get(key);
    if (running) return running;
    const shared = this.shared();
    const started = (shared ? shared.run(key, refresh, this.rememberMs) : refresh())
      .then((tokenSet) => {
        this.recent.set(key, { tokenSet, until: this.rememberUntil(tokenSet) });
        return tokenSet;
      })
      .catch((error: unknown) => {
        if (isCommandError(error) && error.code === "ReauthorizationRequired") {
          this.refused.set(key, { error, until: Date.now() + REFUSED_MS });
        }
        throw error;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }

  private rememberUntil(tokenSet: OAuthTokenSet): number {
    const limit = Date.now() + this.rememberMs;
    if (typeof tokenSet.expires_at !== "number") return limit;
    return Math.min(limit, (tokenSet.expires_at - this.marginSeconds) * 1000);
  }
}
