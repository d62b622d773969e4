/**
 * Pools by connection string, one registry per connector (sql and postgres_v2 each have their
 * own, so closing one connector never closes the other's pools). A registry is bounded: past
 * `maxPools` distinct strings the least recently used pool leaves it, and is closed once no call
 * holds it any more (reference counting: eviction never cuts a call in flight). Pools let their
 * connections go after a short idle time; `closeAll` ends them all.
 */
import { parseConnectionString } from "./connection-string.js";
import type { Database, Session } from "./database.js";
import { DEFAULT_POOL_LIMITS, type PoolLimits } from "./session-support.js";

const MAX_POOLS = 32;

/** One pool of the registry, with the calls that hold it. */
class PoolEntry {
  private opened: Promise<Database> | undefined;
  private holders = 0;
  private retired = false;

  constructor(private readonly open: () => Promise<Database>) {}

  async withSession<T>(signal: AbortSignal, work: (session: Session) => Promise<T>): Promise<T> {
    this.holders++;
    try {
      this.opened ??= this.open();
      return await (await this.opened).withSession(signal, work);
    } finally {
      this.holders--;
      if (this.retired && this.holders === 0) void this.end();
    }
  }

  /** Out of the registry: closed now when idle, else when its last call ends. */
  retire(): Promise<void> {
    this.retired = true;
    return this.holders === 0 ? this.end() : Promise.resolve();
  }

  private async end(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    if (opened) await (await opened).close().catch(() => undefined);
  }
}

export class PoolRegistry {
  private readonly pools = new Map<string, PoolEntry>();

  constructor(private readonly maxPools = MAX_POOLS) {}

  /**
   * The pooled database for a connection string (URL or libpq keyword form). Its driver (pg or
   * mysql2) is imported on first use, so a proxy that never runs SQL pays nothing for it at start-up.
   *
   * @example
   * const db = new PoolRegistry().databaseFor("dbname=test user=postgres host=127.0.0.1");
   */
  databaseFor(connectionString: string, limits: PoolLimits = DEFAULT_POOL_LIMITS): Database {
    const target = parseConnectionString(connectionString);
    return {
      dialect: target.dialect,
      // each session asks the registry again: a pool evicted meanwhile is replaced, never reused closed
      withSession: (signal, work) => this.entry(connectionString, limits).withSession(signal, work),
      close: async () => {
        const entry = this.pools.get(connectionString);
        this.pools.delete(connectionString);
        await entry?.retire();
      },
    };
  }

  /** Close every pool (tests, shutdown): idle ones now, held ones when their calls end. Later calls open new pools. */
  async closeAll(): Promise<void> {
    const entries = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(entries.map((entry) => entry.retire()));
  }

  private entry(connectionString: string, limits: PoolLimits): PoolEntry {
    const known = this.pools.get(connectionString);
    if (known) {
      this.pools.delete(connectionString); // most recently used last
      this.pools.set(connectionString, known);
      return known;
    }
    const target = parseConnectionString(connectionString);
    const entry = new PoolEntry(async () =>
      target.dialect === "postgres"
        ? (await import("./postgres-database.js")).postgresDatabase(target.options, limits)
        : (await import("./mysql-database.js")).mysqlDatabase(target.options.uri, limits),
    );
    this.pools.set(connectionString, entry);
    if (this.pools.size > this.maxPools) {
      const [oldest, evicted] = this.pools.entries().next().value ?? [];
      if (oldest !== undefined && evicted) {
        this.pools.delete(oldest);
        void evicted.retire();
      }
    }
    return entry;
  }
}

/** The sql connector's pools. */
const sqlPools = new PoolRegistry();

/** The sql connector's pooled database for a connection string (see PoolRegistry.databaseFor). */
export function databaseFor(connectionString: string, limits: PoolLimits = DEFAULT_POOL_LIMITS): Database {
  return sqlPools.databaseFor(connectionString, limits);
}

/** Close every pool of the sql connector (its `close`, tests). */
export function closeAllPools(): Promise<void> {
  return sqlPools.closeAll();
}
