/**
 * A connector written in Python with only the standard library (fixtures/python/mcp_server.py),
 * process-hosted by its command line: its tools are commands, with parameters derived from
 * the JSON Schema, context in `_meta`, and validation errors, logs and error codes mapped.
 */
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixtures, post, type TestProxy, testProxy } from "./helpers/test-proxy.js";

let proxy: TestProxy;

beforeAll(async () => {
  proxy = await testProxy(
    {
      discover: false,
      connectors: {
        calc: {
          hosting: "process",
          timeout_seconds: 10,
          process: {
            command: "python3",
            args: [path.join(fixtures, "python", "mcp_server.py")],
            env: { GREETING: "${PY_GREETING}" },
          },
        },
      },
    },
    { PY_GREETING: "salve" },
  );
});
afterAll(() => proxy?.close());

async function run(id: string, body: Record<string, unknown>) {
  const response = await post(proxy, `/v1/do/${id}`, body);
  const envelope = (await response.json()) as { error: { error_code: string; message: string } | null };
  return { status: response.status, ...envelope };
}

it("lists the tools as commands with Spiff parameter types", async () => {
  const catalogue = JSON.parse(proxy.catalogue.toJSON()) as Array<Record<string, unknown>>;
  expect(catalogue.map((entry) => entry.id)).toEqual([
    "calc/Add",
    "calc/Context",
    "calc/Divide",
    "calc/Greet",
    "calc/Hog",
  ]);
  const add = catalogue.find((entry) => entry.id === "calc/Add");
  expect(add).toMatchObject({
    description: "Adds two integers",
    "x-hosting": "process",
    parameters: [
      { id: "a", type: "int", required: true, description: "First term" },
      { id: "b", type: "int", required: true },
    ],
  });
  const greet = catalogue.find((entry) => entry.id === "calc/Greet");
  expect(greet?.parameters).toEqual([
    { id: "name", type: "str", required: true },
    { id: "shout", type: "bool", required: false },
  ]);
});

it("runs a tool: structured content is the body", async () => {
  const answer = await run("calc/Add", { a: 2, b: 3 });
  expect(answer).toMatchObject({
    status: 200,
    error: null,
    command_response: { body: { sum: 5 }, http_status: 200, mimetype: "application/json" },
  });
});

it("reads a JSON text result as the body, and plain text as a string", async () => {
  expect(await run("calc/Divide", { a: 1, b: 4 })).toMatchObject({ command_response: { body: { quotient: 0.25 } } });
  expect(await run("calc/Greet", { name: "Ada", shout: true })).toMatchObject({
    command_response: { body: "HELLO, ADA" },
  });
});

it("maps isError with {error_code, message} to the envelope's error", async () => {
  const answer = await run("calc/Divide", { a: 1, b: 0 });
  expect(answer).toMatchObject({
    status: 200,
    error: { error_code: "DivisionByZero", message: "Cannot divide by zero: pass a non-zero b" },
    command_response: { http_status: 400 },
  });
});

it("maps the server's validation errors to InvalidParameters (400)", async () => {
  const missing = await run("calc/Add", { a: 2 });
  expect(missing).toMatchObject({ status: 400, error: { error_code: "InvalidParameters" } });
  expect(missing.error?.message).toBe('Invalid parameters for "calc/Add": Invalid params: b: missing (required)');
  const wrongType = await run("calc/Add", { a: 2, b: "three" });
  expect(wrongType).toMatchObject({ status: 400, error: { error_code: "InvalidParameters" } });
  expect(wrongType.error?.message).toContain("b: expected integer");
});

it("turns log notifications into spiff__logs", async () => {
  const answer = await run("calc/Greet", { name: "Ada" });
  expect(answer).toMatchObject({
    command_response: { body: "Hello, Ada", mimetype: "text/plain" },
    spiff__logs: ["greeting Ada"],
  });
});

it("sends the reserved context in _meta and the configured environment", async () => {
  const answer = await run("calc/Context", {
    spiff__task_data: { order: 42 },
    spiff__process_instance_id: 7,
    spiff__task_id: "t-1",
  });
  expect(answer).toMatchObject({
    error: null,
    command_response: {
      // the child read GREETING ("salve"): a ${PY_GREETING} value is a secret, so the answer scrubs it
      body: { task_data: { order: 42 }, process_instance_id: 7, has_deadline: true, greeting: "***REDACTED***" },
    },
  });
});

it("answers many concurrent calls in order of their ids", async () => {
  const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => proxy.call("calc/Add", { a: n, b: 1 })));
  expect(answers.map((answer) => (answer.envelope.command_response as { body: { sum: number } }).body.sum)).toEqual(
    Array.from({ length: 20 }, (_, n) => n + 1),
  );
});

it("restarts a child of any language over its memory limit, failing only that call", { timeout: 30_000 }, async () => {
  const small = await testProxy({
    discover: false,
    connectors: {
      calc: {
        hosting: "process",
        commands: { Add: { timeout_seconds: 20 } },
        process: { command: "python3", args: [path.join(fixtures, "python", "mcp_server.py")], memory_limit_mb: 64 },
      },
    },
  });
  try {
    const hog = await small.call("calc/Hog", { mb: 200 });
    expect(hog.envelope.error?.error_code).toBe("ConnectorCrashed");
    expect(hog.envelope.error?.message).toMatch(/exceeded its memory limit \(\d+ MB > 64 MB\)/);
    const next = await small.call("calc/Add", { a: 1, b: 1 });
    expect(next.envelope.command_response).toMatchObject({ body: { sum: 2 } });
  } finally {
    await small.close();
  }
});
