/**
 * `sql/Query`: one statement with bound parameters, answering its rows.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { bindStatement } from "../placeholders.js";
import { chooseDatabase, DATABASE_ERRORS, databaseParams, sqlSettings } from "../settings.js";

/** `params` of a statement: a list for positional placeholders ($1 / ?), an object for :name ones. */
export const statementParams = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .optional()
  .describe("Values bound to the placeholders: a list for $1 (PostgreSQL) or ? (MySQL), an object for :name");

export const query = defineCommand({
  name: "Query",
  description: "Runs one SQL statement with bound parameters and answers {rows, row_count, fields}",
  params: z.object({
    ...databaseParams,
    sql: z.string().min(1).describe("One SQL statement; values go in params, never in the text"),
    params: statementParams,
  }),
  errors: DATABASE_ERRORS,
  run: async (params, ctx) => {
    const settings = sqlSettings.parse(ctx.config);
    const database = chooseDatabase(settings, params);
    const statement = bindStatement(database.dialect, params.sql, params.params);
    const result = await database.withSession(ctx.signal, (session) =>
      session.run(statement, { rowMode: "object", rowLimit: settings.row_limit }),
    );
    return { body: { rows: result.rows, row_count: result.rowCount, fields: result.fields } };
  },
});
