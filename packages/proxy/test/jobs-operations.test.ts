import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { dropJobQueue, getJob, jobsProxy, REDIS_URL, waitForJob } from "./helpers/jobs-proxy.js";
import { post } from "./helpers/test-proxy.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

let arena: CallbackServer;
beforeAll(async () => {
  arena = await startCallbackServer();
});
afterAll(() => arena.close());

let task = 0;
async function submit(proxy: Awaited<ReturnType<typeof jobsProxy>>, headers: Record<string, string> = {}) {
  const taskId = `ops-${++task}`;
  const response = await post(
    proxy,
    "/v1/do/slow/Sleep",
    { ms: 1, spiff__callback_url: `${arena.url}/callback/${taskId}` },
    headers,
  );
  expect(response.status).toBe(202);
  const envelope = (await response.json()) as { command_response: { body: { job_id: string } } };
  return { taskId, jobId: envelope.command_response.body.job_id };
}

const callbacksOf = (taskId: string) => arena.received.filter((item) => item.path === `/callback/${taskId}`);

describe("callback credentials", () => {
  it("sends a static bearer token and never shows it", async () => {
    const proxy = await jobsProxy(
      { callback_auth: { type: "bearer", token: "${ARENA_TOKEN}" } },
      {},
      { ARENA_TOKEN: "arena-token-123" },
    );
    try {
      const { taskId, jobId } = await submit(proxy);
      const job = await waitForJob(proxy, jobId, (item) => item.status === "completed");
      expect(callbacksOf(taskId)[0]?.headers.authorization).toBe("Bearer arena-token-123");
      expect(JSON.stringify(job)).not.toContain("arena-token-123");
      expect(proxy.logs()).not.toContain("arena-token-123");
    } finally {
      await proxy.close();
    }
  });

  it("gets an OAuth2 client-credentials token once, and a new one after a 401", async () => {
    const tokenRequests: { authorization?: string; form: URLSearchParams }[] = [];
    const idp = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => {
        text += chunk;
      });
      request.on("end", () => {
        tokenRequests.push({ authorization: request.headers.authorization, form: new URLSearchParams(text) });
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ access_token: `at-${tokenRequests.length}`, expires_in: 3600, token_type: "Bearer" }),
        );
      });
    });
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    const proxy = await jobsProxy(
      {
        callback_auth: {
          type: "oauth2_client_credentials",
          token_url: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/token`,
          client_id: "proxy",
          client_secret: "${CLIENT_SECRET}",
          scope: "callbacks",
        },
      },
      {},
      { CLIENT_SECRET: "s3cret" },
    );
    try {
      const jobs = await Promise.all([submit(proxy), submit(proxy), submit(proxy)]);
      for (const { jobId } of jobs) await waitForJob(proxy, jobId, (item) => item.status === "completed");
      expect(tokenRequests).toHaveLength(1);
      expect(tokenRequests[0]?.authorization).toBe(`Basic ${Buffer.from("proxy:s3cret").toString("base64")}`);
      expect(tokenRequests[0]?.form.get("grant_type")).toBe("client_credentials");
      expect(tokenRequests[0]?.form.get("scope")).toBe("callbacks");
      for (const { taskId } of jobs) expect(callbacksOf(taskId)[0]?.headers.authorization).toBe("Bearer at-1");

      arena.script.push(401);
      const rejected = await submit(proxy);
      expect((await waitForJob(proxy, rejected.jobId, (item) => item.status === "dead")).last_error).toContain("401");
      const next = await submit(proxy);
      await waitForJob(proxy, next.jobId, (item) => item.status === "completed");
      expect(callbacksOf(next.taskId)[0]?.headers.authorization).toBe("Bearer at-2");
    } finally {
      await proxy.close();
      await new Promise((resolve) => idp.close(resolve));
    }
  });
});

describe("callback URLs", () => {
  it("refuses a callback URL that is not http(s), and one outside jobs.callback_origins", async () => {
    const proxy = await jobsProxy({ callback_origins: [arena.url] });
    try {
      const cases = [
        ["not a url", 400],
        ["file:///etc/passwd", 400],
        ["http://127.0.0.2:9/callback/elsewhere", 400],
        [`${arena.url}/callback/allowed`, 202],
      ] as const;
      for (const [url, status] of cases) {
        const response = await post(proxy, "/v1/do/slow/Sleep", { ms: 1, spiff__callback_url: url });
        expect(response.status, url).toBe(status);
        if (status === 400) {
          const envelope = (await response.json()) as { error: { error_code: string; message: string } };
          expect(envelope.error.error_code).toBe("InvalidParameters");
          expect(envelope.error.message).toContain("spiff__callback_url");
        }
      }
    } finally {
      await proxy.close();
    }
  });
});

describe("the operations API", () => {
  it("is described in the OpenAPI document", async () => {
    const proxy = await jobsProxy();
    try {
      const document = (await (await proxy.app.request("/openapi.json")).json()) as { paths: Record<string, object> };
      for (const route of ["/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/retry", "/v1/jobs/{id}/complete"]) {
        expect(Object.keys(document.paths)).toContain(route);
      }
      expect(Object.keys(document.paths["/v1/jobs/{id}"] ?? {})).toEqual(["get", "delete"]);
    } finally {
      await proxy.close();
    }
  });

  it("is behind the API key", async () => {
    const key = { "Spiff-Connector-Proxy-Api-Key": "k-123" };
    const proxy = await jobsProxy({}, {}, { CONNECTOR_PROXY_API_KEY: "k-123" });
    try {
      const { jobId } = await submit(proxy, key);
      for (const [method, route] of [
        ["GET", "/v1/jobs"],
        ["GET", `/v1/jobs/${jobId}`],
        ["POST", `/v1/jobs/${jobId}/retry`],
        ["POST", `/v1/jobs/${jobId}/complete`],
        ["DELETE", `/v1/jobs/${jobId}`],
      ] as const) {
        expect((await proxy.app.request(route, { method })).status, `${method} ${route}`).toBe(401);
      }
      expect((await getJob(proxy, jobId, key)).id).toBe(jobId);
    } finally {
      await proxy.close();
    }
  });

  it.each(["sqlite", "redis"])("purges completed jobs after the retention (%s)", async (kind) => {
    const prefix = `cp-jobs-purge-${process.pid}-${Date.now()}`;
    const env = kind === "redis" ? { CONNECTOR_PROXY_REDIS_URL: REDIS_URL } : {};
    const proxy = await jobsProxy({ retention_hours: 0.5 / 3600, redis_prefix: prefix }, {}, env); // half a second
    try {
      const { jobId } = await submit(proxy);
      await waitForJob(proxy, jobId, (item) => item.status === "completed");
      const until = Date.now() + 5000;
      while ((await proxy.app.request(`/v1/jobs/${jobId}`)).status !== 404) {
        if (Date.now() > until) throw new Error("the completed job was never purged");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await proxy.close();
      if (kind === "redis") await dropJobQueue(prefix);
    }
  });
});
