import type { Command } from "@connector-proxy/sdk";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { createTable } from "../src/commands/create-table.js";
import { deleteValues } from "../src/commands/delete-values.js";
import { doSql } from "../src/commands/do-sql.js";
import { dropTable } from "../src/commands/drop-table.js";
import { insertValues } from "../src/commands/insert-values.js";
import { selectValues } from "../src/commands/select-values.js";
import { updateValues } from "../src/commands/update-values.js";
import connector from "../src/index.js";
import { pools } from "../src/run-v2.js";

beforeAll(() => requireServices("PostgreSQL")); // a server that is down: one line naming it

const table = `cp_pgv2_${process.pid}`;
const keywords = "dbname=test user=postgres host=127.0.0.1 port=5432";
const url = "postgresql://postgres@127.0.0.1:5432/test";

async function call(command: Command, params: Record<string, unknown>) {
  const { envelope } = await callCommand(command, { database_connection_str: keywords, ...params });
  return envelope;
}

/** The body as the reference answers it since connector-postgres 851001e: a JSON value, never a JSON string. */
function body(envelope: Awaited<ReturnType<typeof call>>): unknown {
  expect(envelope.error).toBeNull();
  expect(envelope.command_response).toMatchObject({ mimetype: "application/json" });
  return envelope.command_response.body;
}

async function tableExists(): Promise<boolean> {
  const envelope = await call(doSql, {
    schema: { sql: "SELECT count(*) FROM pg_tables WHERE tablename = %s", values: [table], fetch_results: true },
  });
  return JSON.stringify(body(envelope)) === "[[1]]";
}

beforeAll(async () => {
  await call(dropTable, { table_name: table });
});
afterAll(async () => {
  await call(dropTable, { table_name: table });
  await pools.closeAll();
});

describe("postgres_v2 round trip", () => {
  it("publishes the Python ids and parameters", () => {
    expect(connector.name).toBe("postgres_v2");
    const ids = connector.commands.map((c) => c.name);
    expect(ids).toEqual([
      "CreateTableV2",
      "DropTableV2",
      "InsertValuesV2",
      "SelectValuesV2",
      "UpdateValuesV2",
      "DeleteValuesV2",
      "DoSQL",
    ]);
    expect(selectValues.parameters).toEqual([
      expect.objectContaining({ id: "database_connection_str", type: "str", required: true }),
      expect.objectContaining({ id: "table_name", type: "str", required: true }),
      expect.objectContaining({ id: "schema", type: "any", required: true }),
    ]);
    expect(doSql.parameters.map((p) => p.id)).toEqual(["database_connection_str", "schema"]);
  });

  it("answers every table command with the reference's JSON value", async () => {
    const created = await call(createTable, {
      table_name: table.toUpperCase(), // unquoted: PostgreSQL folds it to lower case, as before
      schema: {
        column_definitions: [
          { name: "id", type: "serial PRIMARY KEY" },
          { name: "name", type: "varchar(100) NOT NULL UNIQUE" },
          { name: "score", type: "numeric(10,2)" },
        ],
      },
    });
    expect(body(created)).toStrictEqual({ result: "ok" });

    const inserted = await call(insertValues, {
      table_name: table,
      schema: {
        columns: ["name", "score"],
        values: [
          ["ada", 1.5],
          ["bob", 2],
        ],
      },
    });
    expect(body(inserted)).toStrictEqual({ result: "2 rows affected" });

    const updated = await call(updateValues, {
      table_name: table,
      schema: { set: { score: 3 }, where: [["name", "=", "bob"]] },
    });
    expect(body(updated)).toStrictEqual({ result: "1 rows affected" });

    const selected = await call(selectValues, {
      table_name: table,
      schema: { columns: ["name", "score"], where: [["id", ">", 0]] },
    });
    // numeric comes as its text: the reference cannot answer it at all (json.dumps refuses a Decimal)
    expect(body(selected)).toStrictEqual([
      ["ada", "1.50"],
      ["bob", "3.00"],
    ]);

    const deleted = await call(deleteValues, { table_name: table, schema: { where: [["name", "!=", "ada"]] } });
    expect(body(deleted)).toStrictEqual({ result: "1 rows affected" });
  });

  it("answers DoSQL rows as lists of lists, and a statement's count without fetch_results", async () => {
    const rows = await call(doSql, {
      schema: {
        sql: "select 1 as a, %s::text as b, %s::jsonb as c, %s::int8 as d, null as e",
        values: ["x", { k: [true, null] }, 3],
        fetch_results: true,
      },
    });
    expect(body(rows)).toStrictEqual([[1, "x", { k: [true, null] }, 3, null]]);
    const named = await call(doSql, {
      schema: { sql: "select %(a)s::int + %(a)s::int", values: { a: 2 }, fetch_results: true },
    });
    expect(body(named)).toStrictEqual([[4]]);
    const none = await call(doSql, { schema: { sql: "select 1 where false", fetch_results: true } });
    expect(body(none)).toStrictEqual([]);
    const counted = await call(doSql, { schema: { sql: "select 1 union select 2" } });
    expect(body(counted)).toStrictEqual({ result: "2 rows affected" });
    const literal = await call(doSql, { schema: { sql: "select '100%%'", fetch_results: true } });
    expect(body(literal)).toStrictEqual([["100%"]]);
    const unformatted = await call(doSql, { schema: { sql: "select '100%'", values: null, fetch_results: true } });
    expect(body(unformatted)).toStrictEqual([["100%"]]);
  });

  it("binds DoSQL %s values as parameters, so injection through them is inert", async () => {
    const evil = `x'); DROP TABLE ${table}; --`;
    const inserted = await call(doSql, {
      schema: { sql: `INSERT INTO ${table} (name) VALUES (%s)`, values: [evil] },
    });
    expect(body(inserted)).toStrictEqual({ result: "1 rows affected" });
    const found = await callCommand(doSql, {
      database_connection_str: url,
      schema: { sql: `SELECT name FROM ${table} WHERE name = %s`, values: [evil], fetch_results: true },
    });
    expect(body(found.envelope)).toStrictEqual([[evil]]);
    expect(await tableExists()).toBe(true);
  });

  it("runs several DoSQL statements at once without values, and selects * as arrays", async () => {
    const done = await call(doSql, {
      schema: {
        sql: `UPDATE ${table} SET score = 6 WHERE name = 'ada'; UPDATE ${table} SET score = 7 WHERE false`,
      },
    });
    expect(body(done)).toStrictEqual({ result: "0 rows affected" }); // the last statement's count, as psycopg2
    const all = await call(selectValues, {
      table_name: table,
      schema: { columns: ["*"], where: [["name", "=", "ada"]] },
    });
    expect(body(all)).toStrictEqual([[1, "ada", "6.00"]]);
  });
});

describe("postgres_v2 identifiers", () => {
  it("refuses `t; DROP TABLE t` as table_name and the table survives", async () => {
    for (const command of [dropTable, deleteValues, selectValues]) {
      const refused = await call(command, {
        table_name: `${table}; DROP TABLE ${table}`,
        ...(command === dropTable ? {} : { schema: { columns: ["name"] } }),
      });
      expect(refused.error?.error_code).toBe("InvalidIdentifier");
    }
    expect(await tableExists()).toBe(true);
  });

  it("refuses injected column names, column types and operators", async () => {
    const badType = await call(createTable, {
      table_name: `${table}_x`,
      schema: { column_definitions: [{ name: "a", type: `text); DROP TABLE ${table}; --` }] },
    });
    expect(badType.error?.error_code).toBe("InvalidIdentifier");
    const badColumn = await call(selectValues, {
      table_name: table,
      schema: { columns: ["name FROM pg_user --"] },
    });
    expect(badColumn.error?.error_code).toBe("InvalidIdentifier");
    const badOperator = await call(deleteValues, {
      table_name: table,
      schema: { where: [["name", "= name OR 1 =", 1]] },
    });
    expect(badOperator.error?.error_code).toBe("Exception"); // the reference's code for it
    expect(badOperator.command_response).toMatchObject({ http_status: 400 }); // not its transient 500
    expect(await tableExists()).toBe(true);
  });

  it("accepts schema-qualified names and the usual column types", async () => {
    const created = await call(createTable, {
      table_name: `public.${table}_types`,
      schema: {
        column_definitions: [
          { name: "a", type: "timestamp with time zone DEFAULT now()" },
          { name: "b", type: "int[]" },
          { name: "c", type: `varchar(10) references ${table}(name)` },
        ],
      },
    });
    expect(body(created)).toStrictEqual({ result: "ok" });
    expect(body(await call(dropTable, { table_name: `public.${table}_types` }))).toStrictEqual({ result: "ok" });
  });
});
