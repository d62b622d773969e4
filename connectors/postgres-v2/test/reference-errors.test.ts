/**
 * postgres_v2 failures as the reference (Python connector-postgres) answers them, against the
 * real PostgreSQL: the psycopg2 (or Python) exception's class name as error_code, the message
 * after "Error executing sql statement: ", `body: null` and no inner http_status (so a caught
 * error shows status 200 in Arena). The expected codes were read off psycopg2 2.9 running the
 * reference's statements against the same server.
 */
import type { Command, Envelope } from "@connector-proxy/sdk";
import { callCommand, closedPort } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { createTable } from "../src/commands/create-table.js";
import { doSql } from "../src/commands/do-sql.js";
import { dropTable } from "../src/commands/drop-table.js";
import { insertValues } from "../src/commands/insert-values.js";
import { selectValues } from "../src/commands/select-values.js";
import { pools } from "../src/run-v2.js";

beforeAll(() => requireServices("PostgreSQL", "MariaDB")); // a server that is down: one line naming it

const table = `cp_pgv2_err_${process.pid}`;
const keywords = "dbname=test user=postgres host=127.0.0.1 port=5432";

async function call(command: Command, params: Record<string, unknown>, connection = keywords) {
  const { status, envelope } = await callCommand(command, { database_connection_str: connection, ...params });
  expect(status).toBe(200);
  return envelope;
}

/** The reference's failure envelope, with `code` and a message matching `message`. */
function expectReferenceFailure(envelope: Envelope, code: string, message: RegExp): void {
  expect(envelope.error?.error_code).toBe(code);
  expect(envelope.error?.message).toMatch(/^Error executing sql statement: /);
  expect(envelope.error?.message).toMatch(message);
  expect(envelope.command_response).toStrictEqual({ body: null, mimetype: "application/json" });
}

const sql = (text: string, values?: unknown, fetch_results = false) => ({
  schema: { sql: text, ...(values === undefined ? {} : { values }), fetch_results },
});

beforeAll(async () => {
  await call(createTable, {
    table_name: table,
    schema: { column_definitions: [{ name: "name", type: "text UNIQUE NOT NULL" }] },
  });
});
afterAll(async () => {
  await call(dropTable, { table_name: table });
  await pools.closeAll();
});

describe("postgres_v2 failures as the reference answers them", () => {
  it("names SQL errors by psycopg2's class for the SQLSTATE", async () => {
    await call(insertValues, { table_name: table, schema: { columns: ["name"], values: [["ada"]] } });
    const duplicate = await call(insertValues, { table_name: table, schema: { columns: ["name"], values: [["ada"]] } });
    expectReferenceFailure(duplicate, "UniqueViolation", /duplicate key.*\(SQLSTATE 23505\)/);
    const nullName = await call(insertValues, { table_name: table, schema: { columns: ["name"], values: [[null]] } });
    expectReferenceFailure(nullName, "NotNullViolation", /null value/);
    const missing = await call(selectValues, { table_name: `${table}_nope`, schema: { columns: ["name"] } });
    expectReferenceFailure(missing, "UndefinedTable", /does not exist/);
    const column = await call(selectValues, { table_name: table, schema: { columns: ["nope"] } });
    expectReferenceFailure(column, "UndefinedColumn", /column "nope" does not exist/);
    expectReferenceFailure(await call(doSql, sql("selec 1")), "SyntaxError", /syntax error/);
    expectReferenceFailure(await call(doSql, sql("select 1/0")), "DivisionByZero", /division by zero/);
    await call(doSql, sql(`create view ${table}_v as select name from ${table}`));
    const dependents = await call(dropTable, { table_name: table }); // a SQLSTATE outside the common few
    expectReferenceFailure(dependents, "DependentObjectsStillExist", /\(SQLSTATE 2BP01\)/);
    await call(doSql, sql(`drop view ${table}_v`));
  });

  it("answers ProgrammingError for fetch_results on a statement without rows, after running it", async () => {
    const update = await call(doSql, sql(`update ${table} set name = 'ada2' where name = 'ada'`, [], true));
    expectReferenceFailure(update, "ProgrammingError", /no results to fetch/);
    const after = await call(doSql, sql(`select name from ${table}`, [], true));
    expect(after.command_response.body).toStrictEqual([["ada2"]]); // psycopg2 committed before fetchall
    const ddl = await call(doSql, sql(`create table if not exists ${table} (name text)`, [], true));
    expectReferenceFailure(ddl, "ProgrammingError", /no results to fetch/);
  });

  it("names connection failures OperationalError and an unreadable string ProgrammingError", async () => {
    const port = await closedPort();
    const refused = await call(doSql, sql("select 1"), `dbname=test user=postgres host=127.0.0.1 port=${port}`);
    expectReferenceFailure(refused, "OperationalError", /ECONNREFUSED/);
    const noDb = await call(doSql, sql("select 1"), "dbname=cp_no_such_db user=postgres host=127.0.0.1 port=5432");
    expectReferenceFailure(noDb, "OperationalError", /cp_no_such_db/); // 3D000 at connect: still OperationalError
    const mysql = await call(doSql, sql("select 1"), "mysql://root:Hush-My-Secret@127.0.0.1:3306/test");
    expectReferenceFailure(mysql, "ProgrammingError", /^Error executing sql statement: invalid dsn: /);
    expect(mysql.error?.message).not.toContain("Hush-My-Secret");
    const garbage = await call(doSql, sql("select 1"), "garbage");
    expectReferenceFailure(garbage, "ProgrammingError", /invalid dsn/);
  });

  it("names placeholder and row mismatches as psycopg2's Python exceptions, inserting nothing", async () => {
    const short = await call(insertValues, {
      table_name: table,
      schema: { columns: ["name"], values: [["bob"], []] },
    });
    expectReferenceFailure(short, "IndexError", /^Error executing sql statement: list index out of range \(/);
    const long = await call(insertValues, { table_name: table, schema: { columns: ["name"], values: [["bob", 1]] } });
    expectReferenceFailure(long, "TypeError", /not all arguments converted during string formatting/);
    const rows = await call(doSql, sql(`select name from ${table} where name = 'bob'`, [], true));
    expect(rows.command_response.body).toStrictEqual([]);

    expectReferenceFailure(await call(doSql, sql("select %s, %s", ["a"])), "IndexError", /list index out of range/);
    expectReferenceFailure(await call(doSql, sql("select %s", ["a", "b"])), "TypeError", /not all arguments/);
    expectReferenceFailure(await call(doSql, sql("select %(a)s", { b: 1 })), "KeyError", /: 'a' \(/);
    expectReferenceFailure(await call(doSql, sql("select %s", { a: 1 })), "TypeError", /dict is not a sequence/);
    expectReferenceFailure(await call(doSql, sql("select '100%'")), "IndexError", /list index out of range/);
    expectReferenceFailure(
      await call(doSql, sql("select %d", [1])),
      "ValueError",
      /unsupported format character 'd' \(0x64\) at index 8/,
    );
  });

  it("answers the reference's code with a permanent 400 for an unsupported where operator", async () => {
    const envelope = await call(selectValues, {
      table_name: table,
      schema: { columns: ["name"], where: [["name", "~", "x"]] },
    });
    expect(envelope.error).toStrictEqual({
      error_code: "Exception",
      message: "Unsupported operator '~' in where clause (use =, !=, < or >)",
    });
    expect(envelope.command_response).toMatchObject({ body: null, http_status: 400 });
  });
});
