/**
 * `postgres_v2/DeleteValuesV2`: DELETE with an optional where list (none deletes every row, as before).
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { tableName } from "../identifiers.js";
import { executeV2, tableParams, V2_ERRORS } from "../run-v2.js";
import { whereClause, whereSchema } from "../where-clause.js";

export const deleteValues = defineCommand({
  name: "DeleteValuesV2",
  description: "Deletes rows; schema is {where?: [[column, op, value], ...]} (no where: every row)",
  annotations: { destructive: true },
  params: z.object({
    ...tableParams,
    schema: z.object({ where: whereSchema }),
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, table_name, schema }, ctx) => {
    const where = whereClause(schema.where);
    const sql = `DELETE FROM ${tableName(table_name)} ${where.sql};`;
    return executeV2(database_connection_str, () => [{ sql, values: where.values }], ctx);
  },
});
