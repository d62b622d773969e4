/**
 * The pool registry against real MariaDB and PostgreSQL: evicting the least recently used pool
 * never cuts a call that holds it (MariaDB's pool.end() quits a connection a call still uses),
 * and two registries (the sql and postgres_v2 connectors) never close each other's pools.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Session } from "../src/database.js";
import { closeAllPools, databaseFor, PoolRegistry } from "../src/pool-registry.js";

const select = (session: Session, sql: string) => session.run({ sql, values: [] }, { rowMode: "object", rowLimit: 10 });

afterAll(closeAllPools);

describe("the pool registry", () => {
  it("evicts the least recently used pool only once the call holding it has ended", async () => {
    // 33 distinct connection strings: the 33rd evicts the first, whose call still holds a session
    const strings = Array.from(
      { length: 33 },
      (_, n) => `mysql://root@127.0.0.1:3306/test?connectTimeout=${10_000 + n}`,
    );
    let holding: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    let evict: () => void = () => {};
    const evicted = new Promise<void>((resolve) => {
      evict = resolve;
    });
    // the first call holds its session across the eviction, and runs a statement after it
    const call = databaseFor(strings[0] as string).withSession(new AbortController().signal, async (session) => {
      await select(session, "SELECT 1 AS one");
      holding();
      await evicted;
      return select(session, "SELECT 'after' AS step");
    });
    await held;
    for (const text of strings.slice(1)) {
      await databaseFor(text).withSession(new AbortController().signal, (session) =>
        select(session, "SELECT 1 AS one"),
      );
    }
    evict();
    expect((await call).rows).toEqual([{ step: "after" }]);
  });

  it("keeps each registry's pools its own: closing one leaves the other's working", async () => {
    const url = "postgres://postgres@127.0.0.1:5432/test";
    const mine = new PoolRegistry();
    const theirs = new PoolRegistry();
    const db = mine.databaseFor(url);
    const signal = new AbortController().signal;
    expect((await db.withSession(signal, (session) => select(session, "SELECT 1 AS one"))).rows).toEqual([{ one: 1 }]);
    await theirs.databaseFor(url).withSession(signal, (session) => select(session, "SELECT 2 AS two"));
    await theirs.closeAll();
    await closeAllPools(); // the sql connector's own registry, as its close() does
    expect((await db.withSession(signal, (session) => select(session, "SELECT 3 AS three"))).rows).toEqual([
      { three: 3 },
    ]);
    await mine.closeAll();
  });
});
