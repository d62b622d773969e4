import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { execute } from "../src/commands/execute.js";
import { query } from "../src/commands/query.js";
import { transaction } from "../src/commands/transaction.js";
import { closeAllPools } from "../src/pool-registry.js";

beforeAll(() => requireServices("PostgreSQL", "MariaDB")); // a server that is down: one line naming it

const table = `cp_sql_rt_${process.pid}`;
const config = {
  databases: {
    pg: "postgres://postgres@127.0.0.1:5432/test",
    maria: "mysql://root@127.0.0.1:3306/test",
  },
  row_limit: 5,
};

afterAll(closeAllPools);

describe.each([
  {
    database: "pg",
    p: (n: number) => `$${n}`,
    text: "text",
    serial: "serial primary key",
    values:
      "SELECT DATE '2024-02-29' AS d, TIMESTAMP '2024-02-29 13:45:00' AS ts, decode('68656c6c6f', 'hex') AS b, CAST(9007199254740993 AS bigint) AS big, CAST(42 AS bigint) AS small",
  },
  {
    database: "maria",
    p: (_n: number) => "?",
    text: "varchar(200)",
    serial: "int auto_increment primary key",
    values:
      "SELECT CAST('2024-02-29' AS DATE) AS d, CAST('2024-02-29 13:45:00' AS DATETIME) AS ts, UNHEX('68656C6C6F') AS b, CAST(9007199254740993 AS SIGNED) AS big, CAST(42 AS SIGNED) AS small",
  },
])("sql on $database", ({ database, p, text, serial, values }) => {
  const call = async (command: typeof query, params: Record<string, unknown>) =>
    (await callCommand(command, { database, ...params }, { config })).envelope;

  beforeAll(async () => {
    await call(execute, { sql: `DROP TABLE IF EXISTS ${table}` });
    const created = await call(execute, {
      sql: `CREATE TABLE ${table} (id ${serial}, name ${text} UNIQUE, score int)`,
    });
    expect(created.error).toBeNull();
  });
  afterAll(async () => {
    await call(execute, { sql: `DROP TABLE IF EXISTS ${table}` });
  });

  it("inserts, selects, updates and deletes with bound parameters", async () => {
    const inserted = await call(execute, {
      sql: `INSERT INTO ${table} (name, score) VALUES (${p(1)}, ${p(2)}), (${p(3)}, ${p(4)})`,
      params: ["ada", 10, "bob", 20],
    });
    expect(inserted).toMatchObject({ error: null, command_response: { body: { row_count: 2 } } });

    const updated = await call(execute, {
      sql: `UPDATE ${table} SET score = :score WHERE name = :name`,
      params: { score: 11, name: "ada" },
    });
    expect(updated.command_response.body).toEqual({ row_count: 1 });

    const selected = await call(query, { sql: `SELECT name, score FROM ${table} ORDER BY name` });
    expect(selected.command_response.body).toMatchObject({
      rows: [
        { name: "ada", score: 11 },
        { name: "bob", score: 20 },
      ],
      row_count: 2,
      fields: [{ name: "name" }, { name: "score" }],
    });

    const deleted = await call(execute, { sql: `DELETE FROM ${table} WHERE name = ${p(1)}`, params: ["bob"] });
    expect(deleted.command_response.body).toEqual({ row_count: 1 });
    const left = await call(query, { sql: `SELECT count(*) AS n FROM ${table}` });
    expect(left.command_response.body).toMatchObject({ rows: [{ n: 1 }] });
  });

  it("keeps an injection attempt in params inert", async () => {
    const evil = `x'); DROP TABLE ${table}; --`;
    const inserted = await call(execute, { sql: `INSERT INTO ${table} (name) VALUES (:name)`, params: { name: evil } });
    expect(inserted.error).toBeNull();
    const found = await call(query, { sql: `SELECT name FROM ${table} WHERE name = ${p(1)}`, params: [evil] });
    expect(found.command_response.body).toMatchObject({ rows: [{ name: evil }], row_count: 1 });
  });

  it("names a unique violation and keeps the database's code in the message", async () => {
    await call(execute, { sql: `INSERT INTO ${table} (name) VALUES (${p(1)})`, params: ["dup"] });
    const again = await call(execute, { sql: `INSERT INTO ${table} (name) VALUES (${p(1)})`, params: ["dup"] });
    expect(again.error?.error_code).toBe("UniqueViolation");
    expect(again.error?.message).toMatch(database === "pg" ? /23505/ : /ER_DUP_ENTRY 1062/);
    expect(again.command_response.http_status).toBe(400);
  });

  it("runs a transaction atomically", async () => {
    const failed = await call(transaction, {
      statements: [
        { sql: `INSERT INTO ${table} (name) VALUES (${p(1)})`, params: ["tx-1"] },
        { sql: `INSERT INTO ${table} (name) VALUES (${p(1)})`, params: ["tx-1"] },
      ],
    });
    expect(failed.error?.error_code).toBe("UniqueViolation");
    const none = await call(query, { sql: `SELECT name FROM ${table} WHERE name = ${p(1)}`, params: ["tx-1"] });
    expect(none.command_response.body).toMatchObject({ row_count: 0 });

    const passed = await call(transaction, {
      statements: [
        { sql: `INSERT INTO ${table} (name, score) VALUES (${p(1)}, 1)`, params: ["tx-2"] },
        { sql: `UPDATE ${table} SET score = score + 1 WHERE name = :n`, params: { n: "tx-2" } },
        { sql: `SELECT score FROM ${table} WHERE name = ${p(1)}`, params: ["tx-2"] },
      ],
    });
    expect(passed.command_response.body).toMatchObject({
      results: [{ row_count: 1 }, { row_count: 1 }, { rows: [{ score: 2 }], row_count: 1 }],
    });
  });

  it("answers dates as written, binary as base64 and big integers exactly", async () => {
    const answered = await call(query, { sql: values });
    expect(answered.command_response.body).toMatchObject({
      rows: [{ d: "2024-02-29", ts: "2024-02-29 13:45:00", b: "aGVsbG8=", big: "9007199254740993", small: 42 }],
    });
  });

  it("refuses a result over the row limit", async () => {
    const many = await call(query, { sql: `SELECT 1 AS one FROM ${table} a CROSS JOIN ${table} b` });
    expect(many.error?.error_code).toBe("RowLimitExceeded");
    const within = await call(query, { sql: `SELECT 1 AS one FROM ${table} LIMIT 5` });
    expect(within.error).toBeNull();
  });
});

describe("choosing a database", () => {
  it("refuses an unknown name and connection strings unless allowed", async () => {
    const unknown = await callCommand(query, { database: "nope", sql: "SELECT 1" }, { config });
    expect(unknown.envelope.error?.error_code).toBe("UnknownDatabase");
    const both = await callCommand(query, { database: "pg", connection_string: "x", sql: "SELECT 1" }, { config });
    expect(both.envelope.error?.error_code).toBe("InvalidParameters");
    const raw = { connection_string: "dbname=test user=postgres host=127.0.0.1 port=5432", sql: "SELECT 1 AS one" };
    const refused = await callCommand(query, raw, { config });
    expect(refused.envelope.error?.error_code).toBe("ConnectionStringsNotAllowed");
    const allowed = await callCommand(query, raw, { config: { ...config, allow_connection_strings: true } });
    expect(allowed.envelope.command_response.body).toMatchObject({ rows: [{ one: 1 }] });
  });

  it("answers DatabaseUnavailable (retryable) when the server is down", async () => {
    const down = { databases: { pg: "postgres://postgres@127.0.0.1:1/test", maria: "mysql://root@127.0.0.1:1/test" } };
    for (const database of ["pg", "maria"]) {
      const outcome = await callCommand(query, { database, sql: "SELECT 1" }, { config: down });
      expect(outcome.envelope.error?.error_code).toBe("DatabaseUnavailable");
      expect(outcome.envelope.command_response.http_status).toBe(503);
    }
  });
});
