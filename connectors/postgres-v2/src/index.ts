/**
 * The postgres_v2 connector: the Python `connector-postgres-v2` commands with their ids,
 * parameters and answers, on the sql connector's pools, with checked identifiers and
 * every value bound.
 */

import { defineConnector } from "@connector-proxy/sdk";
import { createTable } from "./commands/create-table.js";
import { deleteValues } from "./commands/delete-values.js";
import { doSql } from "./commands/do-sql.js";
import { dropTable } from "./commands/drop-table.js";
import { insertValues } from "./commands/insert-values.js";
import { selectValues } from "./commands/select-values.js";
import { updateValues } from "./commands/update-values.js";
import { pools, v2Settings } from "./run-v2.js";

export default defineConnector({
  name: "postgres_v2",
  description: "PostgreSQL table commands compatible with the Python postgres_v2 connector",
  config: v2Settings,
  commands: [createTable, dropTable, insertValues, selectValues, updateValues, deleteValues, doSql],
  close: () => pools.closeAll(),
});
