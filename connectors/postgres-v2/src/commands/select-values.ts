/**
 * `postgres_v2/SelectValuesV2`: SELECT columns with an optional where list; rows answered as arrays.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { columnName, tableName } from "../identifiers.js";
import { fetchAllV2, tableParams, V2_ERRORS } from "../run-v2.js";
import { whereClause, whereSchema } from "../where-clause.js";

export const selectValues = defineCommand({
  name: "SelectValuesV2",
  description: "Selects rows (as arrays); schema is {columns: [names or *], where?: [[column, op, value], ...]}",
  annotations: { readOnly: true },
  params: z.object({
    ...tableParams,
    schema: z.object({ columns: z.array(z.string()).min(1), where: whereSchema }),
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, table_name, schema }, ctx) => {
    const columns = schema.columns.map((c) => (c === "*" ? c : columnName(c))).join(",");
    const where = whereClause(schema.where);
    const sql = `SELECT ${columns} FROM ${tableName(table_name)} ${where.sql};`;
    return fetchAllV2(database_connection_str, () => ({ sql, values: where.values }), ctx);
  },
});
