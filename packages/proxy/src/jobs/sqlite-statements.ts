/**
 * The SQLite job table and its prepared statements. Each row keeps the request body as JSON
 * in `body` (written once) and the rest of the JobRecord in `data` (rewritten on each change);
 * the other columns are what queries filter and sort on.
 */
import type Database from "better-sqlite3";
import type { JobRecord, JobStatus } from "./job-record.js";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  body TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created_at);
`;

type Row = { data: string; body: string };
type Write<P extends unknown[]> = Database.Statement<P, unknown>;
type Read<P extends unknown[], R = Row> = Database.Statement<P, R>;

export interface Statements {
  insert: Write<[string, string, number, number | null, string, string]>;
  save: Write<[string, number | null, string, string]>;
  /** Saves a worker's result unless an operator cancelled the job meanwhile. */
  saveUnlessCancelled: Write<[string, number | null, string, string]>;
  get: Read<[string]>;
  nextQueued: Read<[]>;
  byStatus: Read<[string]>;
  allUnfinished: Read<[]>;
  count: Read<[], { n: number }>;
  /** Rows by status (the in-memory claims of the store still have to be applied). */
  countByStatus: Read<[], { status: JobStatus; n: number }>;
  list: Read<[number, number]>;
  listStatus: Read<[string, number, number]>;
  purge: Write<[number]>;
}

export function prepare(db: Database.Database): Statements {
  return {
    insert: db.prepare("INSERT INTO jobs (id, status, created_at, finished_at, body, data) VALUES (?, ?, ?, ?, ?, ?)"),
    save: db.prepare("UPDATE jobs SET status = ?, finished_at = ?, data = ? WHERE id = ?"),
    saveUnlessCancelled: db.prepare(
      "UPDATE jobs SET status = ?, finished_at = ?, data = ? WHERE id = ? AND status <> 'cancelled'",
    ),
    get: db.prepare<[string], Row>("SELECT body, data FROM jobs WHERE id = ?"),
    nextQueued: db.prepare<[], Row>("SELECT body, data FROM jobs WHERE status = 'queued' ORDER BY created_at, rowid"),
    byStatus: db.prepare<[string], Row>("SELECT body, data FROM jobs WHERE status = ?"),
    allUnfinished: db.prepare<[], Row>(
      "SELECT body, data FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at DESC, rowid DESC",
    ),
    count: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')"),
    countByStatus: db.prepare<[], { status: JobStatus; n: number }>(
      "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status",
    ),
    list: db.prepare<[number, number], Row>(
      "SELECT body, data FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
    ),
    listStatus: db.prepare<[string, number, number], Row>(
      "SELECT body, data FROM jobs WHERE status = ? ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
    ),
    purge: db.prepare("DELETE FROM jobs WHERE status IN ('completed', 'cancelled') AND finished_at < ?"),
  };
}

export const parse = (row: Row | undefined): JobRecord | null =>
  row
    ? { ...(JSON.parse(row.data) as Omit<JobRecord, "body">), body: JSON.parse(row.body) as JobRecord["body"] }
    : null;

/** The record without its body, as the `data` column keeps it. */
export function dataOf(job: JobRecord): string {
  const { body: _body, ...rest } = job;
  return JSON.stringify(rest);
}
