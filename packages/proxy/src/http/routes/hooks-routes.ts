/**
 * `POST /v1/hooks/{trigger_id}`: the webhook route. Not behind the proxy API key: each request
 * is authenticated by its trigger's own verification (signature or token, compared in constant
 * time). Answers 202 only once the event is durably stored; 401 with nothing stored when the
 * verification fails; 404 for an id that is not a webhook trigger; 413 over the body limit.
 */
import { type Outcome, proxyErrorOutcome } from "@connector-proxy/sdk";
import { type Context, Hono } from "hono";
import { metrics } from "../../observability/metrics.js";
import type { ProxyCore } from "../../proxy.js";
import { webhookBody } from "../../triggers/webhook/webhook-body.js";
import { readBodyText, requestHeader } from "../runtime-bindings.js";

const DEFAULT_LIMIT = 1024 * 1024;

const fault = (c: Context, outcome: Outcome) => c.json(outcome.envelope, outcome.status as 400);

function bodyLimit(settings: unknown): number {
  const limit = (settings as { body_limit_bytes?: unknown } | null)?.body_limit_bytes;
  return typeof limit === "number" ? limit : DEFAULT_LIMIT;
}

export function hooksRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  const { triggers, logger } = proxy;

  app.post("/v1/hooks/:trigger", async (c) => {
    const id = c.req.param("trigger");
    const trigger = triggers.trigger(id);
    const definition = trigger?.kind.trigger;
    if (!trigger || definition?.kind !== "webhook") {
      return fault(c, proxyErrorOutcome("TriggerNotFound", `No webhook trigger "${id}": GET /v1/triggers lists them`));
    }
    const limit = bodyLimit(trigger.settings);
    const body = await readBodyText(c, limit);
    if (body === null) {
      metrics.events.inc({ trigger: id, result: "rejected" });
      return fault(
        c,
        proxyErrorOutcome(
          "PayloadTooLarge",
          `The body is over ${limit} bytes (body_limit_bytes of triggers.${id}.webhook)`,
        ),
      );
    }
    const verdict = await definition.verify(
      { header: (name) => requestHeader(c, name), body, receivedAt: Date.now() },
      trigger.settings,
    );
    if ("answer" in verdict) return c.json(verdict.answer.body as object, verdict.answer.status as 200);
    if (!verdict.accept) {
      metrics.events.inc({ trigger: id, result: "rejected" });
      logger.warn({ trigger: id, reason: verdict.reason }, "webhook refused: verification failed");
      return fault(c, proxyErrorOutcome("WebhookUnauthorized", `Webhook "${id}" refused: ${verdict.reason}`));
    }
    const contentType = requestHeader(c, "content-type");
    try {
      const { event, duplicate } = await triggers.receive(trigger, {
        ...(verdict.eventId ? { id: verdict.eventId } : {}),
        body: webhookBody(body, contentType),
        meta: contentType ? { content_type: contentType } : {},
      });
      return c.json({ accepted: true, id: event.id, event_id: event.eventId, duplicate }, 202);
    } catch (error) {
      if ((error as Error).name !== "InvalidEventError") throw error;
      return fault(c, proxyErrorOutcome("InvalidEvent", (error as Error).message));
    }
  });
  return app;
}
