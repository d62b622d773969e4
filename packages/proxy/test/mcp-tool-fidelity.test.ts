/**
 * What clients are told about commands agrees with the catalogue: a Python-style upstream's
 * commands (parameters only) get typed JSON Schemas in /v1/commands, /openapi.json and MCP
 * tools/list; MCP tools require what the catalogue shows as required, carry `outputSchema`
 * when a result schema is declared, and read-only/destructive hints. The MCP side is read by
 * the official MCP client over stdio (`connector-proxy mcp --all`), which validates answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PythonStyleUpstream, startPythonStyleUpstream } from "./helpers/python-style-upstream.js";
import { fixtures, post, repoRoot, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const CLI = path.join(repoRoot, "packages", "proxy", "dist", "cli", "main.js");
const connector = (name: string) => ({ path: path.join(repoRoot, "connectors", name) });

const GREET_SCHEMA = {
  type: "object",
  properties: { name: { type: "string" }, times: { type: "integer" }, loud: { type: "boolean" }, extra: {} },
  required: ["name"],
};

let upstream: PythonStyleUpstream;
let front: TestProxy;
let client: Client;
let tools: Map<string, Tool>;
let folder: string;

beforeAll(async () => {
  upstream = await startPythonStyleUpstream();
  const config = {
    discover: false,
    connectors: {
      py: { hosting: "remote", remote: { url: upstream.url } },
      github: connector("github"),
      slack: connector("slack"),
      http: connector("http"),
      described: { path: path.join(fixtures, "connector-described") },
    },
  };
  front = await testProxy(config);
  folder = mkdtempSync(path.join(tmpdir(), "cp-mcp-fidelity-"));
  const file = path.join(folder, "connector-proxy.config.json");
  writeFileSync(file, JSON.stringify(config));
  client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp", "--all", "-c", file], stderr: "pipe" }),
  );
  tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
});

afterAll(async () => {
  await client?.close();
  await front?.close();
  await upstream?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

type Entry = {
  id: string;
  description: string;
  schema: Record<string, unknown>;
  parameters: { id: string; required: boolean }[];
};
const catalogue = async () => (await (await front.app.request("/v1/commands")).json()) as Entry[];

describe("a federated Python-style upstream", () => {
  it("gets a JSON Schema built from its parameters in /v1/commands", async () => {
    const greet = (await catalogue()).find((entry) => entry.id === "py/Greet");
    expect(greet?.schema).toEqual(GREET_SCHEMA);
    expect(greet?.parameters.map((item) => item.id)).toEqual(["name", "times", "loud", "extra"]);
    expect(greet?.description).toBe('py/Greet on the remote proxy "py"');
  });

  it("shows the typed schema in /openapi.json", async () => {
    const document = (await (await front.app.request("/openapi.json")).json()) as {
      paths: Record<
        string,
        { post: { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } } }
      >;
    };
    const schema = document.paths["/v1/do/py/Greet"]?.post.requestBody.content["application/json"]?.schema;
    expect(schema).toMatchObject({ type: "object", required: ["name"] });
    expect(schema?.properties).toMatchObject(GREET_SCHEMA.properties);
  });

  it("is an MCP tool with typed parameters, and runs through it", async () => {
    expect(tools.get("py__Greet")?.inputSchema).toMatchObject(GREET_SCHEMA);
    expect(tools.get("py__Ping")?.inputSchema).toEqual({ type: "object", properties: {} });
    const result = await client.callTool({ name: "py__Greet", arguments: { name: "Ada", times: 2 } });
    expect(result.structuredContent).toMatchObject({ received: { name: "Ada", times: 2 } });
  });

  it("still runs through HTTP", async () => {
    const response = await post(front, "/v1/do/py/Greet", { name: "Ada", loud: true });
    expect(((await response.json()) as { command_response: { body: unknown } }).command_response.body).toMatchObject({
      received: { name: "Ada", loud: true },
    });
  });
});

describe("MCP tools agree with the catalogue", () => {
  it("require every parameter the catalogue shows as required", async () => {
    const entries = await catalogue();
    expect(entries.length).toBe(20);
    for (const entry of entries) {
      const tool = tools.get(entry.id.replace("/", "__"));
      expect(tool, entry.id).toBeDefined();
      const required = entry.parameters.filter((item) => item.required).map((item) => item.id);
      expect(tool?.inputSchema.required ?? [], entry.id).toEqual(expect.arrayContaining(required));
    }
    expect(tools.get("github__StartActionWorkflow")?.inputSchema.required).toContain("token");
    expect(tools.get("slack__PostMessage")?.inputSchema.required).toContain("token");
  });

  it("keep the catalogue's own schema in /v1/commands (a token a setting may supply stays optional there)", async () => {
    const post = (await catalogue()).find((entry) => entry.id === "slack/PostMessage");
    expect(post?.parameters.find((item) => item.id === "token")?.required).toBe(true);
    expect((post?.schema.required as string[] | undefined) ?? []).not.toContain("token");
  });

  it("carry outputSchema when the command declares a result schema, and the client accepts the result", async () => {
    const lookup = tools.get("described__Lookup");
    expect(lookup?.outputSchema).toMatchObject({
      type: "object",
      properties: { key: { type: "string" }, found: { type: "boolean" } },
      required: ["key", "found"],
    });
    expect(tools.get("described__Purge")?.outputSchema).toBeUndefined();
    const result = await client.callTool({ name: "described__Lookup", arguments: { key: "known" } });
    expect(result.structuredContent).toEqual({ key: "known", found: true });
  });

  it("carry readOnlyHint and destructiveHint as declared", async () => {
    expect(tools.get("described__Lookup")?.annotations).toEqual({ readOnlyHint: true });
    expect(tools.get("described__Purge")?.annotations).toEqual({ destructiveHint: true, idempotentHint: true });
    for (const name of ["http__GetRequestV2", "http__HeadRequestV2", "github__GetFileContents"]) {
      expect(tools.get(name)?.annotations?.readOnlyHint, name).toBe(true);
    }
    expect(tools.get("http__DeleteRequestV2")?.annotations?.destructiveHint).toBe(true);
    expect(tools.get("http__PostRequestV2")?.annotations?.readOnlyHint).toBe(false);
  });
});
