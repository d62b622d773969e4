import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { violations } from "./helpers/openapi.js";
import { post, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const DO = "/v1/do/{connector}/{command}";
let proxy: TestProxy;
let keyed: TestProxy;

beforeAll(async () => {
  proxy = await testProxy({ connectors: { sink: { path: "connector-kitchen-sink" } } });
  keyed = await testProxy({}, { CONNECTOR_PROXY_API_KEY: "k-123456" });
});
afterAll(async () => {
  await proxy.close();
  await keyed.close();
});

describe("every answer validates against Arena's openapi.json", () => {
  it("GET /v1/commands", async () => {
    const response = await proxy.app.request("/v1/commands");
    expect(response.status).toBe(200);
    expect(await violations("/v1/commands", "get", response)).toEqual([]);
    const ids = ((await response.json()) as { id: string }[]).map((item) => item.id);
    expect(ids).toContain("example/Example");
    expect(ids).toEqual([...ids].sort());
  });

  it("GET /v1/auths", async () => {
    const response = await proxy.app.request("/v1/auths");
    expect(response.status).toBe(200);
    expect(await violations("/v1/auths", "get", response)).toEqual([]);
  });

  const cases: [string, string, unknown, number][] = [
    ["success", "/v1/do/example/Example", { message: "hi", spiff__task_id: "t" }, 200],
    ["command error", "/v1/do/sink/Fail", {}, 200],
    ["legacy-free envelope", "/v1/do/sink/Envelope", {}, 200],
    ["invalid parameters", "/v1/do/example/Example", { message: 5 }, 400],
    ["not JSON", "/v1/do/example/Example", "{nope", 400],
    ["unknown command", "/v1/do/nope/Nothing", {}, 404],
    ["thrown error", "/v1/do/sink/Crash", {}, 500],
    ["invalid result", "/v1/do/sink/Garbage", {}, 500],
  ];
  it.each(cases)("POST /v1/do: %s", async (_name, route, body, status) => {
    const response = await post(proxy, route, body);
    expect(response.status).toBe(status);
    expect(await violations(DO, "post", response)).toEqual([]);
  });

  it("401 on every protected route", async () => {
    for (const [route, method] of [
      ["/v1/commands", "get"],
      ["/v1/auths", "get"],
    ] as const) {
      const response = await keyed.app.request(route);
      expect(response.status).toBe(401);
      expect(await violations(route, method, response)).toEqual([]);
    }
    const response = await post(keyed, "/v1/do/example/Example", { message: "x" });
    expect(response.status).toBe(401);
    expect(await violations(DO, "post", response)).toEqual([]);
  });

  it("banner and liveness", async () => {
    expect(await (await proxy.app.request("/")).text()).toMatch(/\/v1\/commands/);
    for (const route of ["/liveness", "/v1/liveness"]) {
      const response = await keyed.app.request(route);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    }
  });
});

describe("catalogue entries", () => {
  it("map zod types to Spiff types and publish description, schema and declared errors", async () => {
    const items = (await (await proxy.app.request("/v1/commands")).json()) as Record<string, unknown>[];
    const typed = items.find((item) => item.id === "sink/Typed");
    expect(typed?.parameters).toEqual([
      { id: "text", type: "str", required: true, description: "some text" },
      { id: "count", type: "int", required: true },
      { id: "flag", type: "bool", required: false },
      { id: "anything", type: "any", required: false },
    ]);
    expect(typed?.description).toBe("Parameters of every Spiff type");
    expect(typed?.schema).toMatchObject({ type: "object" });
    expect(typed?.["x-hosting"]).toBe("inline");
    const fail = items.find((item) => item.id === "sink/Fail");
    expect(fail?.errors).toEqual([{ code: "SinkFailed", description: "It always fails" }]);
  });
});
