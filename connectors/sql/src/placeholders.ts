/**
 * Binding parameters: every value travels to the server as a bound parameter, never as SQL text.
 * Named `:name` placeholders (sql/Query with a params object) are rewritten to the dialect's
 * positional form (`$1` for PostgreSQL, `?` for MySQL) with the values in order.
 */
import { CommandError } from "@connector-proxy/sdk";
import type { Dialect } from "./connection-string.js";
import type { Statement } from "./database.js";

export type Parameters = readonly unknown[] | Readonly<Record<string, unknown>>;

function mismatch(message: string): CommandError {
  return new CommandError("ParameterMismatch", message);
}

/** Collects values and hands out the dialect's positional markers. */
class Positions {
  readonly values: unknown[] = [];
  private readonly byName = new Map<string, number>();
  constructor(private readonly dialect: Dialect) {}

  positional(value: unknown): string {
    this.values.push(value);
    return this.dialect === "postgres" ? `$${this.values.length}` : "?";
  }

  named(name: string, params: Readonly<Record<string, unknown>>): string {
    if (!Object.hasOwn(params, name)) {
      throw mismatch(`The SQL uses :${name} but params has no "${name}" (names: ${Object.keys(params).join(", ")})`);
    }
    const known = this.byName.get(name);
    if (known !== undefined && this.dialect === "postgres") return `$${known}`;
    const marker = this.positional(params[name]);
    this.byName.set(name, this.values.length);
    return marker;
  }
}

/**
 * Quoted text, quoted identifiers, comments, PostgreSQL dollar quotes and `::` casts, which
 * never hold placeholders; or a `:name` placeholder (group 1).
 */
const SQL_TOKENS =
  /'(?:[^'\\]|''|\\.)*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|--[^\n]*|\/\*[\s\S]*?\*\/|(\$[A-Za-z_]*\$)[\s\S]*?\1|::|(?<![A-Za-z0-9_]):([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * A statement for sql/Query, sql/Execute and sql/Transaction: an array binds the dialect's own
 * positional placeholders as written; an object binds `:name` placeholders.
 *
 * @example
 * bindStatement("postgres", "SELECT * FROM t WHERE id = :id", { id: 7 }); // { sql: "... id = $1", values: [7] }
 */
export function bindStatement(dialect: Dialect, sql: string, params: Parameters | undefined): Statement {
  if (params === undefined) return { sql, values: [] };
  if (Array.isArray(params)) return { sql, values: params };
  const named = params as Readonly<Record<string, unknown>>;
  const positions = new Positions(dialect);
  const rewritten = sql.replace(SQL_TOKENS, (token, _dollar, name: string | undefined) =>
    name === undefined ? token : positions.named(name, named),
  );
  return { sql: rewritten, values: positions.values };
}
