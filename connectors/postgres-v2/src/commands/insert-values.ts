/**
 * `postgres_v2/InsertValuesV2`: one INSERT per row of values, all in one transaction. A row
 * with fewer or more values than columns fails as psycopg2's executemany did (IndexError,
 * TypeError) and nothing is inserted.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { columnName, tableName } from "../identifiers.js";
import { tooFewValues, tooManyValues } from "../psycopg-placeholders.js";
import { executeV2, tableParams, V2_ERRORS } from "../run-v2.js";

export const insertValues = defineCommand({
  name: "InsertValuesV2",
  description: "Inserts rows; schema is {columns: [names], values: [[row values], ...]}",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    ...tableParams,
    schema: z.object({
      columns: z.array(z.string()).min(1),
      values: z.array(z.array(z.unknown())),
    }),
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, table_name, schema }, ctx) => {
    const count = schema.columns.length;
    const columns = schema.columns.map((c) => columnName(c)).join(",");
    const placeholders = schema.columns.map((_, index) => `$${index + 1}`).join(",");
    const sql = `INSERT INTO ${tableName(table_name)} (${columns}) VALUES (${placeholders});`;
    const rows = () =>
      schema.values.map((row, index) => {
        const hint = `schema.values[${index}] has ${row.length} values for ${count} columns`;
        if (row.length < count) throw tooFewValues(hint);
        if (row.length > count) throw tooManyValues(hint);
        return { sql, values: row };
      });
    return executeV2(database_connection_str, rows, ctx);
  },
});
