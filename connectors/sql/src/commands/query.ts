/**
 * `sql/Query`: one statement with bound parameters, answering its rows.
 */
import { defineCommand } from "@connector-proxy/sdk";
import { DATABASE_ERRORS } from "../settings.js";
import { runSingleStatement, singleStatementParams } from "./single-statement.js";

export const query = defineCommand({
  name: "Query",
  description: "Runs one SQL statement with bound parameters and answers {rows, row_count, fields}",
  params: singleStatementParams,
  errors: DATABASE_ERRORS,
  run: async (params, ctx) => {
    const result = await runSingleStatement(params, ctx, "object");
    return { body: { rows: result.rows, row_count: result.rowCount, fields: result.fields } };
  },
});
