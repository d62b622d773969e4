/**
 * Parsing an execution request body: a JSON object, with prototype-polluting keys
 * (`__proto__`, `constructor`, `prototype`) removed at every depth.
 */

const POLLUTING = new Set(["__proto__", "constructor", "prototype"]);

export type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** Parse `text` as the JSON object of a command call; empty text is `{}`. */
export function readJsonObject(text: string): ParsedBody {
  if (text.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    const risky = text.includes("__proto__") || text.includes("constructor") || text.includes("prototype");
    value = risky ? JSON.parse(text, (key, item) => (POLLUTING.has(key) ? undefined : item)) : JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `The request body is not valid JSON (${(error as Error).message}): send a JSON object of the command's parameters`,
    };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return { ok: false, message: `The request body is ${kind}, not a JSON object: send {"parameter": value, ...}` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
