/**
 * DoSQL's psycopg placeholders: `%s` takes the next value of a list, `%(name)s` a value of an
 * object, `%%` is a literal `%` (as psycopg2, applied to the whole text, quotes included). They
 * are rewritten to PostgreSQL's `$n` with the values bound, never pasted into the SQL. A text
 * without any `%` ignores its values, as psycopg2 does. Mismatches fail with the Python
 * exception psycopg2 raises for them (`IndexError`, `TypeError`, `KeyError`, `ValueError`:
 * the reference's error codes), its text first, then what to change.
 */
import type { Statement } from "@connector-proxy/connector-sql/pooling";
import { CommandError } from "@connector-proxy/sdk";

export type PercentValues = readonly unknown[] | Readonly<Record<string, unknown>>;

function pythonError(code: string, pythonText: string, hint: string): CommandError {
  return new CommandError(code, `${pythonText} (${hint})`);
}

/** More placeholders (or InsertValuesV2 columns) than values. */
export function tooFewValues(hint: string): CommandError {
  return pythonError("IndexError", "list index out of range", hint);
}

/** More values than placeholders (or InsertValuesV2 columns). */
export function tooManyValues(hint: string): CommandError {
  return pythonError("TypeError", "not all arguments converted during string formatting", hint);
}

function unsupported(kind: string, index: number): CommandError {
  if (kind === "")
    return pythonError("ValueError", "incomplete format", "the SQL ends with a lone %: write %% for a %");
  const hex = kind.codePointAt(0)?.toString(16).padStart(2, "0") ?? "";
  return pythonError(
    "ValueError",
    `unsupported format character '${kind}' (0x${hex}) at index ${index}`,
    "use %s or %(name)s for a value, %% for a literal %",
  );
}

/**
 * Rewrite psycopg placeholders to `$n`; throws the CommandError psycopg2's exception names.
 *
 * @example
 * bindPercent("SELECT %s, %(a)s", { a: 1 }); // throws TypeError "dict is not a sequence"
 * bindPercent("SELECT %s WHERE x LIKE 'a%%'", [1]); // { sql: "SELECT $1 WHERE x LIKE 'a%'", values: [1] }
 */
export function bindPercent(sql: string, values: PercentValues): Statement {
  if (!sql.includes("%")) return { sql, values: [] };
  const list = Array.isArray(values) ? (values as readonly unknown[]) : null;
  const bound: unknown[] = [];
  const byName = new Map<string, number>();
  let used = 0;
  const rewritten = sql.replace(
    /%(?:\((\w*)\))?(.?)/gs,
    (token, name: string | undefined, kind: string, at: number) => {
      if (token === "%%") return "%";
      if (name !== undefined) {
        if (list) {
          throw pythonError(
            "TypeError",
            "list indices must be integers or slices, not str",
            `%(${name})s needs an object of values`,
          );
        }
        const named = values as Readonly<Record<string, unknown>>;
        if (!Object.hasOwn(named, name)) {
          throw pythonError("KeyError", `'${name}'`, `the SQL uses %(${name})s but values has no "${name}"`);
        }
        if (kind !== "s") throw unsupported(kind, at + token.length - 1);
        const known = byName.get(name);
        if (known !== undefined) return `$${known}`;
        bound.push(named[name]);
        byName.set(name, bound.length);
        return `$${bound.length}`;
      }
      if (!list) throw pythonError("TypeError", "dict is not a sequence", "%s needs a list of values");
      if (used >= list.length) {
        throw tooFewValues(`the SQL has more % placeholders than the ${list.length} values; write %% for a literal %`);
      }
      if (kind !== "s") throw unsupported(kind, at + 1);
      bound.push(list[used++]);
      return `$${bound.length}`;
    },
  );
  if (list && used < list.length) {
    throw tooManyValues(`the SQL has ${used} %s placeholders but ${list.length} values were given`);
  }
  return { sql: rewritten, values: bound };
}
