/**
 * The console's JSON routes without a browser: the session probe (never a 401), the status of
 * inline and process-hosted connectors, and per-command figures computed from the duration
 * histogram (calls, error rate, latency) over a window.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, type TestProxy, testProxy } from "../helpers/test-proxy.js";

const KEY = "console-api-key-5e0b";
const keyed = { "Spiff-Connector-Proxy-Api-Key": KEY };
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await testProxy(
    {
      discover: false,
      connectors: { slow: { path: "connector-slow" }, crashy: { path: "connector-crashy", hosting: "process" } },
    },
    { CONNECTOR_PROXY_API_KEY: KEY },
  );
});

afterAll(async () => {
  await proxy?.close();
});

const json = async (route: string, headers: Record<string, string> = {}) => {
  const response = await proxy.app.request(route, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("console JSON routes", () => {
  it("says whether a key is needed and whether the one sent is right, without answering 401", async () => {
    expect(await json("/v1/console/session")).toEqual({ status: 200, body: { key_required: true, authorized: false } });
    expect(await json("/v1/console/session", { "Spiff-Connector-Proxy-Api-Key": "wrong" })).toEqual({
      status: 200,
      body: { key_required: true, authorized: false },
    });
    expect(await json("/v1/console/session", keyed)).toEqual({
      status: 200,
      body: { key_required: true, authorized: true },
    });
    expect((await json("/v1/console/status")).status).toBe(401);
    expect((await json("/v1/console/metrics")).status).toBe(401);
  });

  it("reports inline connectors and a process-hosted child with its pid and restarts", async () => {
    const { body } = await json("/v1/console/status", keyed);
    const connectors = body.connectors as Array<Record<string, unknown>>;
    expect(connectors.map((connector) => [connector.name, connector.hosting])).toEqual([
      ["crashy", "process"],
      ["slow", "inline"],
    ]);
    const crashy = connectors[0];
    expect(crashy).toMatchObject({ state: "up", restarts: 0, last_exit: null });
    expect(crashy?.pid).toEqual(expect.any(Number));
    expect(crashy?.commands).toContain("crashy/Pid");
  });

  it("computes calls, error rate and latency per command from the proxy's own metrics", async () => {
    for (const fail of [false, false, false, true]) {
      const response = await post(proxy, "/v1/do/slow/Nap", { ms: 30, fail }, keyed);
      expect(response.status).toBe(200); // a command failure is data: outer 200, error in the envelope
    }
    const { body } = await json("/v1/console/metrics?minutes=15", keyed);
    const nap = (body.commands as Array<Record<string, unknown>>).find((rate) => rate.command === "slow/Nap");
    expect(nap).toMatchObject({ calls: 4, errors: 1, error_rate: 0.25 });
    // every nap took at least 30 ms: the median lies in or above the 25-50 ms bucket
    expect(nap?.p50_ms).toBeGreaterThanOrEqual(25);
    expect(nap?.mean_ms).toBeGreaterThanOrEqual(30);
    expect(nap?.calls_per_second).toBeGreaterThan(0);
  });
});
