/**
 * The JSON the operator console reads besides the public API. `GET /v1/console/session` says
 * whether a key is needed and whether the one sent is right (never 401, so a browser logs no
 * failed request before the key prompt); behind the API key: `GET /v1/console/status` (how each connector is hosted and whether its child or upstream is
 * up, restarts, OAuth handlers, the job store) and `GET /v1/console/metrics?minutes=5` (calls
 * per second, error rate and latency per command over the last minutes). OAuth connections
 * are what the proxy saw of them: Arena keeps the token sets.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { HostStatus } from "../../hosting/host-status.js";
import { commandRates } from "../../observability/command-rates.js";
import type { ProxyCore } from "../../proxy.js";
import { API_KEY_HEADER, apiKeyCheck } from "../api-key.js";
import { requestHeader } from "../runtime-bindings.js";

const MAX_MINUTES = 15;

/** Inline connectors, by the connector part of their command ids (they are up whenever the proxy is). */
function inlineConnectors(proxy: ProxyCore) {
  const byName = new Map<string, string[]>();
  for (const handle of proxy.catalogue.list()) {
    if (handle.hosting !== "inline") continue;
    const name = handle.id.slice(0, handle.id.indexOf("/"));
    byName.set(name, [...(byName.get(name) ?? []), handle.id]);
  }
  return [...byName].map(([name, commands]) => ({ name, hosting: "inline" as const, state: "up" as const, commands }));
}

export function consoleApiRoutes(proxy: ProxyCore, keyed: MiddlewareHandler): Hono {
  const app = new Hono();
  const check = apiKeyCheck(proxy.apiKey);
  app.get("/v1/console/session", (c) =>
    c.json({ key_required: proxy.apiKey !== null, authorized: check(requestHeader(c, API_KEY_HEADER)) }),
  );
  app.use("/v1/console/status", keyed);
  app.use("/v1/console/metrics", keyed);

  app.get("/v1/console/status", (c) => {
    const hosted: HostStatus[] = proxy.hosts.map((status) => status());
    const connectors = [...inlineConnectors(proxy), ...hosted].sort((a, b) => (a.name < b.name ? -1 : 1));
    return c.json({
      connectors,
      auths: proxy.auth.connections(),
      jobs: { store: proxy.jobs.storeKind },
      uptime_seconds: Math.round(process.uptime()),
    });
  });

  app.get("/v1/console/metrics", async (c) => {
    const asked = Number(c.req.query("minutes") ?? 5);
    const minutes = Number.isFinite(asked) ? Math.min(MAX_MINUTES, Math.max(1, asked)) : 5;
    return c.json(await commandRates.rates(minutes * 60));
  });
  return app;
}
