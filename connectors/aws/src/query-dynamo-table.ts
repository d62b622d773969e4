/**
 * `aws/QueryDynamoTable`: the items whose partition key (and, when given, sort key) equal
 * the given values. The key attribute names and types come from the table's own
 * description, as in the reference. Answers `{Items, Count, ScannedCount}`.
 */
import { CommandError, defineCommand, z } from "@connector-proxy/sdk";
import { callAws, DYNAMO_ERRORS } from "./aws-failure.js";
import { awsSettings, dynamoClient } from "./clients.js";
import { pagingParams, readPages } from "./dynamo-pages.js";

export const queryDynamoTable = defineCommand({
  name: "QueryDynamoTable",
  description: "Reads the items of a DynamoDB table that have this partition key (and sort key)",
  annotations: { readOnly: true },
  params: z.object({
    table_name: z.string().min(1).describe("Table name"),
    partition_key: z.coerce.string().describe("Value of the table's partition (HASH) key"),
    sort_key: z.coerce.string().optional().describe("Value of the table's sort (RANGE) key"),
    ...pagingParams,
  }),
  advertise: ["table_name", "partition_key", "sort_key"],
  errors: { ...DYNAMO_ERRORS, TableHasNoSortKey: "sort_key was given but the table has no sort key" },
  async run(params, ctx) {
    const { max_items } = awsSettings(ctx.config);
    const dynamo = await dynamoClient(ctx.config);
    const [{ DescribeTableCommand }, { QueryCommand }] = await Promise.all([
      import("@aws-sdk/client-dynamodb"),
      import("@aws-sdk/lib-dynamodb"),
    ]);
    const subject = `table ${params.table_name}`;
    const { Table: table } = await callAws(ctx, subject, () =>
      dynamo.send(new DescribeTableCommand({ TableName: params.table_name }), { abortSignal: ctx.signal }),
    );
    const keyOf = (type: "HASH" | "RANGE") => {
      const name = table?.KeySchema?.find((key) => key.KeyType === type)?.AttributeName;
      const kind = table?.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
      return name ? { name, numeric: kind === "N" } : null;
    };
    const hash = keyOf("HASH");
    const range = keyOf("RANGE");
    if (params.sort_key !== undefined && !range) {
      throw new CommandError("TableHasNoSortKey", `${params.table_name} has no sort key: leave sort_key out`);
    }
    const names: Record<string, string> = { "#pk": hash?.name ?? "" };
    const values: Record<string, unknown> = {
      ":pk": hash?.numeric ? Number(params.partition_key) : params.partition_key,
    };
    let condition = "#pk = :pk";
    if (params.sort_key !== undefined && range) {
      names["#sk"] = range.name;
      values[":sk"] = range.numeric ? Number(params.sort_key) : params.sort_key;
      condition += " AND #sk = :sk";
    }
    const answer = await callAws(ctx, subject, () =>
      readPages(Math.min(params.limit ?? max_items, max_items), params.exclusive_start_key, (start, pageLimit) =>
        dynamo.send(
          new QueryCommand({
            TableName: params.table_name,
            KeyConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ExclusiveStartKey: start,
            Limit: pageLimit,
          }),
          { abortSignal: ctx.signal },
        ),
      ),
    );
    ctx.log(`found ${answer.Count} items in ${params.table_name}`);
    return { body: answer };
  },
});
