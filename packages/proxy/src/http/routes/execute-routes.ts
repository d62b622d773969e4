/**
 * Execution: `POST /v1/do/{connector}/{command}` (GET too, for legacy callers, with
 * query-string parameters). Answers the v2 envelope with the outcome's status.
 */
import { type Outcome, proxyErrorOutcome } from "@connector-proxy/sdk";
import { type Context, Hono } from "hono";
import type { ProxyCore } from "../../proxy.js";
import { commandLogFields } from "../observe-requests.js";
import { readJsonObject } from "../read-json-object.js";
import { clientSignal, readBodyText, requestHeader } from "../runtime-bindings.js";

/**
 * The HTTP answer for an outcome: the v2 envelope, or the raw body of a legacy v1 result.
 * Built with `c.body` so headers set earlier by middleware join it without re-creating the
 * response (a fresh header object each time: Hono takes ownership of it).
 */
export function respond(c: Context, outcome: Outcome): Response {
  const status = outcome.status as 200;
  const { legacyV1 } = outcome;
  if (legacyV1) return c.body(legacyV1.body, status, { "content-type": legacyV1.mimetype });
  return c.body(JSON.stringify(outcome.envelope), status, { "content-type": "application/json" });
}

export function executeRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  const limit = proxy.config.body_limit_bytes;

  async function run(c: Context, body: Record<string, unknown>): Promise<Response> {
    const id = `${c.req.param("connector")}/${c.req.param("command")}`;
    const traceparent = requestHeader(c, "traceparent");
    const outcome = await proxy.call(id, body, {
      signal: clientSignal(c),
      ...(traceparent ? { traceparent } : {}),
    });
    c.set("commandLog", commandLogFields(id, outcome));
    return respond(c, outcome);
  }

  app.post("/v1/do/:connector/:command", async (c) => {
    const text = await readBodyText(c, limit);
    if (text === null) {
      return respond(
        c,
        proxyErrorOutcome(
          "PayloadTooLarge",
          `The request body is over ${limit} bytes: send less data, or raise body_limit_bytes in the proxy configuration`,
        ),
      );
    }
    const parsed = readJsonObject(text);
    if (!parsed.ok) return respond(c, proxyErrorOutcome("InvalidRequestBody", parsed.message));
    return run(c, parsed.value);
  });
  app.get("/v1/do/:connector/:command", (c) => run(c, { ...c.req.query() }));
  return app;
}
