import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { dropJobQueue, jobsProxy, REDIS_URL, waitForJob } from "./helpers/jobs-proxy.js";
import { type ProxyChild, postTo, startProxyChild } from "./helpers/proxy-child.js";
import { fixtures, post } from "./helpers/test-proxy.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

const prefix = `cp-jobs-test-${process.pid}-${Date.now()}`;
let arena: CallbackServer;
let dir: string;
const children: ProxyChild[] = [];
const { CONNECTOR_PROXY_API_KEY: _key, ...baseEnv } = process.env;

beforeAll(async () => {
  arena = await startCallbackServer();
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-jobs-replicas-"));
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(children.map((child) => child.exited));
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([dropJobQueue(prefix), dropJobQueue(`${prefix}-graceful`)]);
});

async function replica(name: string, queuePrefix = prefix) {
  const config = {
    discover: false,
    connectors: { slow: { path: path.join(fixtures, "connector-slow") } },
    jobs: { redis_prefix: queuePrefix, redis_lock_seconds: 2, concurrency: 16, retry_initial_seconds: 0.05 },
  };
  const child = await startProxyChild(path.join(dir, `${name}.json`), config, {
    ...baseEnv,
    CONNECTOR_PROXY_REDIS_URL: REDIS_URL,
  });
  children.push(child);
  return child;
}

describe("replicas sharing Redis (BullMQ)", () => {
  it("delivers all 200 jobs submitted across two replicas when one is killed mid-way", async () => {
    const [a, b] = await Promise.all([replica("a"), replica("b")]);
    if (!a || !b) throw new Error("replicas did not start");
    const ids = new Map<string, string>();
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const task = `rep-${batch * 20 + i}`;
          const answer = await postTo(`${(i % 2 === 0 ? a : b).url}/v1/do/slow/Sleep`, {
            ms: 400,
            tag: task,
            spiff__callback_url: `${arena.url}/callback/${task}`,
          });
          expect(answer.status).toBe(202);
          ids.set(task, (answer.body.command_response as { body: { job_id: string } }).body.job_id);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    a.kill("SIGKILL");
    await a.exited;
    const atKill = new Set(arena.received.map((item) => item.path)).size;

    const until = Date.now() + 45_000;
    for (;;) {
      const seen = new Set(arena.received.map((item) => item.path.slice("/callback/".length)));
      const missing = [...ids.keys()].filter((task) => !seen.has(task));
      if (missing.length === 0) break;
      if (Date.now() > until) throw new Error(`${missing.length} of 200 callbacks never arrived`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const callback of arena.received) {
      const task = callback.path.slice("/callback/".length);
      expect(callback.headers["idempotency-key"]).toBe(ids.get(task));
    }
    console.log(
      `200 jobs on 2 replicas, kill -9 of one after ${atKill} callbacks: ${arena.received.length} callbacks (${arena.received.length - 200} duplicates)`,
    );

    const someJob = ids.get("rep-0") ?? "";
    const seenFromB = (await (await fetch(`${b.url}/v1/jobs/${someJob}`)).json()) as { status: string };
    expect(seenFromB.status).toBe("completed"); // submitted to the dead replica, visible from the live one
  }, 90_000);

  it("cancels a job from a replica that does not run it: the running replica aborts its command", async () => {
    const env = { CONNECTOR_PROXY_REDIS_URL: REDIS_URL };
    const runner = await jobsProxy({ redis_prefix: prefix }, {}, env);
    const queue = new Queue("jobs", { connection: { host: "127.0.0.1", port: 6379 }, prefix });
    try {
      const response = await post(runner, "/v1/do/slow/Sleep", {
        ms: 8000,
        spiff__callback_url: `${arena.url}/callback/cancel-remote`,
      });
      const jobId = ((await response.json()) as { command_response: { body: { job_id: string } } }).command_response
        .body.job_id;
      await waitForJob(runner, jobId, (item) => item.status === "running");
      const other = await jobsProxy({ redis_prefix: prefix }, {}, env);
      try {
        const cancelled = await other.app.request(`/v1/jobs/${jobId}`, { method: "DELETE" });
        expect(cancelled.status).toBe(200);
        const until = Date.now() + 3000;
        while ((await (await queue.getJob(jobId))?.getState()) !== "completed") {
          if (Date.now() > until) throw new Error("the running replica did not abort the cancelled command");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect((await waitForJob(other, jobId, (item) => item.status === "cancelled")).status).toBe("cancelled");
        expect(arena.received.filter((item) => item.path === "/callback/cancel-remote")).toHaveLength(0);
      } finally {
        await other.close();
      }
    } finally {
      await runner.close();
      await queue.close();
    }
  });

  it("lets a running job finish and deliver on SIGTERM before the replica exits", async () => {
    const child = await replica("graceful", `${prefix}-graceful`); // alone on its queue
    const answer = await postTo(`${child.url}/v1/do/slow/Sleep`, {
      ms: 500,
      spiff__callback_url: `${arena.url}/callback/graceful-0`,
    });
    expect(answer.status).toBe(202);
    // SIGTERM once the job runs (a job still queued then would be left to another replica)
    const jobId = (answer.body.command_response as { body: { job_id: string } }).body.job_id;
    while (((await (await fetch(`${child.url}/v1/jobs/${jobId}`)).json()) as { status: string }).status === "queued") {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
    expect(arena.received.filter((item) => item.path === "/callback/graceful-0")).toHaveLength(1);
  });
});
