import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/load-config.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { jobsProxy } from "./helpers/jobs-proxy.js";
import { post, testProxy } from "./helpers/test-proxy.js";

let arena: CallbackServer;
beforeAll(async () => {
  arena = await startCallbackServer();
});
afterAll(() => arena.close());

let task = 0;
async function submitSleep(proxy: Awaited<ReturnType<typeof jobsProxy>>, callbackBase = arena.url) {
  const taskId = `engine-${++task}`;
  const response = await post(proxy, "/v1/do/slow/Sleep", {
    ms: 1,
    spiff__callback_url: `${callbackBase}/v1.0/tasks/${taskId}/callback`,
  });
  return { taskId, response };
}

const callbackOf = async (taskId: string) => {
  const path = `/v1.0/tasks/${taskId}/callback`;
  for (;;) {
    const found = arena.received.find((item) => item.path === path);
    if (found) return found;
    await arena.waitFor(arena.received.length + 1);
  }
};

describe("the engine section", () => {
  it("sends SpiffWorkflow-Api-Key with callbacks, and scrubs the key from logs", async () => {
    const proxy = await jobsProxy(
      {},
      { engine: { api_url: `${arena.url}/v1.0`, auth: { type: "spiff_api_key", key: "${ARENA_KEY}" } } },
      { ARENA_KEY: "svc-key-4711" },
    );
    try {
      const { taskId, response } = await submitSleep(proxy);
      expect(response.status).toBe(202);
      const callback = await callbackOf(taskId);
      expect(callback.headers["spiffworkflow-api-key"]).toBe("svc-key-4711");
      expect(callback.headers.authorization).toBeUndefined();
      expect(proxy.engine.apiUrl).toBe(`${arena.url}/v1.0`);
      expect(proxy.logs()).not.toContain("svc-key-4711");
    } finally {
      await proxy.close();
    }
  });

  it("scrubs a key written literally in the configuration", async () => {
    const proxy = await jobsProxy({}, { engine: { auth: { type: "spiff_api_key", key: "literal-key-0815" } } });
    try {
      expect(proxy.secrets.has("literal-key-0815")).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("allows callbacks only to api_url's origin by default", async () => {
    const proxy = await jobsProxy(
      {},
      { engine: { api_url: `${arena.url}/v1.0/`, auth: { type: "spiff_api_key", key: "k" } } },
    );
    try {
      const { response } = await submitSleep(proxy, "http://127.0.0.2:9");
      expect(response.status).toBe(400);
      const envelope = (await response.json()) as { error: { error_code: string; message: string } };
      expect(envelope.error.error_code).toBe("InvalidParameters");
      expect(envelope.error.message).toContain("engine.api_url");
      expect(proxy.engine.callbackOrigins).toEqual([arena.url]);
      expect(proxy.engine.apiUrl).toBe(`${arena.url}/v1.0`);
    } finally {
      await proxy.close();
    }
  });

  it("compares callback origins as URL parsing writes them, and takes only http(s) URLs", async () => {
    const proxy = await testProxy({
      discover: false,
      engine: { callback_origins: ["HTTP://Arena.Example:80/", "ftp://files.example"] },
    });
    try {
      const { engine } = proxy;
      expect(engine.callbackOrigins).toEqual(["http://arena.example", "ftp://files.example"]);
      expect(engine.checkCallbackUrl("http://arena.example/v1.0/tasks/1/callback")).toBeNull();
      expect(engine.checkCallbackUrl("http://ARENA.example:80/v1.0/tasks/1/callback")).toBeNull();
      expect(engine.checkCallbackUrl("http://arena.example.evil/x")).toMatch(/not among the allowed callback origins/);
      expect(engine.checkCallbackUrl("http://arena.example@evil/x")).toMatch(/goes to http:\/\/evil/);
      expect(engine.checkCallbackUrl("ftp://files.example/x")).toMatch(/not an http\(s\) URL/);
    } finally {
      await proxy.close();
    }
  });

  it("still takes jobs.callback_auth and jobs.callback_origins, with a deprecation line at start-up", async () => {
    const proxy = await jobsProxy({
      callback_auth: { type: "spiff_api_key", key: "old-place-key" },
      callback_origins: [arena.url],
    });
    try {
      expect(proxy.logs()).toContain("jobs.callback_auth is deprecated: move it to engine.auth");
      expect(proxy.logs()).toContain("jobs.callback_origins is deprecated: move it to engine.callback_origins");
      expect((await submitSleep(proxy, "http://127.0.0.2:9")).response.status).toBe(400);
      const { taskId, response } = await submitSleep(proxy);
      expect(response.status).toBe(202);
      expect((await callbackOf(taskId)).headers["spiffworkflow-api-key"]).toBe("old-place-key");
    } finally {
      await proxy.close();
    }
  });

  it("refuses the old and the new key together, naming both", async () => {
    const both = testProxy({
      discover: false,
      jobs: { callback_auth: { type: "bearer", token: "a" } },
      engine: { auth: { type: "bearer", token: "b" } },
    });
    await expect(both).rejects.toThrow(ConfigError);
    await expect(both).rejects.toThrow(/engine\.auth and jobs\.callback_auth/);
  });

  it("rejects an api_url that is not http(s)", async () => {
    await expect(testProxy({ discover: false, engine: { api_url: "ftp://arena/v1.0" } })).rejects.toThrow(
      /engine\.api_url/,
    );
  });
});
