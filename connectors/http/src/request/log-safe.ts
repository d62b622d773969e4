/**
 * Making request details safe to log: no user info in URLs, no values of sensitive query
 * parameters (`api_key`, `token`, ...), and no credential values anywhere in a text.
 */
import { isSensitiveKey, REDACTED, redactText } from "@connector-proxy/sdk";

/** The URL as it may appear in logs and messages. */
export function logSafeUrl(url: URL): string {
  if (url.search === "" && url.password === "") return url.href;
  const copy = new URL(url.href);
  if (copy.password) copy.password = REDACTED;
  for (const key of new Set(copy.searchParams.keys())) {
    if (isSensitiveKey(key)) copy.searchParams.set(key, REDACTED);
  }
  return copy.href;
}

/** The scrubber of a request that used no secret value: credential patterns only. */
const patternsOnly = (text: string) => redactText(text);

/** A scrubber for one request: credential patterns plus the exact secret values it used. */
export function scrubberFor(secrets: readonly string[]): (text: string) => string {
  const values = secrets.filter((secret) => secret.length >= 4);
  return values.length === 0 ? patternsOnly : (text) => redactText(text, values);
}
