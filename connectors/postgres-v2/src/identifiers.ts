/**
 * The names and types postgres_v2 pastes into SQL. The Python original pasted them unchecked
 * (a table_name of `t; DROP TABLE t` dropped the table); here only plain unquoted identifiers
 * (optionally schema-qualified, so PostgreSQL folds case exactly as before) and column types
 * made of words, numbers and simple parentheses pass. Anything else is `InvalidIdentifier`.
 */
import { CommandError } from "@connector-proxy/sdk";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const QUALIFIED = /^[A-Za-z_][A-Za-z0-9_$]{0,62}(?:\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/;
/** Words, integers, `(10,2)`-style argument lists of words/integers, `[]`; nothing that quotes or ends a statement. */
const COLUMN_TYPE =
  /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\[\]|\s*\((?:\s*[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)?\s*\)|\s+[A-Za-z0-9_]+)*$/;
const MAX_TYPE_LENGTH = 200;

export const OPERATORS = new Set(["=", "!=", "<", ">"]);

function refuse(what: string, value: string, rule: string): CommandError {
  const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  return new CommandError("InvalidIdentifier", `${what} ${JSON.stringify(shown)} is refused: ${rule}`);
}

/** A table name: `name` or `schema.name`. */
export function tableName(value: string): string {
  if (!QUALIFIED.test(value)) {
    throw refuse("table_name", value, "use a plain identifier (letters, digits, _), optionally schema-qualified");
  }
  return value;
}

/** A column name. */
export function columnName(value: string, where = "column"): string {
  if (!IDENTIFIER.test(value)) throw refuse(where, value, "use a plain identifier (letters, digits, _)");
  return value;
}

/** A column type with its constraints, e.g. `varchar(255) NOT NULL` or `serial PRIMARY KEY`. */
export function columnType(value: string): string {
  if (value.length > MAX_TYPE_LENGTH || !COLUMN_TYPE.test(value.trim())) {
    throw refuse(
      "column type",
      value,
      `use words, numbers and (n, m) lists only (no quotes, no ; or comments), at most ${MAX_TYPE_LENGTH} characters`,
    );
  }
  return value.trim();
}

/**
 * A where-clause operator (the reference's set). The reference raised a bare `Exception` (a
 * transient 500 there); its code is kept, answered with http_status 400: the caller must fix it.
 */
export function operator(value: string): string {
  if (!OPERATORS.has(value)) {
    throw new CommandError("Exception", `Unsupported operator '${value}' in where clause (use =, !=, < or >)`, {
      httpStatus: 400,
    });
  }
  return value;
}
