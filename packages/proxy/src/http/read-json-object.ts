/**
 * Parsing an execution request body: a JSON object no deeper than the configured nesting limit
 * (`limits.json_depth`), with prototype-polluting keys (`__proto__`, `constructor`, `prototype`)
 * removed at every depth. Deciding the depth here, at parse time, keeps a caller's 10,000-level
 * body from overflowing the stack later (serialising the answer, a job row, a child's message).
 */

const POLLUTING = new Set(["__proto__", "constructor", "prototype"]);

export type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** Parse `text` as the JSON object of a command call, at most `maxDepth` levels deep; empty text is `{}`. */
export function readJsonObject(text: string, maxDepth: number): ParsedBody {
  if (text.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text); // V8's parser is not recursive: any depth parses, the walk below decides
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
  const risky = text.includes("__proto__") || text.includes("constructor") || text.includes("prototype");
  // n levels take 2n brackets: a shorter body without a polluting key needs no walk
  if ((risky || text.length >= 2 * maxDepth) && !fits(value, maxDepth, risky)) {
    return {
      ok: false,
      message: `The request body nests arrays or objects more than ${maxDepth} levels deep: send flatter data, or raise limits.json_depth in the proxy configuration`,
    };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** True when `value` nests at most `levels` deep; with `strip`, removes polluting keys on the way. */
function fits(value: unknown, levels: number, strip: boolean): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (levels === 0) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!fits(item, levels - 1, strip)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (strip && POLLUTING.has(key)) delete record[key];
    else if (!fits(record[key], levels - 1, strip)) return false;
  }
  return true;
}
