/**
 * Execution: `POST /v1/do/{connector}/{command}` (GET too, for legacy callers, with
 * query-string parameters). Answers the v2 envelope with the outcome's status.
 */
import { type Context, Hono } from "hono";
import type { ProxyCore } from "../../proxy.js";
import { answerExecution } from "../execution-answer.js";
import { clientSignal, readBodyText, requestHeader } from "../runtime-bindings.js";

export function executeRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  const limit = proxy.config.body_limit_bytes;

  async function run(c: Context, body: string | null | Record<string, unknown>): Promise<Response> {
    const traceparent = requestHeader(c, "traceparent");
    const id = `${c.req.param("connector")}/${c.req.param("command")}`;
    const answer = await answerExecution(proxy, id, body, {
      signal: clientSignal(c),
      ...(traceparent ? { traceparent } : {}),
    });
    c.set("commandLog", answer.log);
    // c.body, so headers set earlier by middleware join it without re-creating the response
    return c.body(answer.text, answer.status as 200, { "content-type": answer.contentType });
  }

  app.post("/v1/do/:connector/:command", async (c) => run(c, await readBodyText(c, limit)));
  app.get("/v1/do/:connector/:command", (c) => run(c, { ...c.req.query() }));
  return app;
}
