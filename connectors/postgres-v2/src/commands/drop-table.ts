/**
 * `postgres_v2/DropTableV2`: DROP TABLE IF EXISTS with a checked name.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { tableName } from "../identifiers.js";
import { executeV2, tableParams, V2_ERRORS } from "../run-v2.js";

export const dropTable = defineCommand({
  name: "DropTableV2",
  description: "Drops a table if it exists",
  annotations: { destructive: true },
  params: z.object({
    ...tableParams,
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, table_name }, ctx) =>
    executeV2(
      database_connection_str,
      () => [{ sql: `DROP TABLE IF EXISTS ${tableName(table_name)};`, values: [] }],
      ctx,
    ),
});
