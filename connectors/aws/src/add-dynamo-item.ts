/**
 * `aws/AddDynamoItem`: put one item (a JSON object) into a DynamoDB table. Answers `{}`
 * as the reference did (PutItem's answer without its metadata).
 */
import { CommandError, defineCommand, z } from "@connector-proxy/sdk";
import { callAws, DYNAMO_ERRORS } from "./aws-failure.js";
import { dynamoClient } from "./clients.js";

export const addDynamoItem = defineCommand({
  name: "AddDynamoItem",
  description: "Adds (or replaces) an item in a DynamoDB table",
  annotations: { destructive: true, idempotent: true },
  params: z.object({
    table_name: z.string().min(1).describe("Table name"),
    item_data: z
      .union([z.record(z.string(), z.unknown()), z.string()])
      .describe("The item: an object (or its JSON text) including the table's key attributes"),
  }),
  errors: { ...DYNAMO_ERRORS, InvalidItem: "item_data is a string that is not a JSON object" },
  async run(params, ctx) {
    const item = typeof params.item_data === "string" ? parseItem(params.item_data) : params.item_data;
    const dynamo = await dynamoClient(ctx.config);
    const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
    await callAws(ctx, `table ${params.table_name}`, () =>
      dynamo.send(new PutCommand({ TableName: params.table_name, Item: item }), { abortSignal: ctx.signal }),
    );
    ctx.log(`put 1 item into ${params.table_name}`);
    return { body: {} };
  },
});

function parseItem(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CommandError("InvalidItem", "item_data is a string but not a JSON object: pass the item as an object");
}
