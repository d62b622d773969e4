/**
 * What sql/Query and sql/Execute share: their parameters and running one bound statement
 * on the database the call names.
 */
import { type CommandContext, settingsOf, z } from "@connector-proxy/sdk";
import type { RunOptions, StatementResult } from "../database.js";
import { bindStatement } from "../placeholders.js";
import { chooseDatabase, databaseParams, namesOneDatabase, ONE_DATABASE, sqlSettings } from "../settings.js";

/** `params` of a statement: a list for positional placeholders ($1 / ?), an object for :name ones. */
export const statementParams = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .optional()
  .describe("Values bound to the placeholders: a list for $1 (PostgreSQL) or ? (MySQL), an object for :name");

export const singleStatementParams = z
  .object({
    ...databaseParams,
    sql: z.string().min(1).describe("One SQL statement; values go in params, never in the text"),
    params: statementParams,
  })
  .refine(namesOneDatabase, ONE_DATABASE);

export async function runSingleStatement(
  params: z.output<typeof singleStatementParams>,
  ctx: CommandContext,
  rowMode: RunOptions["rowMode"],
): Promise<StatementResult> {
  const settings = settingsOf(sqlSettings, ctx.config);
  const database = chooseDatabase(settings, params);
  const statement = bindStatement(database.dialect, params.sql, params.params);
  return database.withSession(ctx.signal, (session) =>
    session.run(statement, { rowMode, rowLimit: settings.row_limit }),
  );
}
