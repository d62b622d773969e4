import { createServer as createHttpServer } from "node:http";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnector } from "../src/create-http-connector.js";
import { backoffMs, isRetryableStatus, parseRetryAfter } from "../src/retry-policy.js";
import { type LocalServer, sendJson, startServer } from "./local-server.js";

const http = createHttpConnector({
  resolve: async (hostname) => {
    if (hostname === "nowhere.test")
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.test"), { code: "ENOTFOUND" });
    return [{ address: "127.0.0.1", family: 4 }];
  },
});
const getV2 = http.commands.find((command) => command.name === "GetRequestV2")!;

const hits = new Map<string, number>();
let server: LocalServer;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = request.url ?? "/";
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    if (path.startsWith("/flaky") && count <= 2) return sendJson(response, 503, { busy: true }, { "retry-after": "0" });
    if (path.startsWith("/bad-request")) return sendJson(response, 400, { wrong: true });
    if (path.startsWith("/limited") && count === 1) return sendJson(response, 429, {}, { "retry-after": "1" });
    if (path.startsWith("/always-500")) return sendJson(response, 500, { broken: true });
    sendJson(response, 200, { count });
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

describe("attempts", () => {
  it("retries a server that fails twice, then succeeds, and logs 3 attempts", async () => {
    const { envelope } = await callCommand(getV2, { url: `${server.url}/flaky`, attempts: 3 });
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toMatchObject({ http_status: 200, body: { count: 3 } });
    const attempts = envelope.spiff__logs.filter((line) => / attempt \d\/3 /.test(line));
    expect(attempts).toHaveLength(3);
    expect(attempts[0]).toContain("answered 503");
    expect(attempts[2]).toContain("answered 200");
  });

  it("does not retry a 400", async () => {
    const { envelope } = await callCommand(getV2, { url: `${server.url}/bad-request`, attempts: 3 });
    expect(envelope.error?.error_code).toBe("HttpError400");
    expect(hits.get("/bad-request")).toBe(1);
    expect(envelope.spiff__logs.filter((line) => / attempt \d\/\d /.test(line))).toHaveLength(1);
  });

  it("honours Retry-After on a 429", async () => {
    const started = Date.now();
    const { envelope } = await callCommand(getV2, { url: `${server.url}/limited`, attempts: 2 });
    expect(envelope.error).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(envelope.spiff__logs.join("\n")).toContain("waiting 1000 ms (Retry-After) before attempt 2");
  });

  it("answers the last failure when every attempt fails", async () => {
    const { envelope } = await callCommand(getV2, { url: `${server.url}/always-500`, attempts: 2 });
    expect(envelope.error?.error_code).toBe("HttpError500");
    expect(hits.get("/always-500")).toBe(2);
  });

  it("does not wait past the command's deadline", async () => {
    const { envelope } = await callCommand(
      getV2,
      { url: `${server.url}/limited-again`, attempts: 3 },
      { timeoutMs: 600 },
    );
    // first answer is 429 with Retry-After: 1 s, which would pass the 600 ms deadline
    expect(envelope.error?.error_code).toBe("HttpError429");
    expect(envelope.spiff__logs.join("\n")).toContain("would pass the command's deadline");
  });
});

describe("forward proxy failures (the other failure kinds: reference-error-codes.test.ts)", () => {
  it("answers ProxyError when the forward proxy refuses the tunnel", async () => {
    const proxy = createHttpServer();
    proxy.on("connect", (_request, socket) => socket.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"));
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const { envelope } = await callCommand(getV2, { url: `${server.url}/via` }, { config: { http_proxy: proxyUrl } });
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    expect(envelope.error?.error_code).toBe("ProxyError");
  });
});

describe("retry policy", () => {
  it("reads Retry-After as seconds or an HTTP date, and backs off doubling up to 30 s", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect([2, 3, 4, 20].map((next) => backoffMs(next, null))).toEqual([250, 500, 1000, 30_000]);
    expect(backoffMs(2, 7_000)).toBe(7_000);
    expect([429, 500, 503, 400, 404].map(isRetryableStatus)).toEqual([true, true, true, false, false]);
  });
});
