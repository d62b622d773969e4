/**
 * /openapi.json documents each configured webhook route (outside the API key) and the events
 * operations, and stays a valid OpenAPI 3.1 document; no trigger secret appears in it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type TestProxy, testProxy } from "../helpers/test-proxy.js";

let proxy: TestProxy;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-openapi-"));
  proxy = await testProxy(
    {
      discover: false,
      jobs: { data_dir: dir },
      openapi: { require_api_key: false },
      engine: { api_url: "http://127.0.0.1:9/v1.0", auth: { type: "spiff_api_key", key: "engine-key-value" } },
      triggers: {
        orders: {
          webhook: { verify: { type: "hmac_sha256", header: "X-Signature-256", secret: "openapi-hook-secret" } },
          message: "orders/order_created",
        },
      },
    },
    { CONNECTOR_PROXY_API_KEY: "openapi-key" },
  );
});
afterAll(async () => {
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
});

it("documents the webhook route without the API key, and the events operations with it", async () => {
  const document = (await (await proxy.app.request("/openapi.json")).json()) as {
    paths: Record<string, Record<string, { security?: unknown[]; description?: string }>>;
  };
  const result = await validate(structuredClone(document) as never);
  expect(result.valid ? [] : result.errors.map((error) => error.message)).toEqual([]);
  const hook = document.paths["/v1/hooks/orders"]?.post;
  expect(hook?.security).toEqual([]);
  expect(hook?.description).toContain("hmac_sha256 in X-Signature-256");
  expect(hook?.description).toContain('message "orders:order_created"');
  for (const route of ["/v1/triggers", "/v1/events", "/v1/events/{id}", "/v1/events/{id}/retry"]) {
    expect(document.paths[route]).toBeDefined();
  }
  expect(JSON.stringify(document)).not.toContain("openapi-hook-secret");
  expect(JSON.stringify(document)).not.toContain("engine-key-value");
});
