import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDynamoItem } from "../src/add-dynamo-item.js";
import { queryDynamoTable } from "../src/query-dynamo-table.js";
import { scanDynamoTable } from "../src/scan-dynamo-table.js";
import { type LocalServer, startDynamo, TEST_CREDENTIALS } from "./local-aws.js";

let dynamo: LocalServer;
let config: Record<string, unknown>;
let admin: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamo();
  config = { ...TEST_CREDENTIALS, dynamodb_endpoint: dynamo.endpoint };
  admin = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: TEST_CREDENTIALS.region,
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  await admin.send(
    new CreateTableCommand({
      TableName: "Movies",
      KeySchema: [
        { AttributeName: "year", KeyType: "HASH" },
        { AttributeName: "title", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "year", AttributeType: "N" },
        { AttributeName: "title", AttributeType: "S" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await admin.send(
    new CreateTableCommand({
      TableName: "Events",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
});
afterAll(async () => {
  admin.destroy();
  await dynamo.close();
});

async function add(table_name: string, item_data: unknown) {
  const { envelope } = await callCommand(addDynamoItem, { table_name, item_data }, { config });
  expect(envelope.error).toBeNull();
  expect(envelope.command_response).toMatchObject({ body: {} });
}

describe("aws DynamoDB commands against dynalite", () => {
  it("AddDynamoItem then QueryDynamoTable answers the reference shape", async () => {
    await add("Movies", { year: 1982, title: "Blade Runner", rating: 8.1, tags: ["noir"] });
    // A number too big for JSON's doubles, written as DynamoDB stores it: answered as a string, digit for digit.
    await admin.send(
      new PutItemCommand({
        TableName: "Movies",
        Item: { year: { N: "1982" }, title: { S: "Big" }, big: { N: "12345678901234567890" } },
      }),
    );
    await add("Movies", JSON.stringify({ year: 1964, title: "Dr. Strangelove" }));
    await add("Movies", { year: 1982, title: "Tron" });

    const byYear = await callCommand(queryDynamoTable, { table_name: "Movies", partition_key: "1982" }, { config });
    expect(byYear.envelope.error).toBeNull();
    expect(byYear.envelope.command_response).toMatchObject({
      body: {
        Items: [
          { year: 1982, title: "Big", big: "12345678901234567890" },
          { year: 1982, title: "Blade Runner", rating: 8.1, tags: ["noir"] },
          { year: 1982, title: "Tron" },
        ],
        Count: 3,
        ScannedCount: 3,
      },
    });
    expect(Object.keys((byYear.envelope.command_response as { body: object }).body)).toEqual([
      "Items",
      "Count",
      "ScannedCount",
    ]);

    const exact = await callCommand(
      queryDynamoTable,
      { table_name: "Movies", partition_key: 1982, sort_key: "Tron" },
      { config },
    );
    expect(exact.envelope.command_response).toMatchObject({
      body: { Items: [{ year: 1982, title: "Tron" }], Count: 1, ScannedCount: 1 },
    });
  });

  it("ScanDynamoTable reads every page, and stops at limit with LastEvaluatedKey to go on", async () => {
    for (let index = 0; index < 7; index++) await add("Events", { id: `event-${index}`, n: index });

    const all = await callCommand(scanDynamoTable, { table_name: "Events" }, { config });
    expect(all.envelope.error).toBeNull();
    const whole = (all.envelope.command_response as { body: { Items: { id: string }[]; Count: number } }).body;
    expect(whole.Count).toBe(7);
    expect(whole.Items.map((item) => item.id).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `event-${i}`));
    expect(Object.keys(whole)).toEqual(["Items", "Count", "ScannedCount"]);

    const first = await callCommand(scanDynamoTable, { table_name: "Events", limit: 3 }, { config });
    const page1 = (first.envelope.command_response as { body: Record<string, unknown> }).body;
    expect(page1).toMatchObject({ Count: 3, ScannedCount: 3, LastEvaluatedKey: { id: expect.any(String) } });
    const rest = await callCommand(
      scanDynamoTable,
      { table_name: "Events", exclusive_start_key: page1.LastEvaluatedKey },
      { config },
    );
    const page2 = (rest.envelope.command_response as { body: { Items: { id: string }[]; Count: number } }).body;
    expect(page2.Count).toBe(4);
    const ids = [...(page1.Items as { id: string }[]), ...page2.Items].map((item) => item.id).sort();
    expect(ids).toEqual(whole.Items.map((item) => item.id).sort());

    const capped = await callCommand(
      scanDynamoTable,
      { table_name: "Events" },
      { config: { ...config, max_items: 5 } },
    );
    expect(capped.envelope.command_response).toMatchObject({
      body: { Count: 5, LastEvaluatedKey: expect.any(Object) },
    });
  });

  it("answers ResourceNotFoundException (not a 500) for a missing table", async () => {
    for (const [command, params] of [
      [scanDynamoTable, { table_name: "NoSuchTable" }],
      [queryDynamoTable, { table_name: "NoSuchTable", partition_key: "x" }],
      [addDynamoItem, { table_name: "NoSuchTable", item_data: { id: "x" } }],
    ] as const) {
      const { status, envelope } = await callCommand(command, params, { config });
      expect(status).toBe(200);
      expect(envelope.error?.error_code).toBe("ResourceNotFoundException");
      expect(envelope.command_response).toMatchObject({ http_status: 400 });
    }
  });

  it("answers ValidationException for an item without the table's key", async () => {
    const { envelope } = await callCommand(addDynamoItem, { table_name: "Events", item_data: { n: 1 } }, { config });
    expect(envelope.error?.error_code).toBe("ValidationException");
  });

  it("answers TableHasNoSortKey for a sort_key on a table without one", async () => {
    const { envelope } = await callCommand(
      queryDynamoTable,
      { table_name: "Events", partition_key: "event-1", sort_key: "x" },
      { config },
    );
    expect(envelope.error?.error_code).toBe("TableHasNoSortKey");
  });
});
