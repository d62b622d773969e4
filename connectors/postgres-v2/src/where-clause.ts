/**
 * The `where` list of postgres_v2 schemas: `[[column, operator, value], ...]`, joined with AND.
 * Columns and operators are checked; values are always bound.
 */
import { z } from "@connector-proxy/sdk";
import { columnName, operator } from "./identifiers.js";

export const whereSchema = z
  .array(z.tuple([z.string(), z.string(), z.unknown()]))
  .optional()
  .describe("Conditions [column, operator (=, !=, <, >), value], joined with AND");

/** `WHERE a = $n AND ...` with placeholders numbered after `offset` values; empty without conditions. */
export function whereClause(where: readonly (readonly [string, string, unknown])[] | undefined, offset = 0) {
  const parts = (where ?? []).map(
    ([column, op], index) => `${columnName(column)} ${operator(op)} $${offset + index + 1}`,
  );
  const values = (where ?? []).map(([, , value]) => value);
  return { sql: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", values };
}
