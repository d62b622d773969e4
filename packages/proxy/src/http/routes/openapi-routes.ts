/**
 * `GET /openapi.json` (the OpenAPI 3.1 document generated from the catalogue, rebuilt when
 * the catalogue changes) and `GET /docs`, the API reference page reading it (docs-page.ts).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { buildOpenapi } from "../../openapi/build-openapi.js";
import { packageVersion } from "../../package-version.js";
import type { ProxyCore } from "../../proxy.js";
import { webhookRoutes } from "../../triggers/describe-triggers.js";
import { docsPage } from "./docs-page.js";

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
  app.route("/", docsPage());
  return app;
}
