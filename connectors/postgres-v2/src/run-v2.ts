/**
 * What every postgres_v2 command shares: the connector's settings, the pooled database for
 * `database_connection_str` (libpq keywords or a URL), and the Python original's answers:
 * a JSON string body, `{"result": "N rows affected"}` (or `"ok"` when PostgreSQL reports no
 * count), and errors named like psycopg2's exceptions with "Error executing sql statement: ".
 */
import {
  type Database,
  DEFAULT_POOL_LIMITS,
  databaseError,
  databaseFor,
  inTransaction,
  parseConnectionString,
  type Statement,
  type StatementResult,
} from "@connector-proxy/connector-sql/pooling";
import { type CommandContext, CommandError, type CommandResult, settingsOf, z } from "@connector-proxy/sdk";
import { pythonJsonDumps } from "./python-json.js";

export const v2Settings = z.object({
  row_limit: z.number().int().positive().default(10_000).describe("Most rows a select may return"),
  pool_size: z.number().int().positive().default(DEFAULT_POOL_LIMITS.connections).describe("Connections per database"),
});

export const connectionParam = z
  .string()
  .min(1)
  .describe("libpq keywords (dbname=dev user=dev password=dev host=db port=5432) or a postgres:// URL");

/** The parameters of the table commands (DoSQL has no table_name). */
export const tableParams = {
  database_connection_str: connectionParam,
  table_name: z.string().describe("The table: name or schema.name (plain identifiers, folded to lower case)"),
};

export const V2_ERRORS = {
  InvalidIdentifier: "A table name, column name or column type is not a plain identifier/type",
  InvalidOperator: "A where clause uses an operator other than =, !=, < or >",
  InvalidConnectionString: "database_connection_str is neither libpq key=value pairs nor a postgres:// URL",
  OperationalError: "The database server cannot be reached (retryable)",
  UniqueViolation: "A unique constraint refused the row (also: UndefinedTable, SyntaxError, NotNullViolation, ...)",
  RowLimitExceeded: "A select returned more rows than the connector's row_limit",
  ParameterMismatch: "A row of values does not match the columns, or %s placeholders do not match the values",
};

const PREFIX = "Error executing sql statement: ";

function database(connectionString: string, ctx: CommandContext): Database {
  if (parseConnectionString(connectionString).dialect !== "postgres") {
    throw new CommandError("InvalidConnectionString", `${PREFIX}postgres_v2 connects to PostgreSQL only`);
  }
  const settings = settingsOf(v2Settings, ctx.config);
  return databaseFor(connectionString, { ...DEFAULT_POOL_LIMITS, connections: settings.pool_size });
}

/** A failure as the Python original named it (connection failures were psycopg2's OperationalError). */
function v2Error(error: unknown): CommandError {
  const wrapped = databaseError(error, PREFIX);
  const code = wrapped.code === "DatabaseUnavailable" ? "OperationalError" : wrapped.code;
  const message = wrapped.message.startsWith(PREFIX) ? wrapped.message : `${PREFIX}${wrapped.message}`;
  return new CommandError(code, message, { httpStatus: wrapped.httpStatus, body: "null", cause: error });
}

function answer(body: unknown): CommandResult {
  return { body: pythonJsonDumps(body), mimetype: "application/json" };
}

/** Run statements in one transaction (psycopg2 commits once at the end) and answer the rows affected. */
export async function executeV2(connectionString: string, statements: Statement[], ctx: CommandContext) {
  try {
    const db = database(connectionString, ctx);
    const results: StatementResult[] = await inTransaction(db, ctx.signal, async (session) => {
      const done: StatementResult[] = [];
      for (const statement of statements) done.push(await session.run(statement, { rowMode: "none", rowLimit: 0 }));
      return done;
    });
    const counts = results.map((r) => r.rowCount);
    if (counts.some((count) => count === null)) return answer({ result: "ok" });
    const total = counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
    return answer({ result: `${total} rows affected` });
  } catch (error) {
    throw v2Error(error);
  }
}

/** Run one statement and answer its rows as arrays. */
export async function fetchAllV2(connectionString: string, statement: Statement, ctx: CommandContext) {
  try {
    const db = database(connectionString, ctx);
    const { row_limit } = settingsOf(v2Settings, ctx.config);
    const result = await db.withSession(ctx.signal, (session) =>
      session.run(statement, { rowMode: "array", rowLimit: row_limit }),
    );
    return answer(result.rows);
  } catch (error) {
    throw v2Error(error);
  }
}
