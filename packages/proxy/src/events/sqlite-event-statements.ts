/**
 * The SQLite event table and its prepared statements. A row keeps the whole EventRecord as
 * JSON in `data`; the other columns are what queries filter and sort on. `trigger_state`
 * holds what sources keep across restarts (poll cursors).
 */
import type Database from "better-sqlite3";
import type { EventRecord, EventStatus } from "./event-record.js";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  trigger TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_status ON events (status, created_at);
CREATE INDEX IF NOT EXISTS events_by_trigger ON events (trigger, created_at);
CREATE TABLE IF NOT EXISTS trigger_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

type Row = { data: string };
type Filter = { trigger: string | null; status: string | null; limit: number; offset: number };

export interface EventStatements {
  /** Inserts unless the id is stored: `changes` is 0 for a duplicate. */
  insert: Database.Statement<[string, string, string, number, number, string], unknown>;
  save: Database.Statement<[string, number, string, string], unknown>;
  get: Database.Statement<[string], Row>;
  unfinished: Database.Statement<[], Row>;
  list: Database.Statement<[Filter], Row>;
  countByStatus: Database.Statement<[], { status: EventStatus; n: number }>;
  purge: Database.Statement<[number], unknown>;
  readState: Database.Statement<[string], { value: string }>;
  writeState: Database.Statement<[string, string], unknown>;
}

export function prepareEvents(db: Database.Database): EventStatements {
  return {
    insert: db.prepare(
      "INSERT OR IGNORE INTO events (id, trigger, status, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    save: db.prepare("UPDATE events SET status = ?, updated_at = ?, data = ? WHERE id = ?"),
    get: db.prepare<[string], Row>("SELECT data FROM events WHERE id = ?"),
    unfinished: db.prepare<[], Row>(
      "SELECT data FROM events WHERE status IN ('received', 'delivering') ORDER BY created_at, rowid",
    ),
    list: db.prepare<[Filter], Row>(
      `SELECT data FROM events WHERE (@trigger IS NULL OR trigger = @trigger) AND (@status IS NULL OR status = @status)
       ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`,
    ),
    countByStatus: db.prepare<[], { status: EventStatus; n: number }>(
      "SELECT status, COUNT(*) AS n FROM events GROUP BY status",
    ),
    purge: db.prepare("DELETE FROM events WHERE status = 'delivered' AND updated_at < ?"),
    readState: db.prepare<[string], { value: string }>("SELECT value FROM trigger_state WHERE key = ?"),
    writeState: db.prepare(
      "INSERT INTO trigger_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ),
  };
}

export const parseEvent = (row: Row | undefined): EventRecord | null =>
  row ? (JSON.parse(row.data) as EventRecord) : null;
