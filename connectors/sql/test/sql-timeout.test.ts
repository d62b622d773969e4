import { closeAllPools } from "@connector-proxy/connector-sql";
import { createProxy, parseConfig } from "@connector-proxy/proxy";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";

beforeAll(() => requireServices("PostgreSQL", "MariaDB")); // a server that is down: one line naming it

const root = new URL("../../../", import.meta.url).pathname;
const marker = `cp-sql-timeout-${process.pid}-${Date.now()}`;

async function startProxy() {
  const raw = {
    discover: false,
    connectors: {
      sql: {
        package: "@connector-proxy/connector-sql",
        timeout_seconds: 1,
        settings: {
          databases: { pg: "postgres://postgres@127.0.0.1:5432/test", maria: "mysql://root@127.0.0.1:3306/test" },
        },
      },
    },
  };
  const { config, secrets } = parseConfig(raw, {}, "sql-timeout.test.ts");
  return createProxy({ config: { config, secrets, baseDir: root, file: null }, env: {} });
}

/** Polls until `count` answers 0, or gives up after `ms` and answers the last count. */
async function settlesToZero(count: () => Promise<number>, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let last = await count();
  while (last > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await count();
  }
  return last;
}

describe("statement timeout through the proxy", () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const observer = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/test" });
  let maria: mysql.Connection;

  beforeAll(async () => {
    proxy = await startProxy();
    await observer.connect();
    maria = await mysql.createConnection({ uri: "mysql://root@127.0.0.1:3306/test" });
  });
  afterAll(async () => {
    await observer.end();
    await maria.end();
    await proxy.close();
    await closeAllPools();
  });

  it("answers CommandTimeout for pg_sleep(10) after 1 s and leaves nothing running in pg_stat_activity", async () => {
    const started = Date.now();
    const outcome = await proxy.call("sql/Query", { database: "pg", sql: `SELECT pg_sleep(10), '${marker}' AS m` });
    expect(outcome.envelope.error?.error_code).toBe("CommandTimeout");
    expect(Date.now() - started).toBeLessThan(3000);
    const running = async () => {
      const { rows } = await observer.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
        [`%${marker}%`],
      );
      return Number(rows[0]?.n);
    };
    expect(await settlesToZero(running, 2000)).toBe(0);
  });

  it("answers CommandTimeout for SLEEP(10) on MariaDB and the query is gone from the process list", async () => {
    const outcome = await proxy.call("sql/Query", { database: "maria", sql: `SELECT SLEEP(10), '${marker}' AS m` });
    expect(outcome.envelope.error?.error_code).toBe("CommandTimeout");
    const running = async () => {
      const [rows] = await maria.query<mysql.RowDataPacket[]>(
        "SELECT count(*) AS n FROM information_schema.processlist WHERE info LIKE ? AND id <> CONNECTION_ID()",
        [`%${marker}%`],
      );
      return Number(rows[0]?.n);
    };
    expect(await settlesToZero(running, 2000)).toBe(0);
  });

  it("still serves the next query on the same pool", async () => {
    const outcome = await proxy.call("sql/Query", { database: "pg", sql: "SELECT 1 AS one" });
    expect(outcome.envelope.command_response.body).toMatchObject({ rows: [{ one: 1 }] });
  });
});
