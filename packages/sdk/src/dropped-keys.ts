/**
 * Settings a connector's schema does not know: zod drops unknown keys while parsing, so a key
 * of the input that is missing from the parsed value at the same place was not declared.
 * A misspelt setting is then an error instead of a silently ignored value.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One sentence per key of `input` (at any depth) that parsing into `output` dropped. */
export function droppedKeys(input: unknown, output: unknown, path: readonly string[] = []): string[] {
  if (Array.isArray(input) && Array.isArray(output) && input.length === output.length)
    return input.flatMap((item, index) => droppedKeys(item, output[index], [...path, String(index)]));
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.keys(input).flatMap((key) => {
    const where = [...path, key];
    if (key in output) return droppedKeys(input[key], output[key], where);
    const known = Object.keys(output);
    const hint = known.length > 0 ? `the settings known here are ${known.join(", ")}` : "nothing is expected here";
    return [`${where.join(".")}: unknown setting (${hint})`];
  });
}
