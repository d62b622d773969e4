/**
 * `GET /metrics`: the Prometheus text format of the proxy's registry
 * (observability/metrics.ts), optionally behind the API key.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { enableProcessMetrics, metrics } from "../../observability/metrics.js";
import type { ProxyCore } from "../../proxy.js";

export function metricsRoutes(proxy: ProxyCore, keyed: MiddlewareHandler): Hono {
  const app = new Hono();
  const settings = proxy.config.metrics;
  if (!settings.enabled) return app;
  enableProcessMetrics();
  if (settings.require_api_key) app.use("/metrics", keyed);
  app.get("/metrics", async (c) =>
    c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType }),
  );
  return app;
}
