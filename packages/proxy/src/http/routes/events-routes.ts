/**
 * Operations on inbound events and the trigger catalogue (behind the API key): list the
 * configured triggers and the trigger kinds this proxy offers, list and read stored events,
 * and retry a dead one.
 */
import { type Outcome, proxyErrorOutcome } from "@connector-proxy/sdk";
import { type Context, Hono } from "hono";
import { EVENT_STATUSES, isEventStatus, publicEvent } from "../../events/event-record.js";
import type { ProxyCore } from "../../proxy.js";
import { describeTriggers } from "../../triggers/describe-triggers.js";

const MAX_PAGE = 500;

const fault = (c: Context, outcome: Outcome) => c.json(outcome.envelope, outcome.status as 400);

export function eventsRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  const { triggers } = proxy;

  app.get("/v1/triggers", (c) =>
    c.json(describeTriggers(triggers.list(), proxy.triggerKinds, (id) => triggers.sourceState(id))),
  );

  app.get("/v1/events", async (c) => {
    const status = c.req.query("status");
    const trigger = c.req.query("trigger");
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(c.req.query("limit") ?? 100) || 100));
    const offset = Math.max(0, Number(c.req.query("offset") ?? 0) || 0);
    if (status !== undefined && !isEventStatus(status)) {
      const message = `status "${status}" is not an event status: use one of ${EVENT_STATUSES.join(", ")}`;
      return fault(c, proxyErrorOutcome("InvalidParameters", message));
    }
    const page = await triggers.query({
      ...(status ? { status } : {}),
      ...(trigger ? { trigger } : {}),
      limit,
      offset,
    });
    return c.json({
      events: page.map((event) => publicEvent(event)),
      next_offset: page.length === limit ? offset + limit : null,
    });
  });

  app.get("/v1/events/:id", async (c) => {
    const event = await triggers.get(c.req.param("id"));
    if (!event) return fault(c, proxyErrorOutcome("EventNotFound", `No event "${c.req.param("id")}"`));
    return c.json(publicEvent(event, true));
  });

  app.post("/v1/events/:id/retry", async (c) => {
    const answer = await triggers.retry(c.req.param("id"));
    if ("error" in answer) return fault(c, proxyErrorOutcome(answer.error, answer.message));
    return c.json(publicEvent(answer.event), 202);
  });
  return app;
}
