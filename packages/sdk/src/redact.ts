/**
 * Redaction of credentials before anything is logged or answered, following the
 * rules of the reference async proxy (CONTRACT.md, last section).
 */

export const REDACTED = "***REDACTED***";

const SENSITIVE_WORDS = new Set([
  "auth",
  "authorization",
  "authentication",
  "password",
  "passwd",
  "pwd",
  "secret",
  "token",
  "jwt",
  "bearer",
  "credential",
  "credentials",
  "cookie",
  "session",
  "key",
  "csrf",
]);
const SENSITIVE_JOINED =
  /apikey|accesskey|privatekey|secretkey|password|passwd|secret|token|credential|authorization|authentication|cookie|csrf/;
const DESCRIPTOR_KEYS = ["id", "name", "field", "field_name", "key"] as const;

/** True when a key names a credential, in any case or delimiter style (`apiKey`, `X-Api-Key`, `api.key`). */
export function isSensitiveKey(key: string): boolean {
  if (key === "display_name") return false;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s\-_.]+/)
    .filter(Boolean);
  return words.some((word) => SENSITIVE_WORDS.has(word)) || SENSITIVE_JOINED.test(words.join(""));
}

/**
 * A deep copy of `value` with every sensitive key's value replaced, and `{name, value}`-style
 * items redacted when the descriptor is sensitive or `type` is `password`.
 *
 * @example
 * redact({ headers: { Authorization: "Bearer x" } }) // { headers: { Authorization: "***REDACTED***" } }
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const source = value as Record<string, unknown>;
  const descriptor = DESCRIPTOR_KEYS.map((key) => source[key]).find((item) => typeof item === "string");
  const valueIsSecret =
    "value" in source && ((typeof descriptor === "string" && isSensitiveKey(descriptor)) || source.type === "password");
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    copy[key] = isSensitiveKey(key) || (valueIsSecret && key === "value") ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}

/**
 * Scrub a free text: `Bearer`/`Basic` credentials, passwords in URLs, and every exact secret value given.
 *
 * @example
 * redactText("GET https://bob:hunter2@host/", []) // "GET https://bob:***REDACTED***@host/"
 */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  const out = text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/\bToken\s+[A-Za-z0-9._~+/=-]{8,}/g, `Token ${REDACTED}`)
    .replace(/(\/\/[^/\s:@]+):([^@\s/]+)@/g, `$1:${REDACTED}@`)
    .replace(/\b(password|passwd|pwd)=('[^']*'|[^\s&;]+)/gi, `$1=${REDACTED}`);
  return replaceSecrets(out, secrets);
}

/** Secrets shorter than this are not replaced: replacing "1" or "yes" everywhere would garble a text. */
export const SHORTEST_SECRET = 4;

/**
 * `text` with every exact secret value (of SHORTEST_SECRET characters or more) replaced.
 *
 * @example
 * replaceSecrets("token is s3cret-value", ["s3cret-value"]) // "token is ***REDACTED***"
 */
export function replaceSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= SHORTEST_SECRET && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
