/**
 * What the commands need from a database, whatever its dialect: a pool that lends one
 * connection (a session) at a time, runs bound statements on it, and stops the running
 * statement on the server when the call is aborted.
 */
import type { Dialect } from "./connection-string.js";

/** A statement with its values, placeholders already in the dialect's positional form. */
export interface Statement {
  sql: string;
  values: readonly unknown[];
}

export interface RunOptions {
  /** Rows as objects keyed by column name, as arrays in column order, or not wanted (DDL/DML). */
  rowMode: "object" | "array" | "none";
  /** More rows than this is a `RowLimitExceeded` failure (the rest is never read). */
  rowLimit: number;
}

/** A column of a result. */
export interface Field {
  name: string;
  type: string;
}

export interface StatementResult {
  rows: unknown[];
  fields: Field[];
  /** Rows returned or affected; null when the statement reports none (DDL). */
  rowCount: number | null;
}

/** One pooled connection, lent for the duration of `withSession`. */
export interface Session {
  run(statement: Statement, options: RunOptions): Promise<StatementResult>;
}

export interface Database {
  readonly dialect: Dialect;
  /**
   * Borrow a connection, run `work` on it and give it back. When `signal` fires, the statement
   * running on it is cancelled on the server before the connection returns to the pool.
   */
  withSession<T>(signal: AbortSignal, work: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Run `work` between BEGIN and COMMIT on one session; ROLLBACK when it fails. */
export async function inTransaction<T>(
  database: Database,
  signal: AbortSignal,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const control = { rowMode: "none", rowLimit: 0 } as const;
  return database.withSession(signal, async (session) => {
    await session.run({ sql: "BEGIN", values: [] }, control);
    try {
      const result = await work(session);
      await session.run({ sql: "COMMIT", values: [] }, control);
      return result;
    } catch (error) {
      await session.run({ sql: "ROLLBACK", values: [] }, control).catch(() => undefined);
      throw error;
    }
  });
}
