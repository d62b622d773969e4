/**
 * The console's JSON routes without a browser: the session probe (never a 401), the status of
 * inline and process-hosted connectors, per-command figures computed from the duration
 * histogram (calls, error rate, latency) over a window, and OAuth connections as the proxy saw
 * them used.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, type TestProxy, testProxy } from "../helpers/test-proxy.js";

const KEY = "console-api-key-5e0b";
const keyed = { "Spiff-Connector-Proxy-Api-Key": KEY };
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await testProxy(
    {
      discover: false,
      connectors: {
        slow: { path: "connector-slow" },
        crashy: { path: "connector-crashy", hosting: "process" },
        // nothing listens on the discard port: an upstream that is down
        far: { hosting: "remote", remote: { url: "http://127.0.0.1:9/", refresh_seconds: 60 } },
      },
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

  it("reports inline connectors, a process-hosted child with its pid and restarts, and an upstream down", async () => {
    const { body } = await json("/v1/console/status", keyed);
    const connectors = body.connectors as Array<Record<string, unknown>>;
    expect(connectors.map((connector) => [connector.name, connector.hosting])).toEqual([
      ["crashy", "process"],
      ["far", "remote"],
      ["slow", "inline"],
    ]);
    expect(connectors[1]).toMatchObject({ state: "down", url: "http://127.0.0.1:9", commands: [] });
    expect(Date.parse(String(connectors[1]?.checked_at))).toBeGreaterThan(Date.now() - 60_000);
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

  it("shows OAuth handlers, what their settings lack, and the expiry of the token set last used", async () => {
    const api = createServer((_request, response) => response.end('{"ok": true}'));
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/me`;
    const oauth = await testProxy(
      {
        discover: false,
        connectors: {
          oauth2: {
            package: "@connector-proxy/connector-oauth2",
            settings: { authorization_url: `${url}/authorize`, token_url: `${url}/token`, client_id: "console" },
          },
        },
      },
      { CONNECTOR_PROXY_API_KEY: KEY },
    );
    try {
      const expiresAt = Math.floor(Date.now() / 1000) + 3600;
      const used = await post(
        oauth,
        "/v1/do/oauth2/Request",
        { url, token_set: { access_token: "at-console-secret", token_type: "Bearer", expires_at: expiresAt } },
        keyed,
      );
      expect(used.status).toBe(200);
      const refused = await post(oauth, "/v1/do/oauth2/Request", { url, token_set: { token_type: "Bearer" } }, keyed);
      expect(((await refused.json()) as { error: { error_code: string } }).error.error_code).toBe("InvalidTokenSet");

      const response = await oauth.app.request("/v1/console/status", { headers: keyed });
      const text = await response.text();
      expect(text).not.toContain("at-console-secret");
      const [connection] = (JSON.parse(text) as { auths: Array<Record<string, unknown>> }).auths;
      expect(connection).toMatchObject({
        id: "oauth2/OAuth",
        configured: false,
        missing: ["client_secret"],
        expires_at: new Date(expiresAt * 1000).toISOString(),
        last_refreshed_at: null,
        last_failure: { error_code: "InvalidTokenSet" },
      });
      expect(Date.parse(String(connection?.last_used_at))).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      await oauth.close();
      api.close();
    }
  });
});
