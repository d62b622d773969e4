/**
 * Execution: `POST /v1/do/{connector}/{command}`, answering the v2 envelope with the outcome's
 * status. `GET` with query-string parameters only when `allow_get_do` is set, for legacy
 * callers: it is not in Arena's contract, and a page a browser loads must not run a command.
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
  if (proxy.config.allow_get_do) {
    app.get("/v1/do/:connector/:command", (c) => run(c, { ...c.req.query() }));
  } else {
    app.on(["GET", "HEAD"], "/v1/do/:connector/:command", (c) =>
      c.json(
        {
          error: `GET ${c.req.path} is not accepted: POST the parameters as a JSON object (set allow_get_do: true for legacy callers)`,
        },
        405,
        { allow: "POST" },
      ),
    );
  }
  return app;
}
