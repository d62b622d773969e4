/**
 * Each way an http V2 call can fail, against a real local peer, answers the reference's error
 * code: the Python `requests` exception's class name (read off requests 2.34 running the same
 * request against the same kind of peer), http_status 500 and body `{}` as the reference, and
 * the message in its shape, the finer diagnosis inside. Malformed URLs keep the code but answer
 * a permanent 400 (the reference's 500 would be retried forever).
 */
import { createServer, type Socket } from "node:net";
import { callCommand, closedPort, type SilentServer, silentServer } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnector } from "../src/create-http-connector.js";

const http = createHttpConnector({
  resolve: async (hostname) => {
    if (hostname === "nowhere.test") {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.test"), { code: "ENOTFOUND" });
    }
    if (hostname === "hangs.test") return new Promise(() => undefined); // a DNS server that never answers
    return [{ address: "127.0.0.1", family: 4 as const }];
  },
});
const command = (name: string) => http.commands.find((c) => c.name === name)!;
const getV2 = command("GetRequestV2");

/** Raw answers by path, for peers no well-behaved server library would imitate. */
const RAW: Record<string, (socket: Socket) => void> = {
  "/truncated": (s) => s.end("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc"),
  "/bad-chunk": (s) =>
    s.end("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"),
  "/bad-gzip": (s) =>
    s.end("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nabcde"),
  "/not-http": (s) => s.end("NOT HTTP AT ALL\r\n\r\n"),
  "/drop": (s) => s.destroy(),
  "/stall": (s) => s.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc"),
  "/bad-json": (s) => s.end(answer(200, "application/json; charset=utf-8", "{not json")),
  "/bad-xml": (s) => s.end(answer(404, "application/xml", "<a><b")),
  "/missing": (s) => s.end(answer(404, "application/json", '{"problem": "no such thing"}')),
  "/moved": (s) => s.end("HTTP/1.1 302 Found\r\nLocation: /moved\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
  "/to-ftp": (s) =>
    s.end("HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
};

function answer(status: number, contentType: string, body: string): string {
  const length = Buffer.byteLength(body);
  return `HTTP/1.1 ${status} X\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${body}`;
}

/** `/chain/N` redirects N more times, then answers 200. */
function chain(socket: Socket, path: string): void {
  const left = Number(path.split("/")[2]);
  if (left === 0) socket.end(answer(200, "application/json", '{"landed": true}'));
  else
    socket.end(`HTTP/1.1 302 Found\r\nLocation: /chain/${left - 1}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

const sockets = new Set<Socket>();
const raw = createServer((socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
  socket.on("error", () => undefined);
  let head = "";
  socket.on("data", (chunk: Buffer) => {
    if (head === "" && chunk[0] === 0x16) return socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"); // a TLS hello
    head += chunk.toString("latin1");
    if (!head.includes("\r\n\r\n")) return;
    const path = head.split(" ")[1] ?? "/";
    head = "";
    if (path.startsWith("/chain/")) chain(socket, path);
    else (RAW[path] ?? RAW["/drop"])?.(socket);
  });
});
let base = "";
let silent: SilentServer;

beforeAll(async () => {
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(raw.address() as { port: number }).port}`;
  silent = await silentServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => raw.close(resolve));
  await silent.close();
  await http.close();
});

async function fails(params: Record<string, unknown>, code: string, status = 500, name = "GetRequestV2") {
  const outcome = await callCommand(command(name), params);
  expect(outcome.status).toBe(200);
  expect(outcome.envelope.error?.error_code).toBe(code);
  expect(outcome.envelope.error?.message).toMatch(/^Received Error: .*\. Raw http_response was: /s);
  expect(outcome.envelope.command_response).toMatchObject({ http_status: status });
  return outcome.envelope;
}

describe("connection failures", () => {
  it("answers ConnectionError for a refused connection, says so, and retries it", async () => {
    const port = await closedPort();
    const envelope = await fails({ url: `http://127.0.0.1:${port}/`, attempts: 2 }, "ConnectionError");
    expect(envelope.error?.message).toContain("connection refused (ECONNREFUSED");
    expect(envelope.error?.message).toMatch(/Raw http_response was: None$/);
    expect(envelope.command_response.body).toStrictEqual({});
    expect(envelope.spiff__logs.filter((line) => / attempt \d\/2 /.test(line))).toHaveLength(2);
  });

  it("answers ConnectionError for a host name that does not resolve, saying it is DNS", async () => {
    const envelope = await fails({ url: "http://nowhere.test/" }, "ConnectionError");
    expect(envelope.error?.message).toContain("host name not found (DNS)");
  });

  it("answers ConnectionError for a peer that drops the connection or does not speak HTTP", async () => {
    expect((await fails({ url: `${base}/drop` }, "ConnectionError")).error?.message).toMatch(/closed|reset/);
    expect((await fails({ url: `${base}/not-http` }, "ConnectionError")).error?.message).toContain("not HTTP");
  });

  it("answers SSLError when the server does not speak TLS", async () => {
    await fails({ url: `${base.replace("http:", "https:")}/missing` }, "SSLError");
  });

  it("answers ReadTimeout when no answer comes within timeout_seconds", async () => {
    const envelope = await fails({ url: `http://127.0.0.1:${silent.port}/`, timeout_seconds: 1 }, "ReadTimeout");
    expect(envelope.error?.message).toContain("no answer within timeout_seconds");
  });

  it("answers ConnectTimeout when the connection cannot be opened in time", { timeout: 30_000 }, async () => {
    await fails({ url: "http://hangs.test/" }, "ConnectTimeout");
  });
});

describe("broken answers", () => {
  it("answers ChunkedEncodingError for a body cut short or badly chunked", async () => {
    await fails({ url: `${base}/truncated` }, "ChunkedEncodingError");
    await fails({ url: `${base}/bad-chunk` }, "ChunkedEncodingError");
  });

  it("answers ConnectionError when the body stops arriving for timeout_seconds (requests: Read timed out)", async () => {
    await fails({ url: `${base}/stall`, timeout_seconds: 1 }, "ConnectionError");
  });

  it("answers ContentDecodingError for a body labelled gzip that is not gzip", async () => {
    await fails({ url: `${base}/bad-gzip` }, "ContentDecodingError");
  });

  it("answers JSONDecodeError / ExpatError with the raw text and the upstream's status", async () => {
    const json = await fails({ url: `${base}/bad-json` }, "JSONDecodeError", 200);
    expect(json.command_response.body).toStrictEqual({ raw_response: "{not json" });
    expect(json.error?.message).toMatch(/Raw http_response was: \{not json$/);
    const xml = await fails({ url: `${base}/bad-xml` }, "ExpatError", 404); // before HttpError404, as the reference
    expect(xml.command_response.body).toStrictEqual({ raw_response: "<a><b" });
  });

  it("answers HttpError<status> from 400 with the body, in the reference's message shape", async () => {
    const envelope = await fails({ url: `${base}/missing` }, "HttpError404", 404);
    expect(envelope.command_response).toMatchObject({
      body: { problem: "no such thing" },
      mimetype: "application/json",
    });
    expect(envelope.error?.message).toMatch(/HTTP 404\. Raw http_response was: \{"problem": "no such thing"\}$/);
  });
});

describe("redirects", () => {
  it("follows 30 redirects as requests does and answers TooManyRedirects past them", async () => {
    const landed = await callCommand(getV2, { url: `${base}/chain/30` });
    expect(landed.envelope.error).toBeNull();
    expect(landed.envelope.command_response.body).toStrictEqual({ landed: true });
    const envelope = await fails({ url: `${base}/chain/31` }, "TooManyRedirects");
    expect(envelope.error?.message).toContain("Exceeded 30 redirects");
  });

  it("answers TooManyRedirects for a redirect loop", async () => {
    await fails({ url: `${base}/moved` }, "TooManyRedirects");
  });

  it("answers a 3xx as data for V2 and as HttpError for Arena's names when redirects are off", async () => {
    const config = { max_redirects: 0 };
    const v2 = await callCommand(getV2, { url: `${base}/moved` }, { config });
    expect(v2.envelope.error).toBeNull();
    expect(v2.envelope.command_response).toMatchObject({ http_status: 302 });
    const arena = await callCommand(command("GetRequest"), { url: `${base}/moved` }, { config });
    expect(arena.envelope.error?.error_code).toBe("HttpError302");
  });
});

describe("caller mistakes: the reference's code, a permanent 400", () => {
  it.each([
    ["example.com/x", "MissingSchema", /Invalid URL 'example.com\/x': No scheme supplied/],
    ["", "MissingSchema", /No scheme supplied/],
    ["ftp://127.0.0.1/file", "InvalidSchema", /No connection adapters were found for 'ftp:\/\/127.0.0.1\/file'/],
    ["localhost:8080/x", "InvalidSchema", /No connection adapters/],
    ["http://", "InvalidURL", /No host supplied/],
    ["http:/127.0.0.1/", "InvalidURL", /No host supplied/],
    ["http://127.0.0.1:99999/", "InvalidURL", /Failed to parse/],
    ["http://exa mple.com/", "InvalidURL", /Failed to parse/],
  ])("answers %j with %s", async (url, code, message) => {
    const outcome = await callCommand(getV2, { url });
    expect(outcome.envelope.error?.error_code).toBe(code);
    expect(outcome.envelope.error?.message).toMatch(message);
    expect(outcome.envelope.command_response).toMatchObject({ http_status: 400, body: {} });
  });

  it("masks credentials in a refused URL", async () => {
    const outcome = await callCommand(getV2, { url: "ftp://ada:Hush-Url-Secret@127.0.0.1/" });
    expect(outcome.envelope.error?.error_code).toBe("InvalidSchema");
    expect(JSON.stringify(outcome.envelope)).not.toContain("Hush-Url-Secret");
  });

  it("answers InvalidHeader for a header value that cannot be sent", async () => {
    await fails({ url: `${base}/missing`, headers: { "X-Note": "a\nb" } }, "InvalidHeader", 400);
  });

  it("answers InvalidSchema (transient, as the reference) when a redirect leads to a URL that is not http(s)", async () => {
    await fails({ url: `${base}/to-ftp` }, "InvalidSchema"); // the upstream's doing: 500, as the reference
  });
});
