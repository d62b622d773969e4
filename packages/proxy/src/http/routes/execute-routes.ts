/**
 * Execution: `POST /v1/do/{connector}/{command}` (GET too, for legacy callers, with
 * query-string parameters). Answers the v2 envelope with the outcome's status.
 */
import { type Outcome, proxyErrorOutcome } from "@connector-proxy/sdk";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ProxyCore } from "../../proxy.js";
import { commandLogFields } from "../observe-requests.js";
import { readJsonObject } from "../read-json-object.js";

/** The HTTP answer for an outcome: the v2 envelope, or the raw body of a legacy v1 result. */
export function respond(outcome: Outcome): Response {
  const { status, legacyV1 } = outcome;
  if (legacyV1) return new Response(legacyV1.body, { status, headers: { "content-type": legacyV1.mimetype } });
  return new Response(JSON.stringify(outcome.envelope), { status, headers: { "content-type": "application/json" } });
}

export function executeRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  const limit = proxy.config.body_limit_bytes;

  async function run(c: Context, body: Record<string, unknown>): Promise<Response> {
    const id = `${c.req.param("connector")}/${c.req.param("command")}`;
    const traceparent = c.req.header("traceparent");
    const outcome = await proxy.call(id, body, {
      signal: c.req.raw.signal,
      ...(traceparent ? { traceparent } : {}),
    });
    c.set("commandLog", commandLogFields(id, outcome));
    return respond(outcome);
  }

  app.post(
    "/v1/do/:connector/:command",
    bodyLimit({
      maxSize: limit,
      onError: () =>
        respond(
          proxyErrorOutcome(
            "PayloadTooLarge",
            `The request body is over ${limit} bytes: send less data, or raise body_limit_bytes in the proxy configuration`,
          ),
        ),
    }),
    async (c) => {
      const parsed = readJsonObject(await c.req.text());
      if (!parsed.ok) return respond(proxyErrorOutcome("InvalidRequestBody", parsed.message));
      return run(c, parsed.value);
    },
  );
  app.get("/v1/do/:connector/:command", (c) => run(c, { ...c.req.query() }));
  return app;
}
