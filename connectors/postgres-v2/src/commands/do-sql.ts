/**
 * `postgres_v2/DoSQL`: a statement written with psycopg placeholders (`%s`, `%(name)s`), its
 * values bound as real parameters; rows (as lists) when fetch_results is true.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { bindPercent } from "../psycopg-placeholders.js";
import { connectionParam, executeV2, fetchAllV2, V2_ERRORS } from "../run-v2.js";

export const doSql = defineCommand({
  name: "DoSQL",
  description: "Runs SQL with %s placeholders; schema is {sql, values?: [...], fetch_results?: bool}",
  params: z.object({
    database_connection_str: connectionParam,
    schema: z.object({
      sql: z.string().min(1),
      values: z
        .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
        .nullable()
        .default([])
        .describe("Values for %s (a list) or %(name)s (an object); null sends the SQL without placeholders"),
      fetch_results: z.boolean().default(false),
    }),
  }),
  errors: V2_ERRORS,
  run: ({ database_connection_str, schema }, ctx) => {
    const statement = () =>
      schema.values === null ? { sql: schema.sql, values: [] } : bindPercent(schema.sql, schema.values);
    return schema.fetch_results
      ? fetchAllV2(database_connection_str, statement, ctx)
      : executeV2(database_connection_str, () => [statement()], ctx);
  },
});
