/**
 * The shared-secret check Arena uses: header `Spiff-Connector-Proxy-Api-Key`,
 * compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { requestHeader } from "./runtime-bindings.js";

export const API_KEY_HEADER = "Spiff-Connector-Proxy-Api-Key";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Middleware answering 401 `{"error": "Unauthorized"}` unless the header matches `apiKey`; a no-op when `apiKey` is null. */
export function requireApiKey(apiKey: string | null): MiddlewareHandler {
  if (apiKey === null) return async (_c, next) => next();
  const expected = digest(apiKey);
  return async (c, next) => {
    const given = requestHeader(c, API_KEY_HEADER);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      return c.json({ error: "Unauthorized" }, 401);
    }
    return next();
  };
}
