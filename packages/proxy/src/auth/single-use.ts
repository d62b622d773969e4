/**
 * Single use of a flow state: the first callback claims its nonce, any later one is
 * refused. In this process by default; in Redis (shared by every replica) when configured.
 */
import type { Redis } from "ioredis";

export interface NonceClaims {
  /** True the first time `nonce` is claimed (until `expiresAt`, epoch ms), false afterwards. */
  claim(nonce: string, expiresAt: number): Promise<boolean>;
}

/** Claims kept in this process; expired entries are dropped as new ones arrive. */
export function memoryNonceClaims(): NonceClaims {
  const claimed = new Map<string, number>();
  return {
    async claim(nonce, expiresAt) {
      const now = Date.now();
      for (const [key, until] of claimed) if (until <= now) claimed.delete(key);
      if (claimed.has(nonce)) return false;
      claimed.set(nonce, expiresAt);
      return true;
    },
  };
}

/** Claims shared through Redis (`SET NX` with the state's remaining lifetime). */
export function redisNonceClaims(redis: () => Redis, prefix: string): NonceClaims {
  return {
    async claim(nonce, expiresAt) {
      const ttl = Math.max(1, expiresAt - Date.now());
      return (await redis().set(`${prefix}state:${nonce}`, "1", "PX", ttl, "NX")) === "OK";
    },
  };
}
