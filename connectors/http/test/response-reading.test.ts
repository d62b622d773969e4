/**
 * How an upstream answer is read: informational answers skipped, repeated headers kept,
 * big compressed bodies decoded with backpressure, a stalled body timed out, and a call
 * cancelled mid-body closing its connection at once.
 */
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { emptyReserved, runCommand } from "@connector-proxy/sdk";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnector } from "../src/create-http-connector.js";
import { type LocalServer, startServer } from "./local-server.js";

const http = createHttpConnector();
const getV2 = http.commands.find((command) => command.name === "GetRequestV2")!;

/** About 6 MiB of JSON once decoded: many decoder chunks, so the decoder pushes back. */
const bigItems = Array.from({ length: 60_000 }, (_, index) => ({ index, text: "some repeated text".repeat(5) }));
const bigGzip = gzipSync(JSON.stringify(bigItems));

let server: LocalServer;
/** Resolves when the connection of the stalled answer closes. */
let stalledClosed: Promise<void> = Promise.resolve();

function stall(response: ServerResponse): void {
  stalledClosed = new Promise((resolve) => response.on("close", () => resolve()));
  response.writeHead(200, { "content-type": "application/json" });
  response.write('{"started":');
}

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = request.url ?? "/";
    if (path === "/early-hints") {
      response.writeEarlyHints({ link: "</style.css>; rel=preload; as=style" });
      response.writeHead(200, { "content-type": "application/json" });
      return response.end('{"final":true}');
    }
    if (path === "/repeated-headers") {
      response.setHeader("set-cookie", ["a=1", "b=2"]);
      response.setHeader("x-many", ["one", "two"]);
      response.writeHead(200, { "content-type": "application/json" });
      return response.end("{}");
    }
    if (path === "/big-gzip") {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      return response.end(bigGzip);
    }
    if (path === "/not-gzip") {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      return response.end('{"plain": "json"}');
    }
    if (path === "/empty-gzip") {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      return response.end();
    }
    if (path === "/stall") return stall(response);
    response.writeHead(404);
    response.end();
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

describe("reading the upstream answer", () => {
  it("skips an informational 103 answer and reads the final one", async () => {
    const { envelope } = await callCommand(getV2, { url: `${server.url}/early-hints` });
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toMatchObject({ http_status: 200, body: { final: true } });
  });

  it("keeps every value of a repeated response header", async () => {
    const { envelope } = await callCommand(getV2, {
      url: `${server.url}/repeated-headers`,
      include_response_headers: true,
    });
    expect(envelope.command_response).toMatchObject({
      headers: { "set-cookie": ["a=1", "b=2"], "x-many": ["one", "two"] },
    });
  });

  it("decodes a gzip body many times the decoder's buffer", async () => {
    const { envelope } = await callCommand(getV2, { url: `${server.url}/big-gzip` });
    expect(envelope.error).toBeNull();
    expect((envelope.command_response as { body: unknown }).body).toEqual(bigItems);
  });

  it("answers an empty body labelled gzip as empty, for GET and HEAD (nginx labels them so)", async () => {
    const { envelope } = await callCommand(getV2, { url: `${server.url}/empty-gzip` });
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toMatchObject({ http_status: 200, body: { raw_response: "" } });
    const head = http.commands.find((command) => command.name === "HeadRequestV2")!;
    const answer = await callCommand(head, { url: `${server.url}/empty-gzip` });
    expect(answer.envelope.error).toBeNull();
    expect(answer.envelope.command_response.http_status).toBe(200);
  });

  it("answers ContentDecodingError for a body labelled gzip that is not gzip", async () => {
    const { envelope } = await callCommand(getV2, { url: `${server.url}/not-gzip` });
    expect(envelope.error?.error_code).toBe("ContentDecodingError");
  });

  it("answers ConnectionError (requests: Read timed out) when the body stops arriving for timeout_seconds", async () => {
    const started = Date.now();
    const { envelope } = await callCommand(getV2, { url: `${server.url}/stall`, timeout_seconds: 1 });
    expect(envelope.error?.error_code).toBe("ConnectionError");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("closes the upstream connection at once when the call is cancelled mid-body", async () => {
    const controller = new AbortController();
    const call = runCommand(
      "http/GetRequestV2",
      getV2,
      { url: `${server.url}/stall` },
      { reserved: emptyReserved(), signal: controller.signal, deadline: Date.now() + 30_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = stalledClosed;
    const cancelled = Date.now();
    controller.abort(new Error("the caller went away"));
    const outcome = await call;
    await closed;
    expect(Date.now() - cancelled).toBeLessThan(1000);
    expect(outcome.envelope.error).not.toBeNull();
    expect(outcome.envelope.error?.message).toContain("the caller went away");
  });
});
