/**
 * The sql connector's settings (`connectors.sql.settings` in the proxy configuration) and
 * choosing the database a call names.
 */
import { CommandError, z } from "@connector-proxy/sdk";
import type { Database } from "./database.js";
import { databaseFor } from "./pool-registry.js";
import { DEFAULT_POOL_LIMITS } from "./session-support.js";

export const sqlSettings = z.object({
  databases: z
    .record(z.string(), z.string().min(1))
    .default({})
    .describe("Databases by name: a URL (postgres://, mysql://, mariadb://) or libpq keywords (dbname=... host=...)"),
  allow_connection_strings: z
    .boolean()
    .default(false)
    .describe("Accept a connection_string parameter instead of a configured database name"),
  row_limit: z.number().int().positive().default(10_000).describe("Most rows a statement may return"),
  pool_size: z.number().int().positive().default(DEFAULT_POOL_LIMITS.connections).describe("Connections per database"),
});

export type SqlSettings = z.output<typeof sqlSettings>;

/** The parameters that choose a database. */
export const databaseParams = {
  database: z.string().min(1).optional().describe("Name of a database configured in the connector's settings"),
  connection_string: z
    .string()
    .min(1)
    .optional()
    .describe("A connection string, accepted only when the deployment sets allow_connection_strings"),
};

/** For `.refine` on a command's parameters: exactly one of database and connection_string. */
export function namesOneDatabase(params: { database?: string | undefined; connection_string?: string | undefined }) {
  return (params.database === undefined) !== (params.connection_string === undefined);
}
export const ONE_DATABASE = "Give exactly one of database (a configured name) or connection_string";

export const DATABASE_ERRORS = {
  UnknownDatabase: "No database with that name is configured (connectors.sql.settings.databases)",
  ConnectionStringsNotAllowed: "This deployment does not accept connection strings as parameters",
  InvalidConnectionString: "The connection string is neither a supported URL nor libpq key=value pairs",
  DatabaseUnavailable: "The database server cannot be reached (retryable)",
  ParameterMismatch: "The SQL's placeholders do not match the parameters given",
  RowLimitExceeded: "The result has more rows than the configured row_limit",
  UniqueViolation:
    "A unique constraint refused the row (also: NotNullViolation, ForeignKeyViolation, SyntaxError, ...)",
};

/** The database a call names, from its `database` or `connection_string` parameter. */
export function chooseDatabase(
  settings: SqlSettings,
  params: { database?: string | undefined; connection_string?: string | undefined },
): Database {
  const limits = { ...DEFAULT_POOL_LIMITS, connections: settings.pool_size };
  if (params.connection_string !== undefined) {
    if (!settings.allow_connection_strings) {
      throw new CommandError(
        "ConnectionStringsNotAllowed",
        "This proxy does not accept connection strings: name a configured database (or set allow_connection_strings)",
      );
    }
    return databaseFor(params.connection_string, limits);
  }
  const names = Object.keys(settings.databases);
  const connectionString =
    params.database !== undefined && Object.hasOwn(settings.databases, params.database)
      ? settings.databases[params.database]
      : undefined;
  if (connectionString === undefined) {
    throw new CommandError(
      "UnknownDatabase",
      `No database "${params.database ?? ""}" is configured (configured: ${names.join(", ") || "none"})`,
    );
  }
  return databaseFor(connectionString, limits);
}
