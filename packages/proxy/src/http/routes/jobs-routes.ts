/**
 * Operations on durable jobs (behind the API key): read one, list by status, retry a dead
 * one, cancel, and complete a job an external system finished. Never shows request bodies
 * or results: they may carry secrets.
 */
import { type Outcome, proxyErrorOutcome } from "@connector-proxy/sdk";
import { type Context, Hono } from "hono";
import { JOB_STATUSES, type JobStatus, publicJob } from "../../jobs/job-record.js";
import type { JobAnswer } from "../../jobs/job-service.js";
import type { ProxyCore } from "../../proxy.js";
import { readJsonObject } from "../read-json-object.js";

const MAX_PAGE = 500;

const fault = (c: Context, outcome: Outcome) => c.json(outcome.envelope, outcome.status as 400);

function answer(c: Context, result: JobAnswer, status: 200 | 202 = 200): Response {
  return "error" in result ? fault(c, result.error) : c.json(publicJob(result.job), status);
}

const isStatus = (value: string): value is JobStatus => (JOB_STATUSES as readonly string[]).includes(value);

export function jobsRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  const { jobs } = proxy;

  app.get("/v1/jobs/:id", async (c) => answer(c, await jobs.get(c.req.param("id"))));

  app.get("/v1/jobs", async (c) => {
    const status = c.req.query("status");
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(c.req.query("limit") ?? 100) || 100));
    const offset = Math.max(0, Number(c.req.query("offset") ?? 0) || 0);
    if (status !== undefined && !isStatus(status)) {
      return fault(
        c,
        proxyErrorOutcome(
          "InvalidParameters",
          `status "${status}" is not a job status: use one of ${JOB_STATUSES.join(", ")}`,
        ),
      );
    }
    const page = await jobs.list({ ...(status ? { status } : {}), limit, offset });
    return c.json({ jobs: page.map(publicJob), next_offset: page.length === limit ? offset + limit : null });
  });

  app.post("/v1/jobs/:id/retry", async (c) => answer(c, await jobs.retry(c.req.param("id")), 202));

  app.delete("/v1/jobs/:id", async (c) => answer(c, await jobs.cancel(c.req.param("id"))));

  app.post("/v1/jobs/:id/complete", async (c) => {
    const parsed = readJsonObject(await c.req.text(), proxy.config.limits.json_depth);
    if (!parsed.ok) return fault(c, proxyErrorOutcome("InvalidRequestBody", parsed.message));
    return answer(c, await jobs.complete(c.req.param("id"), parsed.value), 202);
  });
  return app;
}
