/**
 * The limits of `limits.*` (config/limits-schema.ts), over a real server on port 0: JSON depth on
 * every path a body takes (Hono app, the Node adapter's direct path, async jobs, a process-hosted
 * command, the http connector), a stalled body (408), incomplete headers, keep-alive and the
 * connection cap; and the server's error listener.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { type JobsProxy, jobsProxy } from "./helpers/jobs-proxy.js";
import { post, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const LIMITS = { header_read_seconds: 0.5, body_read_seconds: 1.5, keep_alive_seconds: 1 };
const DEEP = 10_000;
const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

let proxy: JobsProxy;
let server: RunningServer;

beforeAll(async () => {
  proxy = await jobsProxy({}, { discover: true, include: ["example/*", "http/*", "slow/*"], limits: LIMITS });
  server = await listen(proxy, 0, "127.0.0.1");
});
afterAll(async () => {
  await server?.close(0);
  await proxy?.close();
});

type Envelope = { error: { error_code: string; message: string } | null };

async function expectTooDeep(response: Response) {
  expect(response.status).toBe(400);
  const envelope = (await response.json()) as Envelope;
  expect(envelope.error?.error_code).toBe("InvalidRequestBody");
  expect(envelope.error?.message).toMatch(/more than 128 levels deep.*limits\.json_depth/);
}

const readTaskData = `{"key":"a","spiff__task_data":{"a":${deep(DEEP)}}}`;

describe("JSON nested deeper than limits.json_depth is a 400 InvalidRequestBody, decided at parse time", () => {
  it("on the Hono app", async () => {
    await expectTooDeep(await post(proxy, "/v1/do/example/ReadTaskData", readTaskData));
  });

  it("on the Node adapter's direct path", async () => {
    const response = await fetch(`${server.url}/v1/do/example/ReadTaskData`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: readTaskData,
    });
    await expectTooDeep(response);
  });

  it("on an async call with a callback URL: 400, and no job is stored", async () => {
    const body = `{"ms":1,"spiff__callback_url":"http://127.0.0.1:9/cb","spiff__task_data":${deep(DEEP)}}`;
    await expectTooDeep(await post(proxy, "/v1/do/slow/Sleep", body));
    const listed = (await (await proxy.app.request("/v1/jobs")).json()) as { jobs: unknown[] };
    expect(listed.jobs).toEqual([]);
  });

  it("on the http connector (its headers are built from a parameter)", async () => {
    const body = `{"url":"http://127.0.0.1:9/","headers":{"x":${deep(DEEP)}}}`;
    await expectTooDeep(await post(proxy, "/v1/do/http/GetRequestV2", body));
  });

  it("on external completion of a job (POST /v1/jobs/{id}/complete)", async () => {
    const response = await proxy.app.request("/v1/jobs/nope/complete", {
      method: "POST",
      body: `{"body":${deep(DEEP)}}`,
    });
    await expectTooDeep(response);
  });

  it("while 128 levels are accepted", async () => {
    const response = await post(
      proxy,
      "/v1/do/example/ReadTaskData",
      `{"key":"a","spiff__task_data":{"a":${deep(126)}}}`,
    );
    expect(response.status).toBe(200);
  });

  it("on a process-hosted command (the MCP stdio message to the child)", async () => {
    const hosted = await testProxy({
      discover: false,
      connectors: { example: { package: "@connector-proxy/connector-example", hosting: "process" } },
    });
    try {
      await expectTooDeep(await post(hosted, "/v1/do/example/ReadTaskData", readTaskData));
      const fine = await post(hosted, "/v1/do/example/ReadTaskData", { key: "a", spiff__task_data: { a: 1 } });
      expect(fine.status).toBe(200); // the child is fine
    } finally {
      await hosted.close();
    }
  });
});

interface RawResult {
  data: string;
  /** Milliseconds from connecting to the server closing the connection. */
  closedAfterMs: number;
}

/** Write `text` on a fresh connection, then collect what comes back until the server closes it. */
function raw(port: number, text: string, onData?: (socket: Socket, data: string) => void): Promise<RawResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let data = "";
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      data += chunk;
      onData?.(socket, data);
    });
    socket.on("error", () => {}); // a reset is a close too
    socket.on("close", () => resolve({ data, closedAfterMs: performance.now() - started }));
  });
}

describe("read times and keep-alive", () => {
  it("answers 408 RequestTimeout (JSON) to a body that stalls, after limits.body_read_seconds", async () => {
    const request =
      'POST /v1/do/example/Example HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"messag';
    const { data, closedAfterMs } = await raw(server.port, request);
    expect(data).toMatch(/^HTTP\/1\.1 408 /);
    const envelope = JSON.parse(data.slice(data.indexOf("\r\n\r\n") + 4)) as Envelope;
    expect(envelope.error?.error_code).toBe("RequestTimeout");
    expect(closedAfterMs).toBeGreaterThanOrEqual(LIMITS.body_read_seconds * 1000 - 50);
    expect(closedAfterMs).toBeLessThan(10_000); // Node's default is 300 s
  }, 20_000);

  it("closes a connection whose headers stall, after limits.header_read_seconds", async () => {
    const { closedAfterMs } = await raw(server.port, "POST /v1/do/example/Example HTTP/1.1\r\nHost: x\r\n");
    expect(closedAfterMs).toBeGreaterThanOrEqual(LIMITS.header_read_seconds * 1000 - 50);
    expect(closedAfterMs).toBeLessThan(LIMITS.body_read_seconds * 1000 + 5_000); // Node's default is 60 s
  }, 20_000);

  it("does not cut a call whose command runs longer than the read times", async () => {
    const response = await fetch(`${server.url}/v1/do/slow/Nap`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ms: LIMITS.body_read_seconds * 1000 + 500 }),
    });
    expect(response.status).toBe(200);
  }, 20_000);

  it("closes an idle keep-alive connection after limits.keep_alive_seconds", async () => {
    let answeredAt = 0;
    const { data, closedAfterMs } = await raw(server.port, "GET /liveness HTTP/1.1\r\nHost: x\r\n\r\n", (_s, seen) => {
      if (answeredAt === 0 && seen.includes("\r\n\r\n")) answeredAt = performance.now();
    });
    expect(data).toMatch(/^HTTP\/1\.1 200 /);
    expect(data).toMatch(/Keep-Alive: timeout=1\r\n/i);
    expect(closedAfterMs).toBeGreaterThanOrEqual(LIMITS.keep_alive_seconds * 1000 - 50);
    expect(closedAfterMs).toBeLessThan(4_500); // Node's default is 5 s
  }, 20_000);
});

describe("limits.max_connections", () => {
  let capped: TestProxy;
  let cappedServer: RunningServer;
  beforeAll(async () => {
    capped = await testProxy({ discover: false, limits: { max_connections: 2, keep_alive_seconds: 30 } });
    cappedServer = await listen(capped, 0, "127.0.0.1");
  });
  afterAll(async () => {
    await cappedServer?.close(0);
    await capped?.close();
  });

  /** A kept-alive connection that has been answered once (so the server counts it). */
  const answered = () =>
    new Promise<Socket>((resolve) => {
      const socket = connect(cappedServer.port, "127.0.0.1", () =>
        socket.write("GET /liveness HTTP/1.1\r\nHost: x\r\n\r\n"),
      );
      socket.setEncoding("utf8");
      socket.once("data", () => resolve(socket));
    });

  it("closes connections over the cap at once, and takes new ones when one closes", async () => {
    const first = await answered();
    const second = await answered();
    const third = await raw(cappedServer.port, "GET /liveness HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(third.data).toBe(""); // closed without an answer
    const closed = new Promise((resolve) => first.once("close", resolve));
    first.destroy();
    await closed;
    // the server sees the close a moment later: a new connection is answered once it has
    for (;;) {
      const next = await raw(cappedServer.port, "GET /liveness HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      if (next.data !== "") {
        expect(next.data).toMatch(/^HTTP\/1\.1 200 /);
        break;
      }
    }
    second.destroy();
  }, 20_000);
});

describe("the server's error listener", () => {
  it("logs every server error after listening and keeps serving", async () => {
    server.server.emit("error", Object.assign(new Error("accept EMFILE"), { code: "EMFILE" }));
    server.server.emit("error", Object.assign(new Error("accept EMFILE again"), { code: "EMFILE" }));
    expect(proxy.logs()).toContain("accept EMFILE again");
    const response = await fetch(`${server.url}/liveness`);
    expect(response.status).toBe(200);
  });
});
