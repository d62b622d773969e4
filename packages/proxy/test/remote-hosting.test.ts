/**
 * Federation: a second proxy (a real server on port 0) mounted as `remote` with a prefix and
 * an include filter, plus a minimal Spiff-protocol upstream answering 202. Its commands list
 * and run; stopped, they answer UpstreamUnavailable while local ones work; restarted, they
 * are back without restarting the front proxy.
 */
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { type PythonStyleUpstream, startSpiffUpstream } from "./helpers/python-style-upstream.js";
import { post, repoRoot, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const EXAMPLE = path.join(repoRoot, "connectors", "example");
const UPSTREAM_KEY = "upstream-key-123";

let upstream: TestProxy;
let upstreamServer: RunningServer;
let jobsUpstream: PythonStyleUpstream | undefined;
let jobsUrl: string;
const jobRequests: Array<Record<string, unknown>> = [];
let front: TestProxy;

/** An upstream speaking just enough of the Spiff protocol: one command that answers 202. */
async function startJobsUpstream(): Promise<void> {
  jobsUpstream = await startSpiffUpstream(
    [{ id: "jobs/Start", parameters: [{ id: "size", type: "int", required: true }] }],
    (params) => {
      jobRequests.push(params);
      return { status: 202, body: { job_id: "job-1" }, logs: ["accepted"] };
    },
  );
  jobsUrl = jobsUpstream.url;
}

beforeAll(async () => {
  upstream = await testProxy(
    { discover: false, connectors: { example: { path: EXAMPLE }, sink: { path: "connector-kitchen-sink" } } },
    { CONNECTOR_PROXY_API_KEY: UPSTREAM_KEY },
  );
  upstreamServer = await listen(upstream, 0, "127.0.0.1");
  await startJobsUpstream();
  front = await testProxy(
    {
      discover: false,
      connectors: {
        example: { path: EXAMPLE },
        eu: {
          hosting: "remote",
          timeout_seconds: 5,
          remote: {
            url: upstreamServer.url,
            api_key: "${UPSTREAM_KEY}",
            include: ["example/*", "sink/*"],
            exclude: ["sink"],
            prefix: "eu-",
            refresh_seconds: 1,
          },
        },
        jobs: { hosting: "remote", remote: { url: jobsUrl } },
      },
    },
    { UPSTREAM_KEY },
  );
});

afterAll(async () => {
  await front?.close();
  await upstreamServer?.close();
  await upstream?.close();
  await jobsUpstream?.close();
});

async function run(id: string, body: Record<string, unknown>) {
  const response = await post(front, `/v1/do/${id}`, body);
  const envelope = (await response.json()) as { error: { error_code: string; message: string } | null };
  return { status: response.status, ...envelope };
}

it("lists the upstream's included commands under the prefix, marked remote", () => {
  const catalogue = JSON.parse(front.catalogue.toJSON()) as Array<{ id: string; "x-hosting": string }>;
  expect(catalogue.map((entry) => [entry.id, entry["x-hosting"]])).toEqual([
    ["eu-example/Example", "remote"],
    ["eu-example/ReadTaskData", "remote"],
    ["example/Example", "inline"],
    ["example/ReadTaskData", "inline"],
    ["jobs/Start", "remote"],
  ]);
  const entry = JSON.parse(front.catalogue.toJSON()).find((e: { id: string }) => e.id === "eu-example/ReadTaskData");
  expect(entry.errors).toEqual([
    { code: "KeyNotInTaskData", description: "The task data has no variable with that name" },
  ]);
});

it("forwards executions with their reserved context and answers as the upstream does", async () => {
  const body = { key: "k", spiff__task_data: { k: "v" } };
  const remote = await run("eu-example/ReadTaskData", body);
  const local = await run("example/ReadTaskData", body);
  expect(remote).toEqual(local);
  expect(remote).toMatchObject({ status: 200, command_response: { body: { key: "k", value: "v" } } });
  expect(await run("eu-example/ReadTaskData", {})).toMatchObject({
    status: 400,
    error: { error_code: "InvalidParameters" },
  });
});

it("preserves a 202 answer and forwards the callback URL", async () => {
  const answer = await run("jobs/Start", {
    size: 3,
    spiff__callback_url: "http://127.0.0.1:9/cb",
    spiff__task_id: "t9",
  });
  expect(answer).toMatchObject({
    status: 202,
    command_response: { body: { job_id: "job-1" } },
    spiff__logs: ["accepted"],
  });
  expect(jobRequests.at(-1)).toMatchObject({
    size: 3,
    spiff__callback_url: "http://127.0.0.1:9/cb",
    spiff__task_id: "t9",
  });
});

it("answers UpstreamUnavailable while the upstream is down, and recovers when it is back", async () => {
  const port = upstreamServer.port;
  await upstreamServer.close();
  const down = await run("eu-example/Example", { message: "hi" });
  expect(down).toMatchObject({ status: 500, error: { error_code: "UpstreamUnavailable" } });
  expect(down.error?.message).toContain('remote proxy "eu"');
  expect(await run("example/Example", { message: "hi" })).toMatchObject({ status: 200, error: null });
  await new Promise((resolve) => setTimeout(resolve, 1500)); // a failed refresh keeps the last catalogue
  expect(front.catalogue.get("eu-example/Example")).toBeDefined();
  upstreamServer = await listen(upstream, port, "127.0.0.1");
  expect(await run("eu-example/Example", { message: "back" })).toMatchObject({
    status: 200,
    command_response: { body: { connector_response: expect.stringContaining("'back'") } },
  });
});

it("starts with an unreachable upstream (logged), and mounts its commands once it answers", async () => {
  const probe = await listen(upstream, 0, "127.0.0.1");
  const port = probe.port;
  await probe.close();
  const late = await testProxy({
    discover: false,
    connectors: {
      later: {
        hosting: "remote",
        remote: { url: `http://127.0.0.1:${port}`, api_key: UPSTREAM_KEY, include: ["sink/Typed"], refresh_seconds: 1 },
      },
    },
  });
  try {
    expect(late.catalogue.list()).toEqual([]);
    expect(late.logs()).toContain("remote proxy unreachable");
    const server = await listen(upstream, port, "127.0.0.1");
    try {
      const deadline = Date.now() + 5000;
      while (!late.catalogue.get("sink/Typed") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(late.catalogue.list().map((handle) => handle.id)).toEqual(["sink/Typed"]);
    } finally {
      await server.close();
    }
  } finally {
    await late.close();
  }
});
