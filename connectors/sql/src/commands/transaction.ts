/**
 * `sql/Transaction`: a list of statements run atomically: all of them, or none when one fails.
 */
import { defineCommand, settingsOf, z } from "@connector-proxy/sdk";
import { inTransaction } from "../database.js";
import { bindStatement } from "../placeholders.js";
import {
  chooseDatabase,
  DATABASE_ERRORS,
  databaseParams,
  namesOneDatabase,
  ONE_DATABASE,
  sqlSettings,
} from "../settings.js";
import { statementParams } from "./single-statement.js";

export const transaction = defineCommand({
  name: "Transaction",
  description:
    "Runs statements in one transaction (rolled back when any fails) and answers {results: [{rows, row_count}]}",
  params: z
    .object({
      ...databaseParams,
      statements: z
        .array(z.object({ sql: z.string().min(1), params: statementParams }))
        .min(1)
        .describe("The statements in order, each {sql, params}"),
    })
    .refine(namesOneDatabase, ONE_DATABASE),
  errors: DATABASE_ERRORS,
  run: async (params, ctx) => {
    const settings = settingsOf(sqlSettings, ctx.config);
    const database = chooseDatabase(settings, params);
    const statements = params.statements.map((s) => bindStatement(database.dialect, s.sql, s.params));
    const results = await inTransaction(database, ctx.signal, async (session) => {
      const done: { rows: unknown[]; row_count: number | null }[] = [];
      for (const [index, statement] of statements.entries()) {
        ctx.log(`statement ${index + 1} of ${statements.length}`);
        const result = await session.run(statement, { rowMode: "object", rowLimit: settings.row_limit });
        done.push({ rows: result.rows, row_count: result.rowCount });
      }
      return done;
    });
    return { body: { results } };
  },
});
