/**
 * Discovery: `/v1/commands` (the catalogue) and `/v1/auths` (authentication handlers).
 */
import { Hono } from "hono";
import type { ProxyCore } from "../../proxy.js";

export function catalogueRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  app.get("/v1/commands", (c) => c.body(proxy.catalogue.toBytes(), 200, { "content-type": "application/json" }));
  app.get("/v1/auths", (c) => c.json(proxy.auth.list()));
  return app;
}
