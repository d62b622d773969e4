/**
 * The http connector served by a real proxy (`createProxy`): secrets stay out of the
 * proxy's log and of spiff__logs, a silent upstream times out without blocking other
 * calls, and a 50 MiB answer is refused without being held in memory.
 */
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type ConnectorProxy, createProxy, parseConfig } from "@connector-proxy/proxy";
import type { Envelope } from "@connector-proxy/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echo, type LocalServer, sendJson, startServer } from "./local-server.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SECRETS = {
  password: "Pa55word-XYZ-hush",
  bearer: "tok-ABCDEF-123456",
  apiKey: "key-QWERTY-98765",
  queryKey: "qp-SECRET-4321",
};
const MIB = 1024 * 1024;

let proxy: ConnectorProxy;
let logText = "";
let upstream: LocalServer;
let silent: LocalServer;
let bytesSent = 0;
/** 50 MiB of zeros, gzipped to about 50 KiB. */
const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));

async function call(command: string, params: Record<string, unknown>): Promise<Envelope> {
  const response = await proxy.app.request(`/v1/do/http/${command}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Envelope;
}

beforeAll(async () => {
  upstream = await startServer((request, response, body) => {
    const url = request.url ?? "/";
    if (url.startsWith("/denied")) return sendJson(response, 401, { saw: request.headers, url });
    if (url.startsWith("/busy")) return sendJson(response, 503, { saw: request.headers, url }, { "retry-after": "0" });
    if (url.startsWith("/huge")) return sendHuge(response, url.includes("declared"));
    if (url.startsWith("/bomb")) {
      response.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
      return response.end(bomb);
    }
    echo(request, response, body);
  });
  silent = await startServer(() => {}); // accepts, reads the request, never answers
  const log = new PassThrough();
  log.on("data", (chunk: Buffer) => {
    logText += chunk.toString("utf8");
  });
  const raw = { discover: false, connectors: { http: { package: "@connector-proxy/connector-http" } } };
  const { config, secrets } = parseConfig(raw, {}, "test");
  proxy = await createProxy({
    config: { config, secrets, baseDir: repoRoot, file: null },
    env: {},
    logDestination: log,
  });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([upstream.close(), silent.close()]);
});

function sendHuge(response: import("node:http").ServerResponse, declared: boolean): void {
  const total = 50 * MIB;
  const chunk = Buffer.alloc(64 * 1024, 120);
  response.writeHead(200, { "content-type": "text/plain", ...(declared ? { "content-length": String(total) } : {}) });
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk.length;
      bytesSent += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", pump);
    }
    response.end();
  };
  response.on("close", () => undefined);
  pump();
}

describe("redaction", () => {
  it("keeps every credential out of the proxy log, spiff__logs and error messages", async () => {
    const credentials = {
      headers: { Authorization: `Bearer ${SECRETS.bearer}`, "X-Api-Key": SECRETS.apiKey },
      basic_auth_username: "ada",
    };
    const answers = [
      await call("GetRequestV2", { url: `${upstream.url}/denied?api_key=${SECRETS.queryKey}`, ...credentials }),
      await call("PostRequestV2", {
        url: `${upstream.url}/busy`,
        params: { token: SECRETS.queryKey },
        attempts: 2,
        basic_auth_username: "ada",
        basic_auth_password: SECRETS.password,
        headers: credentials.headers,
      }),
      await call("GetRequest", { url: `http://ada:${SECRETS.password}@127.0.0.1:1/`, headers: credentials.headers }),
    ];
    expect(answers.map((answer) => answer.error?.error_code)).toEqual([
      "HttpError401",
      "HttpError503",
      "ConnectionError",
    ]);
    const told = answers.map((answer) => [...answer.spiff__logs, answer.error?.message ?? ""].join("\n")).join("\n");
    expect(told).toContain("attempt 2/2");
    expect(told).toContain("api_key=");
    // the upstream echoed the credentials back: they must not survive into messages
    expect(answers[0]?.error?.message).toContain("***REDACTED***");
    for (const secret of Object.values(SECRETS)) {
      expect(told, secret).not.toContain(secret);
      expect(logText, secret).not.toContain(secret);
    }
    expect(logText).toContain("http/GetRequestV2");
  });
});

describe("timeouts", () => {
  it("answers ReadTimeout within timeout_seconds while other calls are served", async () => {
    const started = Date.now();
    const hanging = call("GetRequestV2", { url: `${silent.url}/never`, timeout_seconds: 2 }).then((envelope) => ({
      envelope,
      ms: Date.now() - started,
    }));
    const others = await Promise.all(
      Array.from({ length: 20 }, (_, index) => call("GetRequestV2", { url: `${upstream.url}/echo/${index}` })),
    );
    const othersMs = Date.now() - started;
    expect(others.every((answer) => answer.error === null)).toBe(true);
    const { envelope, ms } = await hanging;
    expect(othersMs).toBeLessThan(ms);
    expect(envelope.error?.error_code).toBe("ReadTimeout");
    expect(envelope.command_response).toMatchObject({ http_status: 500 });
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(2000 + 1200);
  });
});

describe("response size limit", () => {
  it("refuses a 50 MiB answer with ResponseTooLarge and bounded memory", async () => {
    for (const declared of [false, true]) {
      bytesSent = 0;
      const before = process.memoryUsage();
      let peak = 0;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers);
      }, 5);
      const envelope = await call("GetRequestV2", { url: `${upstream.url}/huge${declared ? "-declared" : ""}` });
      clearInterval(sampler);
      expect(envelope.error?.error_code).toBe("ResponseTooLarge");
      expect(envelope.error?.message).toContain("max_response_bytes");
      expect(bytesSent).toBeLessThan(30 * MIB);
      expect(peak).toBeLessThan(40 * MIB);
    }
  });

  it("refuses a compression bomb once it decompresses past the limit", async () => {
    const envelope = await call("GetRequestV2", { url: `${upstream.url}/bomb` });
    expect(envelope.error?.error_code).toBe("ResponseTooLarge");
    expect(envelope.error?.message).toContain("once decompressed");
  });
});
