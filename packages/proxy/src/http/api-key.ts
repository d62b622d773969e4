/**
 * The shared-secret check Arena uses: header `Spiff-Connector-Proxy-Api-Key`,
 * compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { requestHeader } from "./runtime-bindings.js";

export const API_KEY_HEADER = "Spiff-Connector-Proxy-Api-Key";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether a request's key header (`undefined` when absent) is the right one; always true when `apiKey` is null. */
export function apiKeyCheck(apiKey: string | null): (given: string | undefined) => boolean {
  if (apiKey === null) return () => true;
  const expected = digest(apiKey);
  return (given) => given !== undefined && timingSafeEqual(digest(given), expected);
}

export const UNAUTHORIZED = { error: "Unauthorized" };

/** Middleware answering 401 `{"error": "Unauthorized"}` unless the header matches `apiKey`; a no-op when `apiKey` is null. */
export function requireApiKey(apiKey: string | null): MiddlewareHandler {
  const check = apiKeyCheck(apiKey);
  return async (c, next) => (check(requestHeader(c, API_KEY_HEADER)) ? next() : c.json(UNAUTHORIZED, 401));
}
