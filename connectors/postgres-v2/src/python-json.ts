/**
 * `json.dumps` as Python writes it (`", "` and `": "` separators, non-ASCII escaped): the
 * postgres_v2 original answered its body as such a string, and diagrams decode it.
 */

export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  if (value instanceof Date) return pythonJsonDumps(value.toISOString());
  if (value instanceof Uint8Array) return pythonJsonDumps(Buffer.from(value).toString("base64"));
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${pythonJsonDumps(key)}: ${pythonJsonDumps(item)}`);
    return `{${entries.join(", ")}}`;
  }
  if (typeof value === "string") {
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && !Number.isFinite(value))
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  return JSON.stringify(value ?? null);
}
