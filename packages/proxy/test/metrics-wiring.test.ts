import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { type JobsProxy, jobsProxy } from "./helpers/jobs-proxy.js";
import { post, type TestProxy, testProxy } from "./helpers/test-proxy.js";

/** The value of one sample line of /metrics (0 when absent). */
async function sample(proxy: TestProxy, name: string, labels = ""): Promise<number> {
  const text = await (await proxy.app.request("/metrics")).text();
  const line = text.split("\n").find((row) => row.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("metrics updated by the job service", () => {
  let proxy: JobsProxy;
  let arena: CallbackServer;
  beforeAll(async () => {
    arena = await startCallbackServer();
    proxy = await jobsProxy({}, { connectors: { slow: { path: "connector-slow" } } });
  });
  afterAll(async () => {
    await proxy.close();
    await arena.close();
  });

  it("counts callback delivery attempts by result, and abandoned callbacks", async () => {
    const delivered = '{result="delivered"}';
    const failed = '{result="failed"}';
    const before = {
      delivered: await sample(proxy, "connector_proxy_callback_attempts_total", delivered),
      failed: await sample(proxy, "connector_proxy_callback_attempts_total", failed),
      dead: await sample(proxy, "connector_proxy_callback_failures_total"),
    };
    arena.script.push(503); // first attempt fails (retried), the second is delivered
    const response = await post(proxy, "/v1/do/slow/Sleep", {
      ms: 1,
      spiff__task_id: "metrics-1",
      spiff__callback_url: `${arena.url}/callback/metrics-1`,
    });
    expect(response.status).toBe(202);
    await eventually(
      async () => (await sample(proxy, "connector_proxy_callback_attempts_total", delivered)) > before.delivered,
    );
    expect(await sample(proxy, "connector_proxy_callback_attempts_total", failed)).toBe(before.failed + 1);

    arena.script.push(404); // permanent: the job is dead at once
    await post(proxy, "/v1/do/slow/Sleep", {
      ms: 1,
      spiff__task_id: "metrics-2",
      spiff__callback_url: `${arena.url}/callback/metrics-2`,
    });
    await eventually(async () => (await sample(proxy, "connector_proxy_callback_failures_total")) > before.dead);
  });
});

describe("metrics updated by process hosting", () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await testProxy({
      discover: false,
      connectors: {
        crashy: { path: "connector-crashy", hosting: "process", commands: { Pid: { timeout_seconds: 30 } } },
      },
    });
  });
  afterAll(() => proxy.close());

  it("counts restarts of a crashed connector process", async () => {
    const labels = '{connector="crashy"}';
    const before = await sample(proxy, "connector_proxy_connector_restarts_total", labels);
    const crashed = await proxy.call("crashy/Exit", {});
    expect(crashed.envelope.error?.error_code).toBe("ConnectorCrashed");
    await eventually(async () => (await sample(proxy, "connector_proxy_connector_restarts_total", labels)) > before);
    expect((await proxy.call("crashy/Pid", {})).envelope.error).toBeNull(); // the restarted child answers
  });
});

describe("metrics updated by remote hosting", () => {
  let upstream: TestProxy;
  let upstreamServer: RunningServer;
  let proxy: TestProxy;
  beforeAll(async () => {
    upstream = await testProxy({ discover: false, connectors: { slow: { path: "connector-slow" } } });
    upstreamServer = await listen(upstream, 0, "127.0.0.1");
    proxy = await testProxy({
      discover: false,
      connectors: {
        near: { hosting: "remote", remote: { url: upstreamServer.url } },
        gone: { hosting: "remote", remote: { url: "http://127.0.0.1:9" } },
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await upstreamServer.close();
    await upstream.close();
  });

  it("reports whether each remote upstream is reachable", async () => {
    expect(await sample(proxy, "connector_proxy_upstream_up", '{upstream="near"}')).toBe(1);
    const text = await (await proxy.app.request("/metrics")).text();
    expect(text).toContain('connector_proxy_upstream_up{upstream="gone"} 0');
  });
});
