import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { dropJobQueue, getJob, type JobsProxy, jobsProxy, REDIS_URL, waitForJob } from "./helpers/jobs-proxy.js";
import { post } from "./helpers/test-proxy.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

type Envelope = {
  command_response: { body: Record<string, unknown>; http_status?: number };
  command_response_version: number;
  error: { error_code: string; message: string } | null;
  spiff__logs: string[];
};

const prefix = `cp-jobs-callbacks-${process.pid}-${Date.now()}`;
const redisEnv = { CONNECTOR_PROXY_REDIS_URL: REDIS_URL };

describe.each(["sqlite", "redis"])("with the %s job store", (kind) => {
  let proxy: JobsProxy;
  let arena: CallbackServer;
  const env = kind === "redis" ? redisEnv : {};

  beforeAll(async () => {
    arena = await startCallbackServer();
    proxy = await jobsProxy(
      { redis_prefix: prefix },
      { connectors: { slow: { path: "connector-slow", commands: { Nap: { async_after_seconds: 1 } } } } },
      env,
    );
    expect(proxy.jobs.storeKind).toBe(kind);
    const warmUp = await call("Sleep", { ms: 1 }); // the job database is created by the first job
    console.log(`first 202 (creates the job database) in ${warmUp.elapsed.toFixed(1)} ms`);
  });
  afterAll(async () => {
    await proxy.close();
    await arena.close();
    if (kind === "redis") await dropJobQueue(prefix);
  });

  let task = 0;
  /** POST a command with a fresh callback URL; resolves with status, envelope and elapsed ms. */
  async function call(command: string, params: Record<string, unknown>, callback = true) {
    const taskId = `task-${++task}`;
    const started = performance.now();
    const response = await post(proxy, `/v1/do/slow/${command}`, {
      ...params,
      spiff__task_id: taskId,
      ...(callback ? { spiff__callback_url: `${arena.url}/callback/${taskId}` } : {}),
    });
    const elapsed = performance.now() - started;
    return { status: response.status, envelope: (await response.json()) as Envelope, elapsed, taskId };
  }

  const callbackFor = async (taskId: string) => {
    const until = Date.now() + 15_000;
    for (;;) {
      const found = arena.received.filter((item) => item.path === `/callback/${taskId}`);
      if (found.length > 0) return found;
      if (Date.now() > until) throw new Error(`no callback for ${taskId}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  describe("a long-running command called with a callback URL", () => {
    it("answers 202 at once, then PUTs the result envelope to the callback URL", async () => {
      const { status, envelope, elapsed, taskId } = await call("Sleep", { ms: 2000, tag: "a" });
      console.log(`202 answered in ${elapsed.toFixed(1)} ms for a 2 s command`);
      expect(status).toBe(202);
      expect(elapsed).toBeLessThan(1000); // the 2 s command is still running
      expect(envelope.error).toBeNull();
      const jobId = envelope.command_response.body.job_id as string;
      expect(envelope.command_response.body).toEqual({ job_id: jobId, status: "accepted" });
      expect(["queued", "running"]).toContain((await getJob(proxy, jobId)).status);
      await waitForJob(proxy, jobId, (item) => item.status === "running"); // Redis: a worker picks it up soon

      const [callback] = await callbackFor(taskId);
      expect(callback?.method).toBe("PUT");
      expect(callback?.headers["idempotency-key"]).toBe(jobId);
      expect(callback?.body).toMatchObject({
        command_response: { body: { slept: 2000, tag: "a" }, mimetype: "application/json", http_status: 200 },
        command_response_version: 2,
        error: null,
        spiff__logs: ["napping 2000 ms"],
      });
      const job = await waitForJob(proxy, jobId, (item) => item.status === "completed");
      expect(job).toMatchObject({ attempts: 1, last_error: null, error_code: null });
      expect(JSON.stringify(job)).not.toContain("napping"); // the result is not shown
    });

    it("delivers an error envelope when the command fails", async () => {
      const { status, taskId } = await call("Sleep", { ms: 10, fail: true });
      expect(status).toBe(202);
      const [callback] = await callbackFor(taskId);
      expect(callback?.body.error).toEqual({ error_code: "NapFailed", message: "the nap of 10 ms failed on purpose" });
      expect(callback?.body).toMatchObject({ command_response: { http_status: 500 }, command_response_version: 2 });
    });

    it("answers bad parameters synchronously with the normal 400 envelope, never 202", async () => {
      const { status, envelope } = await call("Sleep", { ms: "soon" });
      expect(status).toBe(400);
      expect(envelope.error?.error_code).toBe("InvalidParameters");
      const listed = await (await proxy.app.request("/v1/jobs")).json();
      expect(JSON.stringify(listed)).not.toContain('"soon"');
    });

    it("runs the job in the caller's trace (traceparent)", async () => {
      const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
      const response = await post(
        proxy,
        "/v1/do/slow/Sleep",
        { ms: 1, spiff__callback_url: `${arena.url}/callback/traced-${kind}` },
        { traceparent: `00-${trace}-00f067aa0ba902b7-01` },
      );
      expect(response.status).toBe(202);
      const [callback] = await callbackFor(`traced-${kind}`);
      expect(callback?.body).toMatchObject({
        command_response: { body: { traceparent: expect.stringMatching(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`)) } },
      });
      // the callback itself travels in the same trace, as a new span
      expect(callback?.headers.traceparent).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
      expect(callback?.headers.traceparent).not.toContain("00f067aa0ba902b7");
    });

    it("runs synchronously without a callback URL", async () => {
      const { status, envelope } = await call("Sleep", { ms: 5 }, false);
      expect(status).toBe(200);
      expect(envelope.command_response.body).toMatchObject({ slept: 5 });
    });
  });

  describe("a burst larger than the concurrency", () => {
    it("runs every queued job as slots free up, and calls back for each, with no listener-leak warning", async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
      process.on("warning", onWarning);
      try {
        const answers = await Promise.all(Array.from({ length: 120 }, () => call("Sleep", { ms: 5 })));
        expect(answers.every((answer) => answer.status === 202)).toBe(true);
        for (const { taskId } of answers) await callbackFor(taskId);
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      } finally {
        process.off("warning", onWarning);
      }
      expect(warnings.filter((warning) => warning.startsWith("MaxListenersExceededWarning"))).toEqual([]);
    });
  });

  describe("async_after_seconds", () => {
    it("answers 202 after the budget when the command runs longer, then calls back", async () => {
      const { status, envelope, elapsed, taskId } = await call("Nap", { ms: 3000 });
      expect(status).toBe(202);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(2500);
      const [callback] = await callbackFor(taskId);
      expect(callback?.body).toMatchObject({ command_response: { body: { slept: 3000 } }, error: null });
      expect(callback?.headers["idempotency-key"]).toBe(envelope.command_response.body.job_id);
    });

    it("answers the normal 200 when the command finishes within the budget", async () => {
      const { status, envelope, elapsed } = await call("Nap", { ms: 200 });
      expect(status).toBe(200);
      expect(elapsed).toBeLessThan(900);
      expect(envelope.command_response.body).toMatchObject({ slept: 200 });
    });
  });

  describe("callback delivery", () => {
    it("retries 503 three times, then delivers: 4 attempts with the same Idempotency-Key", async () => {
      arena.script.push(503, 503, 503);
      const { envelope, taskId } = await call("Sleep", { ms: 1 });
      const jobId = envelope.command_response.body.job_id as string;
      const job = await waitForJob(proxy, jobId, (item) => item.status === "completed");
      expect(job.attempts).toBe(4);
      const attempts = arena.received.filter((item) => item.path === `/callback/${taskId}`);
      expect(attempts).toHaveLength(4);
      expect(new Set(attempts.map((item) => item.headers["idempotency-key"]))).toEqual(new Set([jobId]));
    });

    it("honours Retry-After on 429", async () => {
      arena.script.push({ status: 429, retryAfter: "1" });
      const { taskId } = await call("Sleep", { ms: 1 });
      await callbackFor(taskId);
      const until = Date.now() + 5000;
      while (arena.received.filter((item) => item.path === `/callback/${taskId}`).length < 2 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const [first, second] = arena.received.filter((item) => item.path === `/callback/${taskId}`);
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    });

    it("does not retry a 400: the job is dead with the reason, and can be retried by an operator", async () => {
      arena.script.push(400);
      const { envelope, taskId } = await call("Sleep", { ms: 1 });
      const jobId = envelope.command_response.body.job_id as string;
      const dead = await waitForJob(proxy, jobId, (item) => item.status === "dead");
      expect(dead.attempts).toBe(1);
      expect(dead.last_error).toContain("callback answered 400");
      // dead is final: nothing is sent again until the operator's retry below (then exactly one more)

      const listed = (await (await proxy.app.request("/v1/jobs?status=dead")).json()) as { jobs: { id: string }[] };
      expect(listed.jobs.map((item) => item.id)).toContain(jobId);

      const retried = await proxy.app.request(`/v1/jobs/${jobId}/retry`, { method: "POST" });
      expect(retried.status).toBe(202);
      const done = await waitForJob(proxy, jobId, (item) => item.status === "completed");
      expect(done.attempts).toBe(2);
      expect(arena.received.filter((item) => item.path === `/callback/${taskId}`)).toHaveLength(2);
      const again = await proxy.app.request(`/v1/jobs/${jobId}/retry`, { method: "POST" });
      expect(again.status).toBe(400);
      expect(((await again.json()) as Envelope).error?.error_code).toBe("JobNotRetryable");
    });
  });

  describe("job operations", () => {
    it("cancels a running job: its command is aborted and no callback is sent", async () => {
      // its own proxy, closed at the end: closing drains the store, so whatever the job would still
      // send has been sent by then (no waiting out a time window)
      const own = await jobsProxy({ redis_prefix: `${prefix}-cancel` }, {}, env);
      const taskId = `cancel-${kind}`;
      try {
        const response = await post(own, "/v1/do/slow/Sleep", {
          ms: 20_000,
          spiff__callback_url: `${arena.url}/callback/${taskId}`,
        });
        const jobId = ((await response.json()) as Envelope).command_response.body.job_id as string;
        await waitForJob(own, jobId, (item) => item.status === "running");
        const cancelled = await own.app.request(`/v1/jobs/${jobId}`, { method: "DELETE" });
        expect(cancelled.status).toBe(200);
        expect(((await cancelled.json()) as { status: string }).status).toBe("cancelled");
        expect((await getJob(own, jobId)).status).toBe("cancelled");
      } finally {
        await own.close();
        if (kind === "redis") await dropJobQueue(`${prefix}-cancel`);
      }
      expect(arena.received.filter((item) => item.path === `/callback/${taskId}`)).toHaveLength(0);
    });

    it("answers JobNotFound for an unknown id and rejects an unknown status filter", async () => {
      const missing = await proxy.app.request("/v1/jobs/nope");
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Envelope).error?.error_code).toBe("JobNotFound");
      const bad = await proxy.app.request("/v1/jobs?status=sleepy");
      expect(bad.status).toBe(400);
    });

    it("pages the job list", async () => {
      const first = (await (await proxy.app.request("/v1/jobs?limit=2")).json()) as {
        jobs: unknown[];
        next_offset: number;
      };
      expect(first.jobs).toHaveLength(2);
      expect(first.next_offset).toBe(2);
    });

    it("lets an external system complete a job a command started", async () => {
      const { status, envelope, taskId } = await call("External", { order: "A" });
      expect(status).toBe(202);
      const jobId = envelope.command_response.body.job_id as string;
      const waiting = await waitForJob(proxy, jobId, (item) => item.status === "waiting");
      expect(waiting.reference).toBe(`ext-A-${jobId}`);

      const completed = await post(proxy, `/v1/jobs/${jobId}/complete`, { body: { approved: true } });
      expect(completed.status).toBe(202);
      const [callback] = await callbackFor(taskId);
      expect(callback?.body).toMatchObject({ command_response: { body: { approved: true } }, error: null });
      const twice = await post(proxy, `/v1/jobs/${jobId}/complete`, { body: {} });
      expect(twice.status).toBe(409);
      expect(((await twice.json()) as Envelope).error?.error_code).toBe("JobNotWaiting");
    });

    it("delivers an external failure given as { error }", async () => {
      const { envelope, taskId } = await call("External", { order: "B" });
      const jobId = envelope.command_response.body.job_id as string;
      await waitForJob(proxy, jobId, (item) => item.status === "waiting");
      await post(proxy, `/v1/jobs/${jobId}/complete`, { error: { error_code: "Rejected", message: "no stock" } });
      const [callback] = await callbackFor(taskId);
      expect(callback?.body.error).toEqual({ error_code: "Rejected", message: "no stock" });
    });
  });

  describe("overload", () => {
    it("answers Overloaded to the fifth concurrent async call with limit 2 and backlog 2", async () => {
      const small = await jobsProxy({ concurrency: 2, backlog: 2, redis_prefix: `${prefix}-small` }, {}, env);
      try {
        const answers = [];
        for (let i = 0; i < 5; i++) {
          const response = await post(small, "/v1/do/slow/Sleep", {
            ms: 1000,
            spiff__callback_url: `${arena.url}/callback/overload-${i}`,
          });
          answers.push({ status: response.status, envelope: (await response.json()) as Envelope });
        }
        expect(answers.slice(0, 4).map((answer) => answer.status)).toEqual([202, 202, 202, 202]);
        expect(answers[4]?.status).toBe(500);
        expect(answers[4]?.envelope.error?.error_code).toBe("Overloaded");
        expect(answers[4]?.envelope.command_response.http_status).toBe(503); // transient: Arena retries
      } finally {
        await small.close();
        if (kind === "redis") await dropJobQueue(`${prefix}-small`);
      }
    });
  });
});
