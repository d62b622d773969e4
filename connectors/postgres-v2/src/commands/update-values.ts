/**
 * `postgres_v2/UpdateValuesV2`: UPDATE ... SET with an optional where list; values bound.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { columnName, tableName } from "../identifiers.js";
import { executeV2, tableParams, V2_ERRORS } from "../run-v2.js";
import { whereClause, whereSchema } from "../where-clause.js";

export const updateValues = defineCommand({
  name: "UpdateValuesV2",
  description: "Updates rows; schema is {set: {column: value}, where?: [[column, op, value], ...]}",
  annotations: { destructive: true },
  params: z.object({
    ...tableParams,
    schema: z.object({
      set: z.record(z.string(), z.unknown()).refine((set) => Object.keys(set).length > 0, "set names no column"),
      where: whereSchema,
    }),
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, table_name, schema }, ctx) => {
    const set = Object.entries(schema.set);
    const assignments = set.map(([column], index) => `${columnName(column)} = $${index + 1}`).join(", ");
    const where = whereClause(schema.where, set.length);
    const sql = `UPDATE ${tableName(table_name)} SET ${assignments} ${where.sql};`;
    const values = [...set.map(([, value]) => value), ...where.values];
    return executeV2(database_connection_str, () => [{ sql, values }], ctx);
  },
});
