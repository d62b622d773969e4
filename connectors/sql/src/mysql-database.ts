/**
 * MySQL and MariaDB through a `mysql2` pool. Rows are streamed so a result over the row limit
 * is never held whole; an aborted call (or an overflowing result) is stopped with KILL QUERY
 * from a separate connection, so nothing keeps running on the server.
 */
import mysql from "mysql2";
import type { Database, Field, RunOptions, Session, Statement, StatementResult } from "./database.js";
import { databaseError } from "./database-errors.js";
import { guardLease, type PoolLimits, rowLimitExceeded } from "./session-support.js";

type Connection = mysql.PoolConnection;

function isHeader(value: unknown): value is mysql.ResultSetHeader {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "affectedRows" in value;
}

function fieldsOf(fields: readonly mysql.FieldPacket[] | undefined): Field[] {
  return (fields ?? []).map((f) => ({ name: f.name, type: (f.typeName ?? String(f.type)).toLowerCase() }));
}

/** Dates as MySQL writes them (no local time zone shift), binary values as base64. */
const typeCast: mysql.TypeCast = (_field, next) => {
  const value: unknown = next();
  return Buffer.isBuffer(value) ? value.toString("base64") : value;
};

/** Stream one statement's rows, stopping the server with `kill` when they overflow the limit. */
function runStatement(
  connection: Connection,
  statement: Statement,
  options: RunOptions,
  kill: () => Promise<void>,
): Promise<StatementResult> {
  return new Promise((resolve, reject) => {
    const rows: unknown[] = [];
    let fields: Field[] = [];
    let rowCount: number | null = null;
    let failure: unknown;
    let killing: Promise<void> | undefined;
    let settled = false;
    const finish = async () => {
      if (settled) return;
      settled = true;
      await killing;
      if (killing) reject(rowLimitExceeded(options.rowLimit));
      else if (failure !== undefined) reject(failure);
      else resolve({ rows: options.rowMode === "none" ? [] : rows, fields, rowCount: rowCount ?? rows.length });
    };
    const query = connection.query({
      sql: statement.sql,
      values: [...statement.values],
      rowsAsArray: options.rowMode === "array",
    });
    query.on("fields", (packets: mysql.FieldPacket[]) => {
      fields = fieldsOf(packets);
    });
    query.on("result", (row: unknown) => {
      if (isHeader(row)) rowCount = row.affectedRows;
      else if (killing === undefined) {
        rows.push(row);
        if (options.rowMode !== "none" && rows.length > options.rowLimit) killing = kill().catch(() => undefined);
      }
    });
    query.on("error", (error: unknown) => {
      failure = error;
      if (typeof error === "object" && error !== null && "fatal" in error && error.fatal) void finish();
    });
    query.on("end", () => void finish());
  });
}

/** A pooled MySQL/MariaDB database. */
export function mysqlDatabase(uri: string, limits: PoolLimits): Database {
  const settings = { uri, connectTimeout: limits.connectMillis, supportBigNumbers: true, dateStrings: true, typeCast };
  const pool = mysql.createPool({
    ...settings,
    connectionLimit: limits.connections,
    maxIdle: limits.connections,
    idleTimeout: limits.idleMillis,
    multipleStatements: false,
  });
  pool.on("connection", (connection) => connection.on("error", () => undefined));

  async function killQuery(threadId: number): Promise<void> {
    const killer = mysql.createConnection(settings);
    killer.on("error", () => undefined);
    try {
      await killer.promise().query(`KILL QUERY ${Number(threadId)}`);
    } finally {
      killer.destroy();
    }
  }

  return {
    dialect: "mysql",
    async withSession(signal, work) {
      const connection = await new Promise<Connection>((resolve, reject) =>
        pool.getConnection((error, got) => (error ? reject(databaseError(error)) : resolve(got))),
      );
      const kill = () => killQuery(connection.threadId);
      const session: Session = {
        async run(statement, options) {
          try {
            return await runStatement(connection, statement, options, kill);
          } catch (error) {
            throw databaseError(error);
          }
        },
      };
      const lease = {
        cancel: kill,
        release: (destroy: boolean) => (destroy ? connection.destroy() : connection.release()),
      };
      return guardLease(signal, lease, () => work(session));
    },
    close: () => new Promise<void>((resolve) => pool.end(() => resolve())),
  };
}
