/**
 * `postgres_v2/CreateTableV2`: CREATE TABLE IF NOT EXISTS with checked names and types.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { columnName, columnType, tableName } from "../identifiers.js";
import { executeV2, tableParams, V2_ERRORS } from "../run-v2.js";

export const createTable = defineCommand({
  name: "CreateTableV2",
  description: "Creates a table if it does not exist; schema is {column_definitions: [{name, type}]}",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    ...tableParams,
    schema: z.object({
      column_definitions: z.array(z.object({ name: z.string(), type: z.string() })).min(1),
    }),
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, table_name, schema }, ctx) => {
    const columns = schema.column_definitions.map((c) => `${columnName(c.name)} ${columnType(c.type)}`).join(",");
    const sql = `CREATE TABLE IF NOT EXISTS ${tableName(table_name)} (${columns});`;
    return executeV2(database_connection_str, () => [{ sql, values: [] }], ctx);
  },
});
