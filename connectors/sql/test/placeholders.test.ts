import { describe, expect, it } from "vitest";
import { parseConnectionString } from "../src/connection-string.js";
import { bindStatement } from "../src/placeholders.js";

describe("named placeholders", () => {
  it("binds :name outside quotes, comments, dollar quotes and casts", () => {
    const sql = `SELECT ':a', ":a", $q$ :a $q$, x::int /* :a */ FROM t WHERE a = :a AND b = :b AND c = :a -- :b`;
    expect(bindStatement("postgres", sql, { a: 1, b: "two" })).toEqual({
      sql: `SELECT ':a', ":a", $q$ :a $q$, x::int /* :a */ FROM t WHERE a = $1 AND b = $2 AND c = $1 -- :b`,
      values: [1, "two"],
    });
    expect(bindStatement("mysql", "SELECT :a, :b, :a", { a: 1, b: 2 })).toEqual({
      sql: "SELECT ?, ?, ?",
      values: [1, 2, 1],
    });
  });

  it("refuses a placeholder without a value and passes lists through", () => {
    expect(() => bindStatement("postgres", "SELECT :missing", { other: 1 })).toThrow(/params has no "missing"/);
    expect(bindStatement("mysql", "SELECT ?", [1])).toEqual({ sql: "SELECT ?", values: [1] });
  });
});

describe("connection strings", () => {
  it("reads libpq keywords, quoted values included", () => {
    expect(parseConnectionString("dbname=dev user=dev password='p w\\'d' host=db port=5432 sslmode=disable")).toEqual({
      dialect: "postgres",
      options: { database: "dev", user: "dev", password: "p w'd", host: "db", port: 5432, ssl: false },
    });
  });

  it("reads URLs by scheme and never echoes the string in an error", () => {
    expect(parseConnectionString("mariadb://root@127.0.0.1/test")).toEqual({
      dialect: "mysql",
      options: { uri: "mysql://root@127.0.0.1/test" },
    });
    expect(parseConnectionString("postgresql://u:p@h/db").dialect).toBe("postgres");
    expect(() => parseConnectionString("oracle://u:secret@h/db")).toThrow(/scheme "oracle:"/);
    expect(() => parseConnectionString("host=h password=secret bogus=1")).toThrow(/keyword "bogus"/);
    const thrown = (() => {
      try {
        parseConnectionString("dbname=x password=hunter2 ???");
      } catch (error) {
        return String(error);
      }
    })();
    expect(thrown).toMatch(/at character/);
    expect(thrown).not.toContain("hunter2");
  });
});
