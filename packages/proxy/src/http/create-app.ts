/**
 * The HTTP app (Hono): a function from Request to Response. Routes live in ./routes,
 * one file per group; this file only wires them.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { ProxyCore } from "../proxy.js";
import { API_KEY_HEADER, requireApiKey } from "./api-key.js";
import { observeRequests } from "./observe-requests.js";
import { authRoutes } from "./routes/auth-routes.js";
import { catalogueRoutes } from "./routes/catalogue-routes.js";
import { consoleApiRoutes } from "./routes/console-api-routes.js";
import { consoleRoutes } from "./routes/console-routes.js";
import { eventsRoutes } from "./routes/events-routes.js";
import { executeRoutes } from "./routes/execute-routes.js";
import { hooksRoutes } from "./routes/hooks-routes.js";
import { jobsRoutes } from "./routes/jobs-routes.js";
import { livenessRoutes } from "./routes/liveness-routes.js";
import { metricsRoutes } from "./routes/metrics-routes.js";
import { openapiRoutes } from "./routes/openapi-routes.js";
import { clientSignal } from "./runtime-bindings.js";

/** The status counted for a request whose client went away before it was read (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

/** The answer to a route's unexpected failure (the details go to the log, never to the caller). */
export const INTERNAL_ERROR = { error: "Internal proxy error; the details are in the proxy log" };

export function createApp(proxy: ProxyCore): Hono {
  const app = new Hono();
  app.use("*", observeRequests(proxy.logger));
  if (proxy.corsOrigins.length > 0) {
    app.use("*", cors({ origin: [...proxy.corsOrigins], allowHeaders: ["Content-Type", API_KEY_HEADER], maxAge: 600 }));
  }
  app.route("/", livenessRoutes());
  const keyed = requireApiKey(proxy.apiKey);
  // without a key the check is a no-op: not mounted, so it costs no middleware step per call
  if (proxy.apiKey !== null) {
    for (const path of [
      "/v1/commands",
      "/v1/auths",
      "/v1/do/*",
      "/v1/jobs",
      "/v1/jobs/*",
      "/v1/events",
      "/v1/events/*",
      "/v1/triggers",
    ])
      app.use(path, keyed);
  }
  app.route("/", catalogueRoutes(proxy));
  app.route("/", authRoutes(proxy));
  app.route("/", executeRoutes(proxy));
  app.route("/", jobsRoutes(proxy));
  app.route("/", hooksRoutes(proxy)); // not behind the API key: each trigger verifies its own requests
  app.route("/", eventsRoutes(proxy));
  app.route("/", metricsRoutes(proxy, keyed));
  app.route("/", openapiRoutes(proxy, keyed));
  app.route("/", consoleRoutes());
  app.route("/", consoleApiRoutes(proxy, keyed));
  app.notFound((c) => c.json({ error: `No route ${c.req.method} ${c.req.path}: see GET /v1/commands` }, 404));
  app.onError((error, c) => {
    // the client left while sending the body: nothing to answer, nothing wrong here
    if (clientSignal(c).aborted) return c.body(null, CLIENT_CLOSED_REQUEST as 400);
    proxy.logger.error({ err: error, path: c.req.path, request_id: c.get("requestId") }, "unhandled error in a route");
    return c.json(INTERNAL_ERROR, 500);
  });
  return app;
}
