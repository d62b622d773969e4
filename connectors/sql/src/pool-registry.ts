/**
 * One pool per connection string, shared by every command (and by the postgres_v2 connector).
 * The set is bounded: past `MAX_POOLS` distinct strings the least recently used pool is closed.
 * Pools let their connections go after a short idle time; `closeAllPools` ends them all.
 */
import { parseConnectionString } from "./connection-string.js";
import type { Database } from "./database.js";
import { DEFAULT_POOL_LIMITS, type PoolLimits } from "./session-support.js";

const MAX_POOLS = 32;
const pools = new Map<string, Database>();

/**
 * The pooled database for a connection string (URL or libpq keyword form), created on first use.
 *
 * @example
 * const db = databaseFor("dbname=test user=postgres host=127.0.0.1");
 */
export function databaseFor(connectionString: string, limits: PoolLimits = DEFAULT_POOL_LIMITS): Database {
  const known = pools.get(connectionString);
  if (known) {
    pools.delete(connectionString);
    pools.set(connectionString, known);
    return known;
  }
  const target = parseConnectionString(connectionString);
  const database = lazyDatabase(target.dialect, async () =>
    target.dialect === "postgres"
      ? (await import("./postgres-database.js")).postgresDatabase(target.options, limits)
      : (await import("./mysql-database.js")).mysqlDatabase(target.options.uri, limits),
  );
  pools.set(connectionString, database);
  if (pools.size > MAX_POOLS) {
    const [oldest, evicted] = pools.entries().next().value ?? [];
    if (oldest !== undefined && evicted) {
      pools.delete(oldest);
      void evicted.close().catch(() => undefined);
    }
  }
  return database;
}

/**
 * A database whose driver (pg or mysql2) is imported on first use, so a proxy that never
 * runs SQL pays nothing for it at start-up.
 */
function lazyDatabase(dialect: Database["dialect"], open: () => Promise<Database>): Database {
  let opened: Promise<Database> | undefined;
  return {
    dialect,
    async withSession(signal, work) {
      opened ??= open();
      return (await opened).withSession(signal, work);
    },
    async close() {
      if (opened) await (await opened).close();
    },
  };
}

/** Close every pool (tests, shutdown). Later calls open new pools. */
export async function closeAllPools(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.allSettled(open.map((database) => database.close()));
}
