import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { type ProxyChild, postTo, startProxyChild } from "./helpers/proxy-child.js";
import { fixtures } from "./helpers/test-proxy.js";

let arena: CallbackServer;
let dir: string;
const children: ProxyChild[] = [];
const { CONNECTOR_PROXY_REDIS_URL: _redis, CONNECTOR_PROXY_API_KEY: _key, ...baseEnv } = process.env;

beforeAll(async () => {
  arena = await startCallbackServer();
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-jobs-crash-"));
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(children.map((child) => child.exited));
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(dataDir: string, shutdownSeconds = 5) {
  return {
    discover: false,
    shutdown_timeout_seconds: shutdownSeconds,
    log_level: "info",
    connectors: { slow: { path: path.join(fixtures, "connector-slow") } },
    jobs: { data_dir: dataDir, concurrency: 16, retry_initial_seconds: 0.05, retry_max_seconds: 0.5 },
  };
}

async function start(name: string, dataDir: string, shutdownSeconds?: number) {
  const child = await startProxyChild(path.join(dir, `${name}.json`), config(dataDir, shutdownSeconds), baseEnv);
  children.push(child);
  return child;
}

/** Submit jobs of `ms` milliseconds tagged `prefix-i`; resolves with job id by task id. */
async function submit(url: string, prefix: string, count: number, ms: number) {
  const ids = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const task = `${prefix}-${i}`;
    const answer = await postTo(`${url}/v1/do/slow/Sleep`, {
      ms,
      tag: task,
      spiff__task_id: task,
      spiff__callback_url: `${arena.url}/callback/${task}`,
    });
    expect(answer.status).toBe(202);
    ids.set(task, (answer.body.command_response as { body: { job_id: string } }).body.job_id);
  }
  return ids;
}

/** Resolves once every job of `ids` runs in the child (a job still queued at SIGTERM would not be running). */
async function untilRunning(url: string, ids: Map<string, string>) {
  for (const id of ids.values()) {
    for (;;) {
      const job = (await (await fetch(`${url}/v1/jobs/${id}`)).json()) as { status: string };
      if (job.status !== "queued") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function allDelivered(ids: Map<string, string>, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = new Set(arena.received.map((item) => item.path.slice("/callback/".length)));
    const missing = [...ids.keys()].filter((task) => !seen.has(task));
    if (missing.length === 0) return;
    if (Date.now() > until) throw new Error(`${missing.length} callbacks never arrived, e.g. ${missing.slice(0, 3)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("crash durability with SQLite", () => {
  it("delivers every one of 100 jobs after kill -9 and a restart", async () => {
    const dataDir = path.join(dir, "crash");
    const first = await start("crash-1", dataDir);
    const ids = await submit(first.url, "crash", 100, 600);
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.kill("SIGKILL");
    await first.exited;
    const before = new Set(arena.received.map((item) => item.path)).size;
    expect(before).toBeLessThan(100); // most jobs were still queued or running

    await start("crash-2", dataDir);
    await allDelivered(ids, 30_000);
    const mine = arena.received.filter((item) => item.path.startsWith("/callback/crash-"));
    for (const callback of mine) {
      const task = callback.path.slice("/callback/".length);
      expect(callback.headers["idempotency-key"]).toBe(ids.get(task)); // duplicates carry the same key
      expect(callback.body).toMatchObject({ command_response: { body: { tag: task, slept: 600 } }, error: null });
    }
    console.log(
      `100 jobs, kill -9 after ${before} callbacks: ${mine.length} callbacks after restart (${mine.length - 100} duplicates)`,
    );
  }, 60_000);
});

describe("graceful shutdown (SIGTERM)", () => {
  it("lets a running job finish within the grace period before exiting", async () => {
    const child = await start("grace", path.join(dir, "grace"), 5);
    const ids = await submit(child.url, "grace", 1, 500);
    await untilRunning(child.url, ids);
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
    await allDelivered(ids, 1); // already there when the process exited
  });

  it("leaves a job longer than the grace period to the next start", async () => {
    const dataDir = path.join(dir, "late");
    const child = await start("late-1", dataDir, 0.2);
    const ids = await submit(child.url, "late", 1, 3000);
    await untilRunning(child.url, ids);
    const stopping = Date.now();
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(2500); // did not wait for the 3 s job
    expect(arena.received.filter((item) => item.path === "/callback/late-0")).toHaveLength(0);
    await start("late-2", dataDir);
    await allDelivered(ids, 10_000);
  }, 30_000);
});
