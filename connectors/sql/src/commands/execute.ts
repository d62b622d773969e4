/**
 * `sql/Execute`: one DML or DDL statement with bound parameters, answering how many rows it touched.
 */
import { defineCommand } from "@connector-proxy/sdk";
import { DATABASE_ERRORS } from "../settings.js";
import { runSingleStatement, singleStatementParams } from "./single-statement.js";

export const execute = defineCommand({
  name: "Execute",
  description: "Runs one INSERT/UPDATE/DELETE or DDL statement with bound parameters and answers {row_count}",
  params: singleStatementParams,
  errors: DATABASE_ERRORS,
  run: async (params, ctx) => {
    const result = await runSingleStatement(params, ctx, "none");
    return { body: { row_count: result.rowCount } };
  },
});
