/**
 * Job state changes are compare-and-set on both stores (SQLite, BullMQ): an operator's cancel and
 * an external completion racing cannot both win; concurrent async calls never exceed
 * jobs.concurrency + jobs.backlog; the BullMQ listing pages through every job; BullMQ connection
 * errors are logged and counted.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metrics } from "../src/observability/metrics.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { dropJobQueue, type JobsProxy, jobsProxy, REDIS_URL, waitForJob } from "./helpers/jobs-proxy.js";
import { post } from "./helpers/test-proxy.js";

let arena: CallbackServer;
beforeAll(async () => {
  arena = await startCallbackServer();
});
afterAll(() => arena.close());

type Store = "sqlite" | "redis";

/** A proxy on the given store (a fresh BullMQ prefix for Redis), dropped by `done()`. */
async function proxyOn(store: Store, jobs: Record<string, unknown> = {}) {
  const prefix = `cp-transitions-${randomUUID()}`;
  const proxy = await jobsProxy(
    store === "redis" ? { redis_prefix: prefix, ...jobs } : jobs,
    {},
    store === "redis" ? { CONNECTOR_PROXY_REDIS_URL: REDIS_URL } : {},
  );
  return {
    proxy,
    prefix,
    async done() {
      await proxy.close();
      if (store === "redis") await dropJobQueue(prefix);
    },
  };
}

async function submit(proxy: JobsProxy, command: string, params: Record<string, unknown>) {
  const response = await post(proxy, `/v1/do/slow/${command}`, {
    ...params,
    spiff__callback_url: `${arena.url}/callback/${randomUUID()}`,
  });
  const envelope = (await response.json()) as {
    command_response: { body: { job_id?: string } };
    error: { error_code: string } | null;
  };
  return { status: response.status, jobId: envelope.command_response.body?.job_id, error: envelope.error };
}

describe.each<Store>(["sqlite", "redis"])("on the %s store", (store) => {
  it("a cancel and an external completion racing: one wins, and each answer says what is stored", async () => {
    const { proxy, done } = await proxyOn(store);
    try {
      const { jobId } = await submit(proxy, "External", { order: "o-1" });
      const id = jobId as string;
      await waitForJob(proxy, id, (job) => job.status === "waiting");
      const [cancelled, completed] = await Promise.all([
        proxy.jobs.cancel(id),
        proxy.jobs.complete(id, { body: { done: true } }),
      ]);
      // both read "waiting" before either wrote; the cancel, asked first, wins, and the completion is refused
      const stored = await proxy.jobs.get(id);
      expect("job" in stored && stored.job.status).toBe("cancelled");
      expect("job" in cancelled && cancelled.job.status).toBe("cancelled");
      expect("error" in completed && completed.error.envelope.error?.error_code).toBe("JobNotWaiting");
    } finally {
      await done();
    }
  }, 30_000);

  it("concurrent async calls never exceed jobs.concurrency + jobs.backlog", async () => {
    const { proxy, done } = await proxyOn(store, { concurrency: 1, backlog: 2 });
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => submit(proxy, "Sleep", { ms: 20_000 })));
      const accepted = answers.filter((answer) => answer.status === 202);
      expect(accepted).toHaveLength(3);
      const refused = answers.filter((answer) => answer.status !== 202).map((answer) => answer.error?.error_code);
      expect(refused).toEqual(Array(9).fill("Overloaded"));
      for (const { jobId } of accepted) await proxy.jobs.cancel(jobId as string);
    } finally {
      await done();
    }
  }, 30_000);

  it("pages through every job of a status, and every job, without skipping", async () => {
    // callbacks fail and are retried in a minute: those jobs stay `delivering` behind the waiting ones
    const { proxy, done } = await proxyOn(store, { retry_initial_seconds: 60, retry_max_seconds: 60 });
    try {
      const delivering: string[] = [];
      for (let n = 0; n < 3; n++) {
        arena.script.push(500);
        const { jobId } = await submit(proxy, "Sleep", { ms: 1 });
        await waitForJob(proxy, jobId as string, (job) => job.status === "delivering" && job.attempts === 1);
        delivering.push(jobId as string);
      }
      const waiting = await Promise.all(
        Array.from(
          { length: 12 },
          async (_, n) => (await submit(proxy, "External", { order: `p-${n}` })).jobId as string,
        ),
      );
      for (const id of waiting) await waitForJob(proxy, id, (job) => job.status === "waiting");

      const walk = async (query: string, limit: number) => {
        const seen: string[] = [];
        let offset: number | null = 0;
        while (offset !== null) {
          const response = await proxy.app.request(`/v1/jobs?${query}limit=${limit}&offset=${offset}`);
          const page = (await response.json()) as { jobs: { id: string }[]; next_offset: number | null };
          seen.push(...page.jobs.map((job) => job.id));
          offset = page.next_offset;
        }
        return seen;
      };
      expect((await walk("status=delivering&", 1)).sort()).toEqual([...delivering].sort());
      expect((await walk("status=waiting&", 5)).sort()).toEqual([...waiting].sort());
      expect((await walk("", 4)).sort()).toEqual([...delivering, ...waiting].sort());
    } finally {
      await done();
    }
  }, 60_000);
});

describe("the BullMQ store's connection errors", () => {
  it("are logged and counted in connector_proxy_job_store_errors_total", async () => {
    const { proxy, prefix, done } = await proxyOn("redis");
    const admin = new Redis(REDIS_URL);
    try {
      const before = await metrics.registry.metrics();
      // a job removed from Redis while its command runs: BullMQ's worker cannot finish it, and says so
      const { jobId } = await submit(proxy, "Sleep", { ms: 1500 });
      await waitForJob(proxy, jobId as string, (job) => job.status === "running");
      await admin.del(`${prefix}:jobs:${jobId}`, `${prefix}:jobs:${jobId}:lock`);
      const errorsOf = (text: string) =>
        [...text.matchAll(/^connector_proxy_job_store_errors_total\{[^}]*\} (\d+)/gm)].reduce(
          (sum, match) => sum + Number(match[1]),
          0,
        );
      while (errorsOf(await metrics.registry.metrics()) <= errorsOf(before)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(proxy.logs()).toContain("the Redis job store reported an error");
    } finally {
      admin.disconnect();
      await done();
    }
  }, 30_000);
});
