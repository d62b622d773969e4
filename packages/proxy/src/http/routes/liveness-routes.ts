/**
 * Banner and liveness: never behind the API key.
 */
import { Hono } from "hono";

const BANNER =
  "connector-proxy: a connector proxy for workflow engines. See /v1/commands for the available commands.\n";

export function livenessRoutes(): Hono {
  const app = new Hono();
  app.get("/", (c) => c.text(BANNER));
  app.get("/liveness", (c) => c.json({ ok: true }));
  app.get("/v1/liveness", (c) => c.json({ ok: true }));
  return app;
}
