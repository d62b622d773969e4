/**
 * PostgreSQL through a `pg` pool. Rows are read through a cursor so a result over the row limit
 * is never read whole; an aborted call cancels its statement with pg_cancel_backend from a
 * separate connection, so nothing keeps running on the server after a timeout.
 */
import pg from "pg";
import Cursor from "pg-cursor";
import type { PostgresOptions } from "./connection-string.js";
import type { Database, Field, RunOptions, Session, Statement, StatementResult } from "./database.js";
import { databaseError } from "./database-errors.js";
import { guardLease, type PoolLimits, rowLimitExceeded } from "./session-support.js";

/**
 * Values that JSON can carry without surprises: int8 (counts, bigserial) as a number when it is
 * exact, else its text; bytea as base64; date and timestamp (no zone) as PostgreSQL writes them,
 * so no local time zone shifts them.
 */
const PARSERS: Record<number, (text: string) => unknown> = {
  17: (text) => Buffer.from(text.slice(2), "hex").toString("base64"),
  20: (text) => (Number.isSafeInteger(Number(text)) ? Number(text) : text),
  1082: (text) => text,
  1114: (text) => text,
};

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

const TYPE_NAMES: Record<number, string> = {
  16: "bool",
  17: "bytea",
  20: "int8",
  21: "int2",
  23: "int4",
  25: "text",
  114: "json",
  700: "float4",
  701: "float8",
  1042: "bpchar",
  1043: "varchar",
  1082: "date",
  1114: "timestamp",
  1184: "timestamptz",
  1700: "numeric",
  2950: "uuid",
  3802: "jsonb",
};

function fieldsOf(result: pg.QueryResult | undefined): Field[] {
  return (result?.fields ?? []).map((f) => ({ name: f.name, type: TYPE_NAMES[f.dataTypeID] ?? `oid:${f.dataTypeID}` }));
}

/** pg's Client sets `processID` (the backend pid) once connected; it is not in its type declarations. */
function backendPid(client: pg.PoolClient): number | null {
  const pid: unknown = Reflect.get(client, "processID");
  return typeof pid === "number" ? pid : null;
}

async function readCursor(client: pg.PoolClient, statement: Statement, options: RunOptions) {
  const config: Cursor.CursorQueryConfig = { types };
  if (options.rowMode === "array") config.rowMode = "array";
  const cursor = client.query(new Cursor(statement.sql, [...statement.values], config));
  const { rows, result } = await new Promise<{ rows: unknown[]; result: pg.QueryResult }>((resolve, reject) =>
    cursor.read(options.rowLimit + 1, (error, rows, result) => (error ? reject(error) : resolve({ rows, result }))),
  );
  await cursor.close();
  if (rows.length > options.rowLimit) throw rowLimitExceeded(options.rowLimit);
  return { rows, fields: fieldsOf(result), rowCount: result.command === "SELECT" ? rows.length : result.rowCount };
}

async function runPlain(client: pg.PoolClient, statement: Statement): Promise<StatementResult> {
  const answer: pg.QueryResult | pg.QueryResult[] = await client.query({
    text: statement.sql,
    values: [...statement.values],
    types,
  });
  const last = Array.isArray(answer) ? answer.at(-1) : answer;
  return { rows: [], fields: fieldsOf(last), rowCount: last?.rowCount ?? null };
}

/** A pooled PostgreSQL database. */
export function postgresDatabase(options: PostgresOptions, limits: PoolLimits): Database {
  const pool = new pg.Pool({
    ...options,
    types,
    max: limits.connections,
    idleTimeoutMillis: limits.idleMillis,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? limits.connectMillis,
    allowExitOnIdle: true,
  });
  pool.on("error", () => undefined); // an idle connection dropped by the server: the pool replaces it

  async function cancel(client: pg.PoolClient): Promise<void> {
    const pid = backendPid(client);
    if (pid === null) throw new Error("The backend pid is unknown: the connection is dropped instead");
    const canceller = new pg.Client({ ...options, connectionTimeoutMillis: limits.connectMillis });
    canceller.on("error", () => undefined);
    try {
      await canceller.connect();
      await canceller.query("SELECT pg_cancel_backend($1)", [pid]);
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  return {
    dialect: "postgres",
    async withSession(signal, work) {
      const client = await pool.connect().catch((error: unknown) => {
        throw databaseError(error);
      });
      const session: Session = {
        async run(statement, runOptions) {
          try {
            if (runOptions.rowMode === "none") return await runPlain(client, statement);
            return await readCursor(client, statement, runOptions);
          } catch (error) {
            throw databaseError(error);
          }
        },
      };
      const lease = { cancel: () => cancel(client), release: (destroy: boolean) => client.release(destroy) };
      return guardLease(signal, lease, () => work(session));
    },
    close: () => pool.end(),
  };
}
