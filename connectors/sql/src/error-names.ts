/**
 * Error names for database error codes. PostgreSQL SQLSTATEs get psycopg2's class names
 * (sqlstate-names.ts; here psycopg2's base classes for codes it does not know); MySQL/MariaDB
 * codes get the same name PostgreSQL's equivalent failure has.
 */

/** SQLSTATE class (first two characters) → psycopg2's base class, for codes psycopg2 does not know. */
export const SQLSTATE_CLASS_NAMES: Readonly<Record<string, string>> = {
  "08": "OperationalError",
  "0A": "NotSupportedError",
  "22": "DataError",
  "23": "IntegrityError",
  "25": "InternalError",
  "28": "OperationalError",
  "3D": "ProgrammingError",
  "3F": "ProgrammingError",
  "40": "TransactionRollbackError",
  "42": "ProgrammingError",
  "53": "OperationalError",
  "54": "OperationalError",
  "55": "OperationalError",
  "57": "OperationalError",
  "58": "OperationalError",
  XX: "InternalError",
};

/** MySQL/MariaDB error code → the name PostgreSQL's equivalent failure has. */
export const MYSQL_NAMES: Readonly<Record<string, string>> = {
  ER_DUP_ENTRY: "UniqueViolation",
  ER_DUP_KEY: "UniqueViolation",
  ER_NO_REFERENCED_ROW: "ForeignKeyViolation",
  ER_NO_REFERENCED_ROW_2: "ForeignKeyViolation",
  ER_ROW_IS_REFERENCED: "ForeignKeyViolation",
  ER_ROW_IS_REFERENCED_2: "ForeignKeyViolation",
  ER_BAD_NULL_ERROR: "NotNullViolation",
  ER_NO_DEFAULT_FOR_FIELD: "NotNullViolation",
  ER_CHECK_CONSTRAINT_VIOLATED: "CheckViolation",
  ER_CONSTRAINT_FAILED: "CheckViolation",
  ER_DATA_TOO_LONG: "StringDataRightTruncation",
  ER_WARN_DATA_OUT_OF_RANGE: "NumericValueOutOfRange",
  ER_TRUNCATED_WRONG_VALUE: "InvalidTextRepresentation",
  ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: "InvalidTextRepresentation",
  ER_DIVISION_BY_ZERO: "DivisionByZero",
  ER_PARSE_ERROR: "SyntaxError",
  ER_SYNTAX_ERROR: "SyntaxError",
  ER_NO_SUCH_TABLE: "UndefinedTable",
  ER_BAD_TABLE_ERROR: "UndefinedTable",
  ER_BAD_FIELD_ERROR: "UndefinedColumn",
  ER_SP_DOES_NOT_EXIST: "UndefinedFunction",
  ER_NON_UNIQ_ERROR: "AmbiguousColumn",
  ER_TABLE_EXISTS_ERROR: "DuplicateTable",
  ER_DUP_FIELDNAME: "DuplicateColumn",
  ER_BAD_DB_ERROR: "InvalidCatalogName",
  ER_ACCESS_DENIED_ERROR: "InvalidPassword",
  ER_DBACCESS_DENIED_ERROR: "InsufficientPrivilege",
  ER_TABLEACCESS_DENIED_ERROR: "InsufficientPrivilege",
  ER_SPECIFIC_ACCESS_DENIED_ERROR: "InsufficientPrivilege",
  ER_LOCK_DEADLOCK: "DeadlockDetected",
  ER_LOCK_WAIT_TIMEOUT: "LockNotAvailable",
  ER_QUERY_INTERRUPTED: "QueryCanceled",
  ER_CON_COUNT_ERROR: "TooManyConnections",
  ER_SUBQUERY_NO_1_ROW: "CardinalityViolation",
};

/** Names of failures that may pass on a retry (answered with a 503 so Arena's retry applies). */
export const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  "ConnectionException",
  "SqlclientUnableToEstablishSqlconnection",
  "ConnectionDoesNotExist",
  "ConnectionFailure",
  "OperationalError",
  "TransactionRollbackError",
  "SerializationFailure",
  "DeadlockDetected",
  "LockNotAvailable",
  "InsufficientResources",
  "OutOfMemory",
  "TooManyConnections",
  "AdminShutdown",
  "CannotConnectNow",
  "DatabaseUnavailable",
]);
