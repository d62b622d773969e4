/**
 * `postgres_v2/InsertValuesV2`: one INSERT per row of values, all in one transaction.
 */
import { CommandError, defineCommand, z } from "@connector-proxy/sdk";
import { columnName, tableName } from "../identifiers.js";
import { executeV2, tableParams, V2_ERRORS } from "../run-v2.js";

export const insertValues = defineCommand({
  name: "InsertValuesV2",
  description: "Inserts rows; schema is {columns: [names], values: [[row values], ...]}",
  params: z.object({
    ...tableParams,
    schema: z.object({
      columns: z.array(z.string()).min(1),
      values: z.array(z.array(z.unknown())),
    }),
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, table_name, schema }, ctx) => {
    const columns = schema.columns.map((c) => columnName(c)).join(",");
    const placeholders = schema.columns.map((_, index) => `$${index + 1}`).join(",");
    const sql = `INSERT INTO ${tableName(table_name)} (${columns}) VALUES (${placeholders});`;
    const statements = schema.values.map((row, index) => {
      if (row.length !== schema.columns.length) {
        throw new CommandError(
          "ParameterMismatch",
          `schema.values[${index}] has ${row.length} values for ${schema.columns.length} columns`,
        );
      }
      return { sql, values: row };
    });
    return executeV2(database_connection_str, statements, ctx);
  },
});
