/**
 * Turning what a database driver threw into a `CommandError` a diagram can catch by name:
 * the database's own code becomes a stable name (23505 / ER_DUP_ENTRY → UniqueViolation)
 * and stays visible in the message. Failures to reach the server are `DatabaseUnavailable`.
 */
import { CommandError, isCommandError } from "@connector-proxy/sdk";
import { MYSQL_NAMES, SQLSTATE_CLASS_NAMES, TRANSIENT_NAMES } from "./error-names.js";
import { SQLSTATE_NAMES } from "./sqlstate-names.js";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
]);

function text(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null || !(key in value)) return undefined;
  const found: unknown = Reflect.get(value, key);
  return typeof found === "string" || typeof found === "number" ? String(found) : undefined;
}

function nameFor(code: string | undefined, sqlState: string | undefined): string {
  if (code && MYSQL_NAMES[code]) return MYSQL_NAMES[code];
  const state = sqlState ?? (code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined);
  if (state) return SQLSTATE_NAMES[state] ?? SQLSTATE_CLASS_NAMES[state.slice(0, 2)] ?? "DatabaseError";
  return "DatabaseError";
}

/** The code part of a message: `SQLSTATE 23505`, or `ER_DUP_ENTRY 1062, SQLSTATE 23000`. */
function codeLabel(code: string | undefined, errno: string | undefined, sqlState: string | undefined): string {
  if (code?.startsWith("ER_")) return `${code} ${errno ?? ""}${sqlState ? `, SQLSTATE ${sqlState}` : ""}`.trim();
  return sqlState ? `SQLSTATE ${sqlState}` : code ? `SQLSTATE ${code}` : "";
}

/**
 * Wrap a driver error (a CommandError passes through). `prefix` starts the message.
 *
 * @example
 * throw databaseError(error, "Error executing sql statement: ");
 */
export function databaseError(error: unknown, prefix = ""): CommandError {
  if (isCommandError(error)) return error;
  const message = text(error, "sqlMessage") ?? text(error, "message") ?? String(error);
  const code = text(error, "code");
  if ((code && NETWORK_CODES.has(code)) || /timeout expired|connection terminated|connect ETIMEDOUT/i.test(message)) {
    return new CommandError(
      "DatabaseUnavailable",
      `${prefix}The database server cannot be reached (${code ?? message}): check the host and port, and that it is running`,
      { httpStatus: 503, cause: error },
    );
  }
  const sqlState = text(error, "sqlState");
  const name = nameFor(code, sqlState);
  const label = codeLabel(code, text(error, "errno"), sqlState);
  return new CommandError(name, `${prefix}${message}${label ? ` (${label})` : ""}`, {
    httpStatus: TRANSIENT_NAMES.has(name) ? 503 : 400,
    cause: error,
  });
}
