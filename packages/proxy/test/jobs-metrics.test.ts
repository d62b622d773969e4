/**
 * `connector_proxy_jobs{state}` on /metrics: the job store is asked at each scrape, with the
 * SQLite store and with BullMQ on the local Redis (unique prefix), as jobs move through states.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { dropJobQueue, type JobsProxy, jobsProxy, REDIS_URL, waitForJob } from "./helpers/jobs-proxy.js";
import { post } from "./helpers/test-proxy.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

const prefix = `cp-jobs-metrics-${process.pid}-${Date.now()}`;

/** Every `connector_proxy_jobs` sample of one scrape, by state. */
async function jobGauge(proxy: JobsProxy): Promise<Record<string, number>> {
  const response = await proxy.app.request("/metrics");
  expect(response.status).toBe(200);
  const gauge: Record<string, number> = {};
  for (const match of (await response.text()).matchAll(/^connector_proxy_jobs\{state="(\w+)"\} (\S+)$/gm)) {
    gauge[match[1] ?? ""] = Number(match[2]);
  }
  return gauge;
}

/** Scrape until the gauge shows `expected` (a subset of states); rejects with the last scrape after `ms`. */
async function gaugeShows(proxy: JobsProxy, expected: Record<string, number>, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const gauge = await jobGauge(proxy);
    const shown = Object.entries(expected).every(([state, value]) => gauge[state] === value);
    if (shown || Date.now() > until) {
      expect(gauge).toMatchObject(expected);
      return gauge;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(["sqlite", "redis"])("connector_proxy_jobs with the %s job store", (kind) => {
  let proxy: JobsProxy;
  let arena: CallbackServer;

  beforeAll(async () => {
    arena = await startCallbackServer();
    const env = kind === "redis" ? { CONNECTOR_PROXY_REDIS_URL: REDIS_URL } : {};
    const slow = { path: "connector-slow", commands: { Nap: { async_after_seconds: 0.3 } } };
    proxy = await jobsProxy({ concurrency: 2, redis_prefix: prefix }, { connectors: { slow } }, env);
    expect(proxy.jobs.storeKind).toBe(kind);
  });
  afterAll(async () => {
    await proxy.close();
    await arena.close();
    if (kind === "redis") await dropJobQueue(prefix);
  });

  let task = 0;
  async function submit(command: string, params: Record<string, unknown>): Promise<string> {
    const taskId = `metrics-${kind}-${++task}`;
    const response = await post(proxy, `/v1/do/slow/${command}`, {
      ...params,
      spiff__task_id: taskId,
      spiff__callback_url: `${arena.url}/callback/${taskId}`,
    });
    expect(response.status).toBe(202);
    const envelope = (await response.json()) as { command_response: { body: { job_id: string } } };
    return envelope.command_response.body.job_id;
  }

  it("counts jobs by state at each scrape, as they run, wait, get cancelled, complete and die", async () => {
    const empty = await jobGauge(proxy);
    for (const state of ["queued", "running", "waiting", "delivering", "completed", "dead"]) {
      expect(empty[state], state).toBe(0);
    }

    // a job an external system completes is waiting (it holds no slot), whichever store keeps it
    const external = await submit("External", { order: "M" });
    await waitForJob(proxy, external, (job) => job.status === "waiting");
    await gaugeShows(proxy, { waiting: 1, running: 0 });

    // concurrency 2: two commands run, the third waits its turn
    const sleeping = [await submit("Sleep", { ms: 2500 }), await submit("Sleep", { ms: 2500 })];
    const third = await submit("Sleep", { ms: 2500 });
    await gaugeShows(proxy, { queued: 1, running: 2, waiting: 1, completed: 0 });

    // cancelling the queued job: SQLite counts it as cancelled at once; BullMQ leaves it queued
    // until a worker drops it, then keeps it with the completed ones (see the end)
    expect((await proxy.app.request(`/v1/jobs/${third}`, { method: "DELETE" })).status).toBe(200);
    if (kind === "sqlite") await gaugeShows(proxy, { queued: 0, running: 2, cancelled: 1 });

    for (const id of sleeping) await waitForJob(proxy, id, (job) => job.status === "completed");
    expect((await post(proxy, `/v1/jobs/${external}/complete`, { body: { approved: true } })).status).toBe(202);
    await waitForJob(proxy, external, (job) => job.status === "completed");
    const done = await gaugeShows(proxy, { queued: 0, running: 0, waiting: 0, delivering: 0, dead: 0 });
    if (kind === "sqlite") expect(done).toMatchObject({ completed: 3, cancelled: 1 });
    else {
      expect(done.completed).toBe(4);
      expect(done.cancelled).toBeUndefined(); // BullMQ cannot tell cancelled from completed
    }

    // a callback refused for good: the job is dead
    arena.script.push(404);
    await submit("Sleep", { ms: 1 });
    await gaugeShows(proxy, { dead: 1, running: 0, delivering: 0 });

    // a synchronous call past its budget goes on as a job: running (BullMQ keeps it delayed meanwhile)
    const adopted = await submit("Nap", { ms: 2000 });
    await gaugeShows(proxy, { running: 1, queued: 0, delivering: 0 });
    await waitForJob(proxy, adopted, (job) => job.status === "completed");
    await gaugeShows(proxy, { running: 0, dead: 1, completed: kind === "sqlite" ? 4 : 5 });
  });
});
