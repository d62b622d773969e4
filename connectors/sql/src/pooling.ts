/**
 * `@connector-proxy/connector-sql/pooling`: the pooling and error mapping of the sql
 * connector, for connectors that speak SQL with their own commands (postgres_v2).
 */
export { type Dialect, parseConnectionString } from "./connection-string.js";
export {
  type Database,
  type Field,
  inTransaction,
  type RunOptions,
  type Session,
  type Statement,
  type StatementResult,
} from "./database.js";
export { databaseError } from "./database-errors.js";
export { PoolRegistry } from "./pool-registry.js";
export { DEFAULT_POOL_LIMITS, type PoolLimits, rowLimitExceeded } from "./session-support.js";
