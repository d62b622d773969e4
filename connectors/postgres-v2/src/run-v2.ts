/**
 * What every postgres_v2 command shares: the connector's settings, the pooled database for
 * `database_connection_str` (libpq keywords or a URL), and the reference's answers (Python
 * connector-postgres since its commit 851001e): the body is a JSON value (rows as lists of
 * lists, `{"result": "N rows affected"}`, or `{"result": "ok"}` when PostgreSQL reports no
 * count); a failure answers `body: null`, no inner http_status, and the psycopg2 (or Python)
 * exception's class name with "Error executing sql statement: " before its message.
 */
import {
  type Database,
  DEFAULT_POOL_LIMITS,
  databaseError,
  inTransaction,
  PoolRegistry,
  parseConnectionString,
  type Statement,
} from "@connector-proxy/connector-sql/pooling";
import {
  type CommandContext,
  type CommandResult,
  type Envelope,
  isCommandError,
  settingsOf,
  z,
} from "@connector-proxy/sdk";

/** This connector's own pools (the sql connector has its own: closing one never closes the other's). */
export const pools = new PoolRegistry();

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
  UniqueViolation:
    "psycopg2's class name for the SQLSTATE (also UndefinedTable, SyntaxError, NotNullViolation, ...), as the reference",
  OperationalError: "The database cannot be connected to: refused, unknown host, wrong password or database",
  ProgrammingError: "database_connection_str cannot be read, or fetch_results was set for a statement without rows",
  IndexError: "Fewer values than %s placeholders (DoSQL) or than columns (a row of InsertValuesV2)",
  TypeError: "More values than placeholders or columns, or a list/object of values that the placeholders do not fit",
  KeyError: "A %(name)s placeholder has no value of that name",
  ValueError: "A % not followed by s, (name)s or %",
  Exception: "A where clause uses an operator other than =, !=, < or > (the reference's code; http_status 400 here)",
  InvalidIdentifier: "A table name, column name or column type is not a plain identifier/type (not in the reference)",
  RowLimitExceeded: "A select returned more rows than the connector's row_limit (not in the reference)",
};

/** Codes this connector adds: they keep the SDK's answer (http_status 400) rather than the reference's shape. */
const OWN_CODES = new Set(["InvalidIdentifier", "RowLimitExceeded"]);
const PREFIX = "Error executing sql statement: ";

/** The reference's failure: body null, no http_status (a caught error shows status 200, as there). */
function failure(error_code: string, message: string): Envelope {
  return {
    command_response: { body: null, mimetype: "application/json" },
    command_response_version: 2,
    error: { error_code, message: message.startsWith(PREFIX) ? message : `${PREFIX}${message}` },
    spiff__logs: [],
  };
}

/**
 * What failed, named as psycopg2 names it: a string it cannot read is ProgrammingError
 * ("invalid dsn"), anything before the connection is up OperationalError, then the SQLSTATE's
 * class. Our own codes are rethrown as they are.
 */
function failureOf(error: unknown, stage: "parse" | "connect" | "run"): Envelope {
  if (isCommandError(error) && OWN_CODES.has(error.code)) throw error;
  const wrapped = databaseError(error);
  if (stage === "parse") return failure("ProgrammingError", `invalid dsn: ${wrapped.message}`);
  if (stage === "connect") return failure("OperationalError", wrapped.message);
  return failure(wrapped.code === "DatabaseUnavailable" ? "OperationalError" : wrapped.code, wrapped.message);
}

/** Connect as the reference did, then run `work` on the session; every failure becomes the reference's answer. */
async function runV2(
  connectionString: string,
  ctx: CommandContext,
  work: (db: Database, connected: () => void) => Promise<CommandResult>,
): Promise<CommandResult> {
  let stage: "parse" | "connect" | "run" = "parse";
  try {
    if (parseConnectionString(connectionString).dialect !== "postgres") {
      return failure(
        "ProgrammingError",
        "invalid dsn: postgres_v2 connects to PostgreSQL only (libpq keywords or a postgres:// URL)",
      );
    }
    const { pool_size } = settingsOf(v2Settings, ctx.config);
    const db = pools.databaseFor(connectionString, { ...DEFAULT_POOL_LIMITS, connections: pool_size });
    stage = "connect";
    return await work(db, () => {
      stage = "run";
    });
  } catch (error) {
    return failureOf(error, stage);
  }
}

const answer = (body: unknown): CommandResult => ({ body, mimetype: "application/json" });

/**
 * Run the statements `build` makes in one transaction (psycopg2 commits once at the end) and
 * answer the rows affected: their sum, or "ok" when one has no count (DDL).
 */
export function executeV2(connectionString: string, build: () => Statement[], ctx: CommandContext) {
  return runV2(connectionString, ctx, async (db, connected) => {
    const counts = await inTransaction(db, ctx.signal, async (session) => {
      connected();
      const done: (number | null)[] = [];
      for (const statement of build()) {
        done.push((await session.run(statement, { rowMode: "none", rowLimit: 0 })).rowCount);
      }
      return done;
    });
    if (counts.some((count) => count === null)) return answer({ result: "ok" });
    return answer({ result: `${counts.reduce<number>((sum, count) => sum + (count ?? 0), 0)} rows affected` });
  });
}

/** Run the statement `build` makes and answer its rows as lists; a statement without rows is psycopg2's ProgrammingError. */
export function fetchAllV2(connectionString: string, build: () => Statement, ctx: CommandContext) {
  return runV2(connectionString, ctx, async (db, connected) => {
    const { row_limit } = settingsOf(v2Settings, ctx.config);
    const result = await db.withSession(ctx.signal, (session) => {
      connected();
      return session.run(build(), { rowMode: "array", rowLimit: row_limit });
    });
    if (result.fields.length === 0) return failure("ProgrammingError", "no results to fetch");
    return answer(result.rows);
  });
}
