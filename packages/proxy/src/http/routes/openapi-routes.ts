/**
 * `GET /openapi.json` (the OpenAPI 3.1 document generated from the catalogue, rebuilt when
 * the catalogue changes) and `GET /docs` (a Scalar API reference page reading it; Scalar is
 * loaded on the first visit, not at start-up).
 */
import { createRequire } from "node:module";
import { Hono, type MiddlewareHandler } from "hono";
import { buildOpenapi } from "../../openapi/build-openapi.js";
import type { ProxyCore } from "../../proxy.js";
import { webhookRoutes } from "../../triggers/describe-triggers.js";

function packageVersion(): string {
  try {
    const manifest: unknown = createRequire(import.meta.url)("../../../package.json");
    const version = (manifest as { version?: unknown }).version;
    return typeof version === "string" ? version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export function openapiRoutes(proxy: ProxyCore, keyed: MiddlewareHandler): Hono {
  const app = new Hono();
  const settings = proxy.config.openapi;
  if (!settings.enabled) return app;
  const version = packageVersion();
  let builtFor: string | null = null;
  let document = "";
  if (settings.require_api_key) app.use("/openapi.json", keyed);
  app.get("/openapi.json", (c) => {
    const catalogue = proxy.catalogue.toJSON();
    if (builtFor !== catalogue) {
      document = JSON.stringify(
        buildOpenapi(proxy.catalogue.list(), {
          keyed: proxy.apiKey !== null,
          version,
          webhooks: webhookRoutes(proxy.triggers.list()),
        }),
      );
      builtFor = catalogue;
    }
    return c.body(document, 200, { "content-type": "application/json" });
  });
  let docs: MiddlewareHandler | undefined;
  app.get("/docs", async (c, next) => {
    docs ??= (await import("@scalar/hono-api-reference")).Scalar({
      url: "./openapi.json",
      pageTitle: "connector-proxy API reference",
    });
    return docs(c, next);
  });
  return app;
}
