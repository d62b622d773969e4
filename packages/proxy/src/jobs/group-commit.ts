/**
 * Group commit for the SQLite stores (jobs and events): writes asked for in the same
 * event-loop turn run in one transaction, and each caller's promise settles once that
 * transaction committed. With hundreds of writes per turn, one commit instead of hundreds.
 */
import type Database from "better-sqlite3";

export class GroupCommit<S> {
  private batch: ((sql: S | null) => void)[] = [];

  /** `target` is the open database and its statements, or null once the store is closed. */
  constructor(private readonly target: () => { db: Database.Database; sql: S } | null) {}

  /**
   * Run `write` in the next group commit; resolves with its result once committed,
   * or with undefined when the store was closed first.
   */
  run<T>(write: (sql: S) => T): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.batch.push((sql) => {
        try {
          resolve(sql ? write(sql) : undefined);
        } catch (error) {
          reject(error);
        }
      });
      if (this.batch.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commit what is waiting now (also called when a store closes). */
  flush(): void {
    const writes = this.batch.splice(0);
    if (writes.length === 0) return;
    const target = this.target();
    if (!target) {
      for (const write of writes) write(null);
      return;
    }
    target.db.transaction(() => {
      for (const write of writes) write(target.sql);
    })();
  }
}
