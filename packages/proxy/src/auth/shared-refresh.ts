/**
 * Cross-replica single flight through Redis: a short lease (`SET NX PX`) elects the replica
 * that refreshes; it publishes the new token set sealed with the auth secret, and the others
 * poll for it instead of spending the same refresh token.
 */
import { randomUUID } from "node:crypto";
import { CommandError, type OAuthTokenSet } from "@connector-proxy/sdk";
import type { Redis } from "ioredis";
import type { Sealer } from "./seal.js";
import type { SharedRefresh } from "./token-refresher.js";

const LEASE_MS = 15_000;
const POLL_MS = 50;
const WAIT_MS = 30_000;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export function redisSharedRefresh(redis: () => Redis, sealer: Sealer, prefix: string): SharedRefresh {
  async function published(resultKey: string): Promise<OAuthTokenSet | null> {
    const sealed = await redis().get(resultKey);
    const text = sealed ? sealer.open(sealed) : null;
    return text ? (JSON.parse(text) as OAuthTokenSet) : null;
  }

  return {
    async run(key, refresh, rememberMs) {
      const leaseKey = `${prefix}refresh-lease:${key}`;
      const resultKey = `${prefix}refreshed:${key}`;
      const owner = randomUUID();
      const giveUp = Date.now() + WAIT_MS;
      while (Date.now() < giveUp) {
        const done = await published(resultKey);
        if (done) return done;
        if ((await redis().set(leaseKey, owner, "PX", LEASE_MS, "NX")) === "OK") {
          try {
            const tokenSet = await refresh();
            await redis().set(resultKey, sealer.seal(JSON.stringify(tokenSet)), "PX", Math.max(1000, rememberMs));
            return tokenSet;
          } finally {
            await redis().eval(RELEASE, 1, leaseKey, owner);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      throw new CommandError(
        "TokenRefreshFailed",
        "Another proxy replica held the token refresh for over 30 s: retry the task",
        { httpStatus: 503 },
      );
    },
  };
}
