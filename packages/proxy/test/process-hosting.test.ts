/**
 * Process hosting answers exactly as inline: the example connector's calls run both ways
 * and compared. And `connector-proxy mcp --all` serves the same catalogue to any MCP client.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, repoRoot, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const EXAMPLE = path.join(repoRoot, "connectors", "example");
const CLI = path.join(repoRoot, "packages", "proxy", "dist", "cli", "main.js");

/** The example connector's behaviour: request bodies to send, and what each must answer. */
const CASES: Array<[string, string, Record<string, unknown>, number, Record<string, unknown>]> = [
  [
    "greeting",
    "example/Example",
    { message: "hi" },
    200,
    { command_response: { body: { connector_response: "You passed the example connector: 'hi'. Have a good day!" } } },
  ],
  [
    "task data with logs",
    "example/ReadTaskData",
    { key: "order", spiff__task_data: { order: { id: 7 } }, spiff__process_instance_id: 3 },
    200,
    { error: null, command_response: { body: { key: "order", value: { id: 7 } } }, spiff__logs: [expect.any(String)] },
  ],
  [
    "declared error",
    "example/ReadTaskData",
    { key: "missing", spiff__task_data: {} },
    200,
    { error: { error_code: "KeyNotInTaskData" }, command_response: { http_status: 400 } },
  ],
  ["missing parameter", "example/ReadTaskData", {}, 400, { error: { error_code: "InvalidParameters" } }],
  [
    "unknown parameter",
    "example/Example",
    { message: "x", extra: 1 },
    400,
    { error: { error_code: "InvalidParameters" } },
  ],
  ["wrong type", "example/Example", { message: 12 }, 400, { error: { error_code: "InvalidParameters" } }],
];

describe("the example connector inline and process-hosted", () => {
  let inline: TestProxy;
  let hosted: TestProxy;

  beforeAll(async () => {
    const proxy = (hosting: string) =>
      testProxy({ discover: false, connectors: { example: { path: EXAMPLE, hosting } } });
    [inline, hosted] = await Promise.all([proxy("inline"), proxy("process")]);
  });
  afterAll(async () => {
    await inline?.close();
    await hosted?.close();
  });

  it("lists the same catalogue, but for x-hosting", () => {
    const entries = (proxy: TestProxy) =>
      (JSON.parse(proxy.catalogue.toJSON()) as Array<Record<string, unknown>>).map(
        ({ "x-hosting": hosting, ...rest }) => ({
          hosting,
          rest,
        }),
      );
    const [a, b] = [entries(inline), entries(hosted)];
    expect(a.map((entry) => entry.hosting)).toEqual(["inline", "inline"]);
    expect(b.map((entry) => entry.hosting)).toEqual(["process", "process"]);
    expect(b.map((entry) => entry.rest)).toEqual(a.map((entry) => entry.rest));
  });

  it.each(CASES)("%s: %s answers the same both ways", async (_name, id, body, status, expected) => {
    const answer = async (proxy: TestProxy) => {
      const response = await post(proxy, `/v1/do/${id}`, body);
      return { status: response.status, body: await response.text() };
    };
    const [a, b] = await Promise.all([answer(inline), answer(hosted)]);
    expect(b).toEqual(a);
    expect(a.status).toBe(status);
    expect(JSON.parse(a.body)).toMatchObject(expected);
  });
});

describe("connector-proxy mcp --all", () => {
  let folder: string;
  let client: Client;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), "cp-mcp-all-"));
    const config = path.join(folder, "connector-proxy.config.json");
    writeFileSync(config, JSON.stringify({ discover: false, connectors: { example: { path: EXAMPLE } } }));
    client = new Client({ name: "test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI, "mcp", "--all", "-c", config],
        stderr: "pipe",
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("lists every configured command as a tool with its JSON Schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["example__Example", "example__ReadTaskData"]);
    expect(tools[0]).toMatchObject({
      description: "Answers a greeting that repeats the message it was given",
      inputSchema: { type: "object", required: ["message"] },
    });
  });

  it("runs a tool with context from _meta: structured content, logs as notifications", async () => {
    const lines: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (note) => {
      lines.push(note.params.data);
    });
    const result = await client.callTool({
      name: "example__ReadTaskData",
      arguments: { key: "a" },
      _meta: { "connector-proxy/context": { spiff__task_data: { a: 1 } } },
    });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ key: "a", value: 1 });
    expect(lines).toEqual(['looking up "a" in 1 task data variables']);
  });

  it("answers a failing command with isError and {error_code, message}", async () => {
    const result = await client.callTool({ name: "example__ReadTaskData", arguments: {} });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error_code: "InvalidParameters" });
  });
});

describe("start: lazy", () => {
  it("lists the tools at start, stops the child, and starts it again on the first call", async () => {
    const proxy = await testProxy({
      discover: false,
      connectors: { example: { path: EXAMPLE, hosting: "process", process: { start: "lazy" } } },
    });
    try {
      expect(proxy.catalogue.list().map((handle) => handle.id)).toEqual(["example/Example", "example/ReadTaskData"]);
      const outcome = await proxy.call("example/Example", { message: "late" });
      expect(outcome.envelope.error).toBeNull();
    } finally {
      await proxy.close();
    }
  });
});

describe("a process that cannot start", () => {
  it("stops start-up with a message naming the connector", async () => {
    await expect(
      testProxy({
        discover: false,
        connectors: { broken: { hosting: "process", process: { command: "false" } } },
      }),
    ).rejects.toThrow(/Connector "broken" \(hosting "process"\)/);
  });
});

describe("a discovered package, process-hosted by its name alone", () => {
  it("is loaded once, in a child", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "cp-discovered-"));
    mkdirSync(path.join(folder, "node_modules", "@connector-proxy"), { recursive: true });
    symlinkSync(EXAMPLE, path.join(folder, "node_modules", "@connector-proxy", "connector-example"));
    const proxy = await testProxy({
      node_modules: path.join(folder, "node_modules"),
      include: ["example"], // the bundled connectors are found too
      connectors: { example: { hosting: "process" } },
    });
    try {
      const hosting = proxy.catalogue.list().map((handle) => `${handle.id} ${handle.hosting}`);
      expect(hosting).toEqual(["example/Example process", "example/ReadTaskData process"]);
      expect((await proxy.call("example/Example", { message: "found" })).envelope.error).toBeNull();
    } finally {
      await proxy.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
