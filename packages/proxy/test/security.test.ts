import { describe, expect, it } from "vitest";
import { createProxy } from "../src/proxy.js";
import { post, testProxy } from "./helpers/test-proxy.js";

const KEY = "s3cret-key-value";

describe("API key", () => {
  it("guards /v1/commands, /v1/auths and /v1/do/*, leaves liveness open", async () => {
    const proxy = await testProxy({ include: ["example/*"] }, { CONNECTOR_PROXY_API_KEY: KEY });
    for (const headers of [{}, { "Spiff-Connector-Proxy-Api-Key": "wrong" }] as Record<string, string>[]) {
      expect((await proxy.app.request("/v1/commands", { headers })).status).toBe(401);
      expect((await proxy.app.request("/v1/auths", { headers })).status).toBe(401);
      const denied = await post(proxy, "/v1/do/example/Example", { message: "x" }, headers);
      expect(denied.status).toBe(401);
      expect(await denied.json()).toEqual({ error: "Unauthorized" });
    }
    const headers = { "Spiff-Connector-Proxy-Api-Key": KEY };
    expect((await proxy.app.request("/v1/commands", { headers })).status).toBe(200);
    expect((await post(proxy, "/v1/do/example/Example", { message: "x" }, headers)).status).toBe(200);
    expect((await proxy.app.request("/liveness")).status).toBe(200);
    expect((await proxy.app.request("/v1/liveness")).status).toBe(200);
    await proxy.close();
  });

  it("an empty key refuses to start", async () => {
    await expect(createProxy({ env: { CONNECTOR_PROXY_API_KEY: " " }, cwd: "/nonexistent-dir" })).rejects.toThrow(
      /CONNECTOR_PROXY_API_KEY is set but empty/,
    );
  });
});

describe("CORS", () => {
  it("answers preflight for configured origins only, allowing the API key header", async () => {
    const proxy = await testProxy(
      { include: ["example/*"] },
      { CONNECTOR_PROXY_CORS_ORIGINS: "https://arena.example, https://b.example" },
    );
    const preflight = (origin: string) =>
      proxy.app.request("/v1/commands", {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "spiff-connector-proxy-api-key",
        },
      });
    const allowed = await preflight("https://arena.example");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://arena.example");
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "spiff-connector-proxy-api-key",
    );
    const other = await preflight("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    await proxy.close();
  });
});
