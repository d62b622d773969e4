import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTraceparent } from "../src/observability/traceparent.js";
import { type ObservedProxy, observedProxy, startUpstream, type Upstream } from "./helpers/observed-proxy.js";

let proxy: ObservedProxy;
let upstream: Upstream;
let failing: Upstream;

beforeAll(async () => {
  proxy = await observedProxy(
    {
      connectors: {
        example: { package: "@connector-proxy/connector-example" },
        observed: { path: "connector-observed", settings: { api_token: "${OBS_TOKEN}" } },
      },
    },
    { OBS_TOKEN: "obs-secret-value-77" },
  );
  upstream = await startUpstream();
  failing = await startUpstream(503);
});
afterAll(async () => {
  await Promise.all([proxy.close(), upstream.close(), failing.close()]);
});

const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  proxy.app.request(route, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

/** The value of one sample line of the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split("\n")
    .find((row) => row.startsWith(`${name}{`) && wanted.every((label) => row.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("/metrics", () => {
  it("counts requests by route and status, and times commands by id and outcome", async () => {
    expect((await post("/v1/do/example/Example", { message: "a" })).status).toBe(200);
    expect((await post("/v1/do/example/Example", { message: "b" })).status).toBe(200);
    expect((await post("/v1/do/observed/Fail", {})).status).toBe(200);
    expect((await post("/v1/do/example/Example", { nope: 1 })).status).toBe(400);

    const response = await proxy.app.request("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const route = { route: "/v1/do/:connector/:command", method: "POST" };
    expect(sample(text, "connector_proxy_http_requests_total", { ...route, status: "200" })).toBeGreaterThanOrEqual(3);
    expect(sample(text, "connector_proxy_http_requests_total", { ...route, status: "400" })).toBeGreaterThanOrEqual(1);
    const ok = { command: "example/Example", outcome: "ok" };
    expect(sample(text, "connector_proxy_command_duration_seconds_count", ok)).toBe(2);
    expect(sample(text, "connector_proxy_command_duration_seconds_bucket", { ...ok, le: "+Inf" })).toBe(2);
    const failed = { command: "observed/Fail", outcome: "command_error" };
    expect(sample(text, "connector_proxy_command_duration_seconds_count", failed)).toBe(1);
    const invalid = { command: "example/Example", outcome: "proxy_error" };
    expect(sample(text, "connector_proxy_command_duration_seconds_count", invalid)).toBe(1);
    expect(sample(text, "connector_proxy_command_errors_total", { command: "observed/Fail", error_code: "Boom" })).toBe(
      1,
    );
    expect(sample(text, "connector_proxy_commands_in_flight", { command: "example/Example" })).toBe(0);
    expect(text).toContain("# TYPE connector_proxy_jobs gauge");
    expect(text).toContain("# TYPE connector_proxy_callback_attempts_total counter");
    expect(text).toContain("connector_proxy_process_resident_memory_bytes");
  });

  it("counts a command while it runs", async () => {
    const running = post("/v1/do/observed/Slow", { ms: 300 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await (await proxy.app.request("/metrics")).text();
    expect(sample(during, "connector_proxy_commands_in_flight", { command: "observed/Slow" })).toBe(1);
    expect((await running).status).toBe(200);
  });

  it("asks for the API key only when configured to", async () => {
    const env = { CONNECTOR_PROXY_API_KEY: "metrics-key-123" };
    const open = await observedProxy({}, env);
    const keyed = await observedProxy({ metrics: { require_api_key: true } }, env);
    const off = await observedProxy({ metrics: { enabled: false } });
    try {
      expect((await open.app.request("/metrics")).status).toBe(200);
      expect((await keyed.app.request("/metrics")).status).toBe(401);
      const withKey = await keyed.app.request("/metrics", {
        headers: { "Spiff-Connector-Proxy-Api-Key": env.CONNECTOR_PROXY_API_KEY },
      });
      expect(withKey.status).toBe(200);
      expect((await off.app.request("/metrics")).status).toBe(404);
    } finally {
      await Promise.all([open.close(), keyed.close(), off.close()]);
    }
  });
});

describe("request logs", () => {
  it("writes one line per command call with request id, outcome, error code, duration and upstream status", async () => {
    const response = await post(
      "/v1/do/observed/Fetch",
      { url: `${failing.url}/down` },
      { "x-request-id": "req-abc-1" },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-abc-1");
    const line = proxy.logLines().find((entry) => entry.request_id === "req-abc-1");
    expect(line).toMatchObject({
      level: 30,
      command: "observed/Fetch",
      outcome: "ok",
      status: 200,
      upstream_status: 503,
      route: "/v1/do/:connector/:command",
    });
    expect(typeof line?.duration_ms).toBe("number");
    expect(proxy.logLines().filter((entry) => entry.request_id === "req-abc-1")).toHaveLength(1);

    await post("/v1/do/observed/Fail", {}, { "x-request-id": "req-abc-2" });
    expect(proxy.logLines().find((entry) => entry.request_id === "req-abc-2")).toMatchObject({
      outcome: "command_error",
      error_code: "Boom",
      upstream_status: 502,
    });
  });

  it("generates a request id when none (or an unusable one) is given", async () => {
    const response = await post("/v1/do/example/Example", { message: "x" }, { "x-request-id": "bad id\twith spaces" });
    const id = response.headers.get("x-request-id") ?? "";
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(proxy.logLines().some((entry) => entry.request_id === id)).toBe(true);
  });

  it("redacts credential keys at any depth and every configured secret value", () => {
    proxy.logger.info(
      {
        request: { headers: { Authorization: "Bearer abc.def", "X-Api-Key": "k1" }, params: { clientSecret: "s3" } },
        fields: [{ name: "password", value: "hunter2" }],
        note: "token obs-secret-value-77 leaked",
        err: new Error("failed with obs-secret-value-77"),
      },
      "message mentioning obs-secret-value-77",
    );
    const text = JSON.stringify(proxy.logLines().at(-1));
    for (const leaked of ["abc.def", '"k1"', '"s3"', "hunter2", "obs-secret-value-77"])
      expect(text).not.toContain(leaked);
    expect(text).toContain("***REDACTED***");
    expect(proxy.logLines().at(-1)?.err).toMatchObject({ type: "Error" });
    expect(proxy.logLines().at(-1)?.msg).toBe("message mentioning ***REDACTED***");
  });

  it("redacts a flat line's credential keys and secret values too, and leaves the line it need not touch as it is", () => {
    proxy.logger.info({ api_key: "flat-k9", note: "has obs-secret-value-77 inside", status: 200 });
    expect(proxy.logLines().at(-1)).toMatchObject({
      api_key: "***REDACTED***",
      note: "has ***REDACTED*** inside",
      status: 200,
    });
    proxy.logger.info({ route: "/v1/do/:connector/:command", status: 200, duration_ms: 0.5 });
    expect(proxy.logLines().at(-1)).toMatchObject({
      route: "/v1/do/:connector/:command",
      status: 200,
      duration_ms: 0.5,
    });
  });
});

describe("trace propagation", () => {
  const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  it("passes a child traceparent to the upstream: same trace id, new parent span id", async () => {
    const response = await post("/v1/do/observed/Fetch", { url: `${upstream.url}/traced` }, { traceparent: incoming });
    expect(response.status).toBe(200);
    const sent = upstream.received.find((request) => request.url === "/traced")?.headers.traceparent;
    const child = parseTraceparent(String(sent));
    expect(child?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(child?.flags).toBe("01");
    expect(child?.parentId).toMatch(/^[0-9a-f]{16}$/);
    expect(child?.parentId).not.toBe("00f067aa0ba902b7");
  });

  it("reaches the upstream through http/GetRequestV2 with the same trace id and a new parent span id", async () => {
    const withHttp = await observedProxy({ connectors: { http: { package: "@connector-proxy/connector-http" } } });
    try {
      const response = await withHttp.app.request("/v1/do/http/GetRequestV2", {
        method: "POST",
        headers: { "content-type": "application/json", traceparent: incoming },
        body: JSON.stringify({ url: `${upstream.url}/via-http-connector` }),
      });
      expect(response.status).toBe(200);
      const sent = upstream.received.find((request) => request.url === "/via-http-connector")?.headers.traceparent;
      const child = parseTraceparent(String(sent));
      expect(child?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
      expect(child?.parentId).not.toBe("00f067aa0ba902b7");
    } finally {
      await withHttp.close();
    }
  });

  it("sends none when the caller sent none or an invalid one", async () => {
    await post("/v1/do/observed/Fetch", { url: `${upstream.url}/untraced` });
    await post("/v1/do/observed/Fetch", { url: `${upstream.url}/invalid` }, { traceparent: "00-zz-11-01" });
    for (const path of ["/untraced", "/invalid"]) {
      expect(upstream.received.find((request) => request.url === path)?.headers.traceparent).toBeUndefined();
    }
  });
});

describe("OpenTelemetry spans", () => {
  it("exports one span per command to the configured OTLP endpoint, parent of the upstream call", async () => {
    const bodies: string[] = [];
    const collector = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on("end", () => {
        bodies.push(`${request.url} ${text}`);
        response.writeHead(200, { "content-type": "application/json" });
        response.end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
    const traced = await observedProxy({ tracing: { otlp_endpoint: url, service_name: "cp-test" } });
    try {
      const incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
      const response = await traced.app.request("/v1/do/observed/Fetch", {
        method: "POST",
        headers: { "content-type": "application/json", traceparent: incoming },
        body: JSON.stringify({ url: `${upstream.url}/otel` }),
      });
      expect(response.status).toBe(200);
      await traced.close(); // flushes the batch
      const exported = bodies.join("\n");
      expect(exported).toContain("/v1/traces");
      expect(exported).toContain("command observed/Fetch");
      expect(exported).toContain("0af7651916cd43dd8448eb211c80319c");
      expect(exported).toContain("cp-test");
      const sent = parseTraceparent(
        String(upstream.received.find((request) => request.url === "/otel")?.headers.traceparent),
      );
      expect(sent?.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
      expect(exported).toContain(sent?.parentId); // the span we exported is the upstream call's parent
    } finally {
      collector.closeAllConnections();
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
