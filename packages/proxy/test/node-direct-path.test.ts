/**
 * The Node adapter answers `POST /v1/do/...` and `GET /v1/commands` itself
 * (adapters/node-direct-routes.ts). Every request here is sent both over a real socket and to the
 * Hono app (`app.fetch`): the answers must match, and the direct path must log and count like the
 * app does.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { INTERNAL_ERROR } from "../src/http/create-app.js";
import { type TestProxy, testProxy } from "./helpers/test-proxy.js";

const KEY = "direct-path-key-1";
let proxy: TestProxy;
let server: RunningServer;

beforeAll(async () => {
  proxy = await testProxy(
    {
      body_limit_bytes: 2048,
      include: ["example/*", "sink/*"],
      connectors: { sink: { path: "connector-kitchen-sink" } },
    },
    { CONNECTOR_PROXY_API_KEY: KEY },
  );
  server = await listen(proxy, 0, "127.0.0.1");
});
afterAll(async () => {
  await server.close();
  await proxy.close();
});

interface Sent {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

const keyed = (headers: Record<string, string> = {}) => ({
  "content-type": "application/json",
  "spiff-connector-proxy-api-key": KEY,
  ...headers,
});

async function summary(response: Response) {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, type: response.headers.get("content-type"), body };
}

async function both({ method = "POST", path, body, headers = keyed() }: Sent) {
  const init = { method, headers, ...(body === undefined ? {} : { body }) };
  const overSocket = await fetch(`${server.url}${path}`, init);
  const viaApp = await proxy.app.request(path, init);
  return { socket: await summary(overSocket), app: await summary(viaApp), socketResponse: overSocket };
}

const cases: Record<string, Sent> = {
  "a successful call": { path: "/v1/do/example/Example", body: '{"message":"hi"}' },
  "a command error": { path: "/v1/do/sink/Fail", body: "{}" },
  "a crash": { path: "/v1/do/sink/Crash", body: "{}" },
  "a legacy v1 result": { path: "/v1/do/sink/Legacy", body: "{}" },
  "invalid parameters": { path: "/v1/do/example/Example", body: '{"message": 5, "extra": true}' },
  "a body that is not JSON": { path: "/v1/do/example/Example", body: "{nope" },
  "an empty body": { path: "/v1/do/sink/Legacy" },
  "a body over the limit": { path: "/v1/do/example/Example", body: JSON.stringify({ message: "x".repeat(4096) }) },
  "an unknown command": { path: "/v1/do/example/Nope", body: "{}" },
  "no API key": { path: "/v1/do/example/Example", body: "{}", headers: { "content-type": "application/json" } },
  "a wrong API key": {
    path: "/v1/do/example/Example",
    body: "{}",
    headers: keyed({ "spiff-connector-proxy-api-key": "no" }),
  },
  "an encoded path (left to the app)": { path: "/v1/do/example/Exampl%65", body: '{"message":"hi"}' },
  "the catalogue": { method: "GET", path: "/v1/commands" },
  "the catalogue without the API key": { method: "GET", path: "/v1/commands", headers: {} },
  "the catalogue with a query string (left to the app)": { method: "GET", path: "/v1/commands?x=1" },
};

describe("the Node adapter's direct execution path", () => {
  for (const [name, sent] of Object.entries(cases)) {
    it(`answers ${name} as the Hono app does`, async () => {
      const { socket, app } = await both(sent);
      expect(socket).toEqual(app);
    });
  }

  it("covers each kind of answer (the cases above are not all alike)", async () => {
    const statuses = new Set<number>();
    for (const sent of Object.values(cases)) statuses.add((await both(sent)).socket.status);
    expect([...statuses].sort()).toEqual([200, 201, 400, 401, 404, 413, 500]);
  });

  it("echoes the caller's request id, logs one line and counts the request", async () => {
    const { socketResponse } = await both({
      path: "/v1/do/example/Example",
      body: '{"message":"traced"}',
      headers: keyed({ "x-request-id": "direct-123" }),
    });
    expect(socketResponse.headers.get("x-request-id")).toBe("direct-123");
    const line = proxy
      .logs()
      .split("\n")
      .filter(Boolean)
      .map((text) => JSON.parse(text))
      .find((entry) => entry.request_id === "direct-123");
    expect(line).toMatchObject({
      method: "POST",
      route: "/v1/do/:connector/:command",
      status: 200,
      command: "example/Example",
      outcome: "ok",
    });
    const metrics = await (await proxy.app.request("/metrics", { headers: keyed() })).text();
    expect(metrics).toMatch(
      /connector_proxy_http_requests_total\{[^}]*route="\/v1\/do\/:connector\/:command"[^}]*\} \d+/,
    );
  });

  it("counts a client that leaves halfway through its body as 499, logs no error, and keeps serving", async () => {
    // the direct path, then the app (encoded path)
    for (const path of ["/v1/do/example/Example", "/v1/do/example/Exampl%65"]) {
      const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      // Node answers "100 Continue" when it hands the request to the route: then the body stops short
      const continued = new Promise((resolve) => socket.once("data", resolve));
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nSpiff-Connector-Proxy-Api-Key: ${KEY}\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n`,
      );
      await continued;
      socket.write('{"message":');
      socket.destroy();
    }
    // both requests are counted once the server has seen each client leave
    const counted = /connector_proxy_http_requests_total\{[^}]*status="499"[^}]*\} 2/;
    while (!counted.test(await (await proxy.app.request("/metrics", { headers: keyed() })).text())) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const after = await both({ path: "/v1/do/example/Example", body: '{"message":"still here"}' });
    expect(after.socket.status).toBe(200);
    const errors = proxy
      .logs()
      .split("\n")
      .filter(Boolean)
      .map((text) => JSON.parse(text))
      .filter((entry) => entry.level >= 50 && entry.msg === "unhandled error in a route");
    expect(errors).toEqual([]);
  });

  it("aborts the command's signal when the client disconnects, and answers CommandCancelled in the log", async () => {
    const aborted = () => (globalThis as { sinkAborted?: Set<string> }).sinkAborted ?? new Set<string>();
    // the direct path, then the app (encoded path)
    for (const [path, task] of [
      ["/v1/do/sink/AwaitAbort", "gone-direct"],
      ["/v1/do/sink/AwaitAbor%74", "gone-app"],
    ] as const) {
      const body = JSON.stringify({ spiff__task_id: task });
      const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nSpiff-Connector-Proxy-Api-Key: ${KEY}\r\nX-Request-Id: ${task}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(aborted().has(task)).toBe(false); // still waiting while the client is there
      socket.destroy();
      await expect.poll(() => aborted().has(task), { timeout: 5000 }).toBe(true);
      await expect
        .poll(() =>
          proxy
            .logs()
            .split("\n")
            .filter(Boolean)
            .map((text) => JSON.parse(text))
            .find((entry) => entry.request_id === task),
        )
        .toMatchObject({ command: "sink/AwaitAbort", error_code: "CommandCancelled" });
    }
  });

  it("answers 500 with the app's INTERNAL_ERROR body and logs the error when the call itself throws, then keeps serving", async () => {
    const call = proxy.call;
    proxy.call = () => {
      throw new Error("a host broke its promise never to throw");
    };
    try {
      const response = await fetch(`${server.url}/v1/do/example/Example`, {
        method: "POST",
        headers: keyed({ "x-request-id": "direct-throws" }),
        body: '{"message":"hi"}',
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual(INTERNAL_ERROR);
    } finally {
      proxy.call = call;
    }
    const logged = proxy
      .logs()
      .split("\n")
      .filter(Boolean)
      .map((text) => JSON.parse(text));
    expect(logged.find((entry) => entry.request_id === "direct-throws")).toMatchObject({
      level: 50,
      msg: "unhandled error in a route",
      path: "/v1/do/example/Example",
      err: { message: "a host broke its promise never to throw" },
    });
    const after = await both({ path: "/v1/do/example/Example", body: '{"message":"still here"}' });
    expect(after.socket.status).toBe(200);
  });
});
