/**
 * `aws/ScanDynamoTable`: every item of a table, read page by page up to a limit
 * (the reference read one unbounded first page). Answers `{Items, Count, ScannedCount}`.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { callAws, DYNAMO_ERRORS } from "./aws-failure.js";
import { awsSettings, dynamoClient } from "./clients.js";
import { pagingParams, readPages } from "./dynamo-pages.js";

export const scanDynamoTable = defineCommand({
  name: "ScanDynamoTable",
  description: "Reads the items of a DynamoDB table (up to limit; LastEvaluatedKey to go on)",
  annotations: { readOnly: true },
  params: z.object({
    table_name: z.string().min(1).describe("Table name"),
    ...pagingParams,
  }),
  advertise: ["table_name"],
  errors: DYNAMO_ERRORS,
  async run(params, ctx) {
    const { max_items } = awsSettings(ctx.config);
    const dynamo = await dynamoClient(ctx.config);
    const { ScanCommand } = await import("@aws-sdk/lib-dynamodb");
    const answer = await callAws(ctx, `table ${params.table_name}`, () =>
      readPages(Math.min(params.limit ?? max_items, max_items), params.exclusive_start_key, (start, pageLimit) =>
        dynamo.send(new ScanCommand({ TableName: params.table_name, ExclusiveStartKey: start, Limit: pageLimit }), {
          abortSignal: ctx.signal,
        }),
      ),
    );
    ctx.log(`scanned ${answer.ScannedCount} items of ${params.table_name}`);
    return { body: answer };
  },
});
