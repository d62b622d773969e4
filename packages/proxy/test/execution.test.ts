import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { post, type TestProxy, testProxy } from "./helpers/test-proxy.js";

let proxy: TestProxy;

beforeAll(async () => {
  proxy = await testProxy(
    {
      body_limit_bytes: 2048,
      connectors: {
        sink: {
          path: "connector-kitchen-sink",
          settings: { greeting: "hey", api_token: "${SINK_TOKEN}" },
          commands: { Slow: { timeout_seconds: 0.3 } },
        },
      },
    },
    { SINK_TOKEN: "tok-very-secret-42" },
  );
});
afterAll(() => proxy.close());

type Envelope = {
  command_response: { body: unknown; http_status?: number };
  error: { error_code: string; message: string } | null;
  spiff__logs: string[];
};
const call = async (route: string, body: unknown) => {
  const response = await post(proxy, route, body);
  return { status: response.status, envelope: (await response.json()) as Envelope };
};

describe("the execution envelope", () => {
  it("answers example/Example exactly as the reference", async () => {
    const { status, envelope } = await call("/v1/do/example/Example", { message: "hi" });
    expect(status).toBe(200);
    expect(envelope).toEqual({
      command_response: {
        body: { connector_response: "You passed the example connector: 'hi'. Have a good day!" },
        mimetype: "application/json",
        http_status: 200,
        headers: {},
      },
      command_response_version: 2,
      error: null,
      spiff__logs: [],
    });
  });

  it("strips spiff__ keys into the context and gives settings, task data and logs", async () => {
    const { envelope } = await call("/v1/do/sink/Typed", {
      text: "a",
      count: 2,
      flag: null,
      spiff__task_id: "task-1",
      spiff__task_data: { x: 1 },
      spiff__process_instance_id: 7,
      spiff__callback_url: "http://127.0.0.1:1/cb",
    });
    expect(envelope.error).toBeNull();
    expect(envelope.command_response.body).toEqual({
      params: { text: "a", count: 2 },
      greeting: "hey",
      taskId: "task-1",
      taskData: { x: 1 },
    });
    expect(envelope.spiff__logs).toEqual(["greeting is hey"]);
  });

  it("a command error is data: outer 200, its code and status inside", async () => {
    const { status, envelope } = await call("/v1/do/sink/Fail", {});
    expect(status).toBe(200);
    expect(envelope.error).toEqual({ error_code: "SinkFailed", message: "The sink failed on purpose: nothing to fix" });
    expect(envelope.command_response.http_status).toBe(409);
  });

  it("a thrown error is a 500 with its class, and the stack only in the log", async () => {
    const { status, envelope } = await call("/v1/do/sink/Crash", {});
    expect(status).toBe(500);
    expect(envelope.error?.error_code).toBe("TypeError");
    expect(envelope.error?.message).toBe("boom: undefined is not a function");
    expect(JSON.stringify(envelope)).not.toMatch(/at .*\.js/);
    const crashLine = proxy
      .logs()
      .split("\n")
      .find((line) => line.includes("sink/Crash") && line.includes('"stack"'));
    expect(crashLine).toMatch(/TypeError: boom[^"]*\\n\s+at .*connector-kitchen-sink/); // the stack, in the server log only
  });

  it("legacy v1 results are answered raw with their status, as the reference did", async () => {
    const response = await post(proxy, "/v1/do/sink/Legacy", {});
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ legacy: true });
  });

  it("a full v2 envelope passes through with its logs", async () => {
    const { envelope } = await call("/v1/do/sink/Envelope", {});
    expect(envelope.command_response.body).toEqual({ whole: true });
    expect(envelope.spiff__logs).toEqual(["from the envelope"]);
  });

  it("times out with CommandTimeout and aborts the command's signal", async () => {
    const started = Date.now();
    const { status, envelope } = await call("/v1/do/sink/Slow", { ms: 5000 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(status).toBe(500);
    expect(envelope.error?.error_code).toBe("CommandTimeout");
    expect(envelope.error?.message).toMatch(/sink\/Slow.*0\.3 s.*timeout_seconds/);
  });

  it("never leaks a configured secret into spiff__logs, the error message or the log", async () => {
    const { envelope } = await call("/v1/do/sink/LeakSecret", {});
    expect(envelope.error?.error_code).toBe("Leaky");
    expect(JSON.stringify(envelope)).not.toContain("tok-very-secret-42");
    expect(JSON.stringify(envelope)).toContain("***REDACTED***");
    expect(proxy.logs()).not.toContain("tok-very-secret-42");
  });

  it("never leaks a configured secret in the answer's body or headers (v2 and legacy v1)", async () => {
    const { status, envelope } = await call("/v1/do/sink/EchoSecret", {});
    expect(status).toBe(200);
    expect(envelope.command_response).toEqual({
      body: { token: "***REDACTED***", nested: [{ note: "the token is ***REDACTED***." }], count: 3 },
      mimetype: "application/json",
      http_status: 200,
      headers: { "x-token": "***REDACTED***" },
    });
    const legacy = await post(proxy, "/v1/do/sink/EchoSecret", { legacy: true });
    expect(await legacy.text()).toBe('{"token":"***REDACTED***"}');
  });
});

describe("bad input gets a clear error and the server keeps serving", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(proxy, 0, "127.0.0.1");
  });
  afterAll(() => server.close());

  const send = async (path: string, body: string, method = "POST") => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(method === "POST" ? { body } : {}),
    });
    return { status: response.status, envelope: (await response.json()) as Envelope };
  };

  const cases: [string, string, string, number, string, RegExp][] = [
    [
      "missing required",
      "/v1/do/sink/Typed",
      '{"count": 1}',
      400,
      "InvalidParameters",
      /text: missing \(required, expected string\)/,
    ],
    [
      "wrong type",
      "/v1/do/sink/Typed",
      '{"text": "a", "count": "2"}',
      400,
      "InvalidParameters",
      /count: expected number/,
    ],
    ["not an integer", "/v1/do/sink/Typed", '{"text": "a", "count": 1.5}', 400, "InvalidParameters", /count: /],
    [
      "unknown key",
      "/v1/do/sink/Typed",
      '{"text": "a", "count": 1, "cuont": 2}',
      400,
      "InvalidParameters",
      /cuont: unknown parameter \(accepted: text, count, flag, anything\)/,
    ],
    ["not JSON", "/v1/do/sink/Typed", "{text:", 400, "InvalidRequestBody", /not valid JSON/],
    ["an array", "/v1/do/sink/Typed", "[1,2]", 400, "InvalidRequestBody", /an array, not a JSON object/],
    ["a string", "/v1/do/sink/Typed", '"hi"', 400, "InvalidRequestBody", /a string, not a JSON object/],
    [
      "too large",
      "/v1/do/sink/Typed",
      JSON.stringify({ text: "x".repeat(5000), count: 1 }),
      413,
      "PayloadTooLarge",
      /over 2048 bytes.*body_limit_bytes/,
    ],
    ["unknown command", "/v1/do/sink/Nope", "{}", 404, "command_not_found", /No command "sink\/Nope".*\/v1\/commands/],
  ];
  it.each(cases)("%s", async (_name, path, body, status, code, message) => {
    const { status: got, envelope } = await send(path, body);
    expect(got).toBe(status);
    expect(envelope.error?.error_code).toBe(code);
    expect(envelope.error?.message).toMatch(message);
    expect(Array.isArray(envelope.spiff__logs)).toBe(true);
    const after = await send("/v1/do/example/Example", '{"message":"still here"}');
    expect(after.status).toBe(200);
  });

  it("names every bad field at once", async () => {
    const { envelope } = await send("/v1/do/sink/Typed", '{"count": "x", "extra": 1}');
    expect(envelope.error?.message).toMatch(/text: missing/);
    expect(envelope.error?.message).toMatch(/count: expected number/);
    expect(envelope.error?.message).toMatch(/extra: unknown parameter/);
  });

  it("prototype-polluting keys never reach a command", async () => {
    const { status, envelope } = await send(
      "/v1/do/sink/Typed",
      '{"text": "a", "count": 1, "__proto__": {"polluted": true}, "anything": {"constructor": {"prototype": {"x": 1}}, "ok": 1}}',
    );
    expect(status).toBe(200);
    expect(envelope.command_response.body).toMatchObject({ params: { text: "a", count: 1, anything: { ok: 1 } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("GET is refused with 405 by default, through the Node adapter as through the app", async () => {
    const response = await fetch(`${server.url}/v1/do/example/Example?message=from-get`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(((await response.json()) as { error: string }).error).toMatch(/POST the parameters.*allow_get_do/);
    expect((await proxy.app.request("/v1/do/example/Example?message=x")).status).toBe(405);
    expect((await fetch(`${server.url}/v1/do/example/Example`, { method: "HEAD" })).status).toBe(405);
  });

  it("GET runs the command with query parameters when allow_get_do is set, for legacy callers", async () => {
    const legacy = await testProxy({ allow_get_do: true, include: ["example/*"] });
    const legacyServer = await listen(legacy, 0, "127.0.0.1");
    try {
      const response = await fetch(`${legacyServer.url}/v1/do/example/Example?message=from-get`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as Envelope).command_response.body).toEqual({
        connector_response: "You passed the example connector: 'from-get'. Have a good day!",
      });
    } finally {
      await legacyServer.close();
      await legacy.close();
    }
  });
});

describe("lenient deployments", () => {
  it("strip unknown parameters when configured", async () => {
    const lenient = await testProxy({ unknown_parameters: "strip", include: ["example/*"] });
    const response = await post(lenient, "/v1/do/example/Example", { message: "a", legacy_extra: 1 });
    expect(response.status).toBe(200);
    await lenient.close();
  });
});
