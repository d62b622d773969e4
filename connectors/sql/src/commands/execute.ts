/**
 * `sql/Execute`: one DML or DDL statement with bound parameters, answering how many rows it touched.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { bindStatement } from "../placeholders.js";
import { chooseDatabase, DATABASE_ERRORS, databaseParams, sqlSettings } from "../settings.js";
import { statementParams } from "./query.js";

export const execute = defineCommand({
  name: "Execute",
  description: "Runs one INSERT/UPDATE/DELETE or DDL statement with bound parameters and answers {row_count}",
  params: z.object({
    ...databaseParams,
    sql: z.string().min(1).describe("The statement; values go in params, never in the text"),
    params: statementParams,
  }),
  errors: DATABASE_ERRORS,
  run: async (params, ctx) => {
    const settings = sqlSettings.parse(ctx.config);
    const database = chooseDatabase(settings, params);
    const statement = bindStatement(database.dialect, params.sql, params.params);
    const result = await database.withSession(ctx.signal, (session) =>
      session.run(statement, { rowMode: "none", rowLimit: settings.row_limit }),
    );
    return { body: { row_count: result.rowCount } };
  },
});
