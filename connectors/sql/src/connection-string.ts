/**
 * Reading a connection string: a URL (`postgres://`, `postgresql://`, `mysql://`, `mariadb://`)
 * or libpq's keyword form (`dbname=dev user=dev password=dev host=db port=5432`, PostgreSQL only).
 * Messages never repeat the string: it usually holds a password.
 */
import type { ConnectionOptions } from "node:tls";
import { CommandError } from "@connector-proxy/sdk";

export type Dialect = "postgres" | "mysql";

/** Where to connect; `options` is handed to the driver's pool as is. */
export type ConnectionTarget =
  | { dialect: "postgres"; options: PostgresOptions }
  | { dialect: "mysql"; options: { uri: string } };

export interface PostgresOptions {
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  application_name?: string;
  connectionTimeoutMillis?: number;
  ssl?: boolean | ConnectionOptions;
}

const SCHEMES: Record<string, Dialect> = {
  "postgres:": "postgres",
  "postgresql:": "postgres",
  "mysql:": "mysql",
  "mariadb:": "mysql",
};

function invalid(reason: string): CommandError {
  return new CommandError("InvalidConnectionString", `The connection string is not usable: ${reason}`);
}

/** Parse a connection string; throws `InvalidConnectionString` (without echoing the string). */
export function parseConnectionString(text: string): ConnectionTarget {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return { dialect: "postgres", options: parseKeywords(trimmed) };
  const dialect = SCHEMES[scheme];
  if (!dialect) {
    throw invalid(`scheme "${scheme}" is not supported (use postgres://, postgresql://, mysql:// or mariadb://)`);
  }
  if (!URL.canParse(trimmed)) throw invalid("it is not a valid URL");
  if (dialect === "mysql") return { dialect, options: { uri: trimmed.replace(/^mariadb:/i, "mysql:") } };
  return { dialect, options: { connectionString: trimmed } };
}

/** libpq `key=value` pairs; values may be single-quoted with backslash escapes. */
function parseKeywords(text: string): PostgresOptions {
  const pairs = new Map<string, string>();
  const pattern = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|([^\s']*))/y;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match?.[1]) {
      if (text.slice(position).trim() === "") break;
      throw invalid(`expected key=value pairs (libpq form) or a URL, at character ${position + 1}`);
    }
    pairs.set(match[1].toLowerCase(), match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? ""));
    position = pattern.lastIndex;
  }
  if (pairs.size === 0) throw invalid("it is empty");
  return keywordOptions(pairs);
}

function keywordOptions(pairs: Map<string, string>): PostgresOptions {
  const options: PostgresOptions = {};
  for (const [key, value] of pairs) {
    switch (key) {
      case "host":
      case "hostaddr":
        options.host = value;
        break;
      case "port":
        options.port = Number.parseInt(value, 10);
        if (!Number.isInteger(options.port)) throw invalid("port is not a number");
        break;
      case "dbname":
        options.database = value;
        break;
      case "user":
        options.user = value;
        break;
      case "password":
        options.password = value;
        break;
      case "application_name":
        options.application_name = value;
        break;
      case "connect_timeout":
        options.connectionTimeoutMillis = 1000 * Number.parseInt(value, 10);
        break;
      case "sslmode":
        options.ssl = sslMode(value);
        break;
      default:
        throw invalid(`keyword "${key}" is not supported`);
    }
  }
  return options;
}

function sslMode(mode: string): PostgresOptions["ssl"] {
  if (mode === "disable" || mode === "allow" || mode === "prefer") return false;
  if (mode === "require") return { rejectUnauthorized: false };
  if (mode === "verify-ca") return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
  if (mode === "verify-full") return { rejectUnauthorized: true };
  throw invalid(`sslmode "${mode}" is not one of disable, allow, prefer, require, verify-ca, verify-full`);
}
