/**
 * No more 45-second surprises: with engine credentials, a call carrying spiff__callback_url
 * whose command has no async setting of its own answers 202 once it has run for
 * `jobs.async_after_seconds` and finishes by callback; without credentials it stays synchronous.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { type JobsProxy, jobsProxy } from "./helpers/jobs-proxy.js";
import { post } from "./helpers/test-proxy.js";

const NAP_MS = 3000;

let arena: CallbackServer;
beforeAll(async () => {
  arena = await startCallbackServer();
});
afterAll(() => arena.close());

type Envelope = { command_response: { body: Record<string, unknown> }; error: unknown };

async function nap(proxy: JobsProxy, taskId: string, ms = NAP_MS, callbackBase = arena.url) {
  const started = performance.now();
  const response = await post(proxy, "/v1/do/slow/Nap", {
    ms,
    tag: taskId,
    spiff__callback_url: `${callbackBase}/v1.0/tasks/${taskId}/callback`,
  });
  const envelope = (await response.json()) as Envelope;
  return { status: response.status, envelope, elapsedMs: performance.now() - started };
}

const withEngine = (jobs: Record<string, unknown> = {}, raw: Record<string, unknown> = {}) =>
  jobsProxy(
    { async_after_seconds: 1, ...jobs },
    { engine: { api_url: `${arena.url}/v1.0`, auth: { type: "spiff_api_key", key: "svc-key" } }, ...raw },
  );

describe("the default async budget", () => {
  it("answers 202 after the budget, then the result by callback, with engine credentials", async () => {
    const proxy = await withEngine();
    try {
      expect(proxy.logs()).toContain("still running after 1 s answer 202 and finish by callback");
      const answer = await nap(proxy, "budget-1");
      expect(answer.status).toBe(202);
      expect(answer.envelope.error).toBeNull();
      expect(answer.envelope.command_response.body).toMatchObject({ status: "accepted" });
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(950);
      expect(answer.elapsedMs).toBeLessThan(NAP_MS);
      const [callback] = (await arena.waitFor(1)).filter((item) => item.path === "/v1.0/tasks/budget-1/callback");
      expect(callback?.headers["spiffworkflow-api-key"]).toBe("svc-key");
      expect(callback?.body).toMatchObject({ command_response: { body: { slept: NAP_MS, tag: "budget-1" } } });
    } finally {
      await proxy.close();
    }
  });

  it("stays synchronous (200) without engine credentials, and says so at start-up", async () => {
    const proxy = await jobsProxy({ async_after_seconds: 1 });
    try {
      expect(proxy.logs()).toContain("engine.auth is not set: calls with spiff__callback_url run synchronously");
      const answer = await nap(proxy, "budget-2");
      expect(answer.status).toBe(200);
      expect(answer.envelope.command_response.body).toMatchObject({ slept: NAP_MS, tag: "budget-2" });
    } finally {
      await proxy.close();
    }
  });

  it("stays synchronous when turned off (0), and for a command configured async: false", async () => {
    const off = await withEngine({ async_after_seconds: 0 });
    const optedOut = await withEngine(
      {},
      { connectors: { slow: { path: "connector-slow", commands: { Nap: { async: false } } } } },
    );
    try {
      const answers = await Promise.all([nap(off, "budget-3", 1500), nap(optedOut, "budget-4", 1500)]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.map((answer) => answer.envelope.command_response.body.tag)).toEqual(["budget-3", "budget-4"]);
    } finally {
      await off.close();
      await optedOut.close();
    }
  });

  it("warns once about a callback origin the credentials may not go to, and runs that call synchronously", async () => {
    const proxy = await withEngine();
    try {
      const answers = await Promise.all([
        nap(proxy, "budget-6", 1500, "http://127.0.0.2:9"),
        nap(proxy, "budget-7", 1500, "http://127.0.0.2:9"),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(proxy.logs().match(/goes to http:\/\/127\.0\.0\.2:9.*run synchronously/g)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("follows the caller until the 202 (a caller gone cancels the command), then lets the command finish", async () => {
    const proxy = await withEngine();
    try {
      const body = (tag: string) => ({
        ms: NAP_MS,
        tag,
        spiff__callback_url: `${arena.url}/v1.0/tasks/${tag}/callback`,
      });
      const early = new AbortController();
      const cancelled = proxy.call("slow/Nap", body("budget-8"), { signal: early.signal });
      early.abort(new Error("the caller went away"));
      expect((await cancelled).envelope.error?.error_code).toBe("CommandCancelled");

      const late = new AbortController();
      const accepted = await proxy.call("slow/Nap", body("budget-9"), { signal: late.signal });
      expect(accepted.status).toBe(202);
      late.abort(new Error("Arena closed the connection after the 202"));
      const path = "/v1.0/tasks/budget-9/callback";
      while (!arena.received.some((item) => item.path === path)) await arena.waitFor(arena.received.length + 1);
      const callback = arena.received.find((item) => item.path === path);
      expect(callback?.body).toMatchObject({ error: null, command_response: { body: { slept: NAP_MS } } });
      expect(arena.received.some((item) => item.path === "/v1.0/tasks/budget-8/callback")).toBe(false);
    } finally {
      await proxy.close();
    }
  });
});
