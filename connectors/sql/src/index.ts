/**
 * The sql connector: queries, statements and transactions on PostgreSQL and MySQL/MariaDB
 * databases named in the connector's settings, always with bound parameters.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { execute } from "./commands/execute.js";
import { query } from "./commands/query.js";
import { transaction } from "./commands/transaction.js";
import { closeAllPools } from "./pool-registry.js";
import { sqlSettings } from "./settings.js";

export { closeAllPools };

export default defineConnector({
  name: "sql",
  description: "SQL on PostgreSQL and MySQL/MariaDB with bound parameters, pooled connections and a row limit",
  config: sqlSettings,
  commands: [query, execute, transaction],
  close: closeAllPools,
});
