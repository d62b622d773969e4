import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import aws from "../src/index.js";

function entry(name: string) {
  const command = aws.commands.find((c) => c.name === name);
  return {
    advertised: command?.parameters.map(({ id, type, required }) => ({ id, type, required })),
    accepted: Object.keys((command?.inputSchema.properties as object | undefined) ?? {}),
  };
}

describe("aws in the catalogue", () => {
  it("advertises exactly the reference parameters (CONTRACT.md) and accepts the documented extras", () => {
    expect(entry("UploadFileData").advertised).toEqual([
      { id: "file_data", type: "str", required: true },
      { id: "bucket", type: "str", required: true },
      { id: "object_name", type: "str", required: true },
    ]);
    expect(entry("AddDynamoItem").advertised).toEqual([
      { id: "table_name", type: "str", required: true },
      { id: "item_data", type: "any", required: true },
    ]);
    expect(entry("QueryDynamoTable").advertised).toEqual([
      { id: "table_name", type: "str", required: true },
      { id: "partition_key", type: "str", required: true },
      { id: "sort_key", type: "str", required: false },
    ]);
    expect(entry("QueryDynamoTable").accepted).toEqual([
      "table_name",
      "partition_key",
      "sort_key",
      "limit",
      "exclusive_start_key",
    ]);
    expect(entry("ScanDynamoTable").advertised).toEqual([{ id: "table_name", type: "str", required: true }]);
    expect(entry("ScanDynamoTable").accepted).toEqual(["table_name", "limit", "exclusive_start_key"]);
  });

  it("lists the new S3 commands with their parameters", () => {
    expect(entry("GetObject").advertised).toEqual([
      { id: "bucket", type: "str", required: true },
      { id: "object_name", type: "str", required: true },
    ]);
    expect(entry("ListObjects").advertised).toEqual([
      { id: "bucket", type: "str", required: true },
      { id: "prefix", type: "str", required: false },
      { id: "max_keys", type: "int", required: false },
      { id: "continuation_token", type: "str", required: false },
    ]);
  });

  it("never imports the AWS SDK at module load (only `import type` and dynamic import())", async () => {
    const folder = new URL("../src/", import.meta.url);
    const eager: string[] = [];
    for (const file of await readdir(folder)) {
      const text = await readFile(new URL(file, folder), "utf8");
      for (const line of text.split("\n")) {
        if (/^\s*import\s+(?!type\b)[^(]*from\s+["']@aws-sdk\//.test(line)) eager.push(`${file}: ${line.trim()}`);
      }
    }
    expect(eager).toEqual([]);
  });
});
