/**
 * Removing configured secrets (`${ENV}` values, the API key) from what a command answers: every
 * string of its `command_response` (body, headers), however deep, and a legacy v1 body. Only the
 * exact values are replaced (no credential patterns: an answer's data is the caller's data).
 * Copy-on-write: an answer without a secret is returned as is, and a command's own objects are
 * never changed.
 */
import { replaceSecrets } from "@connector-proxy/sdk";

/** `value` with every secret replaced in its strings (keys are left as they are); the same value when none occurs. */
export function scrubValue(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof value === "string") return replaceSecrets(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const clean = scrubValue(item, secrets);
      if (clean !== item) {
        copy ??= value.slice();
        copy[index] = clean;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const clean = scrubValue(item, secrets);
    if (clean !== item) {
      copy ??= { ...record };
      copy[key] = clean;
    }
  }
  return copy ?? value;
}
