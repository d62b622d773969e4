import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postMessage } from "../src/post-message.js";

interface Recorded {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  json: unknown;
}

let server: Server;
let baseUrl: string;
let recorded: Recorded[] = [];
let reply: { status: number; body: string } = { status: 200, body: "" };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const text = await readBody(request);
    recorded.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
      contentType: request.headers["content-type"],
      json: JSON.parse(text),
    });
    response.writeHead(reply.status, { "content-type": "application/json; charset=utf-8" });
    response.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  recorded = [];
});

describe("slack/PostMessage against a local Slack Web API", () => {
  it("posts chat.postMessage with the bearer token and answers Slack's JSON as a string", async () => {
    reply = { status: 200, body: '{"ok":true,"channel":"C1","ts":"1700000000.000100"}' };
    const { status, envelope } = await callCommand(
      postMessage,
      { token: "xoxb-diagram", channel: "C1", message: "Build green" },
      { config: { base_url: baseUrl } },
    );
    expect(recorded).toEqual([
      {
        method: "POST",
        url: "/api/chat.postMessage",
        authorization: "Bearer xoxb-diagram",
        contentType: "application/json; charset=utf-8",
        json: { channel: "C1", text: "Build green" },
      },
    ]);
    expect(status).toBe(200);
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toEqual({
      body: reply.body,
      mimetype: "application/json",
      http_status: 200,
      headers: {},
    });
  });

  it("takes the token from the connector's settings and sends blocks and thread_ts", async () => {
    reply = { status: 200, body: '{"ok":true}' };
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*hi*" } }];
    const { envelope } = await callCommand(
      postMessage,
      { channel: "#ops", message: "hi", blocks: JSON.stringify(blocks), thread_ts: "1.2" },
      { config: { base_url: `${baseUrl}/`, token: "xoxb-config" } },
    );
    expect(envelope.error).toBeNull();
    expect(recorded[0]?.url).toBe("/api/chat.postMessage");
    expect(recorded[0]?.authorization).toBe("Bearer xoxb-config");
    expect(recorded[0]?.json).toEqual({ channel: "#ops", text: "hi", blocks, thread_ts: "1.2" });
  });

  it("answers http_status 400 and SlackMessageFailed with Slack's error for ok:false", async () => {
    reply = { status: 200, body: '{"ok":false,"error":"channel_not_found"}' };
    const { status, envelope } = await callCommand(
      postMessage,
      { token: "xoxb-1", channel: "nope", message: "x" },
      { config: { base_url: baseUrl } },
    );
    expect(status).toBe(200);
    expect(envelope.error).toEqual({
      error_code: "SlackMessageFailed",
      message: "channel_not_found (posting to nope)", // the reference's message: Slack's error
    });
    expect(envelope.command_response).toMatchObject({ body: reply.body, http_status: 400 });
  });

  it("answers Slack's own status when it is not 200, as the reference (a rate limit stays retryable)", async () => {
    reply = { status: 429, body: '{"ok":false,"error":"ratelimited"}' };
    const { envelope } = await callCommand(
      postMessage,
      { token: "xoxb-1", channel: "C1", message: "x" },
      { config: { base_url: baseUrl } },
    );
    expect(envelope.error?.error_code).toBe("SlackMessageFailed");
    expect(envelope.command_response).toMatchObject({ http_status: 429 });
  });

  it("answers Slack's response_metadata messages and an answer that is not JSON as the reference", async () => {
    reply = {
      status: 200,
      body: '{"ok":false,"error":"invalid_blocks","response_metadata":{"messages":["[ERROR] a","[ERROR] b"]}}',
    };
    const call = () =>
      callCommand(postMessage, { token: "xoxb-1", channel: "C1", message: "x" }, { config: { base_url: baseUrl } });
    expect((await call()).envelope.error?.message).toBe("[ERROR] a. [ERROR] b (posting to C1)");
    reply = { status: 502, body: "<html>bad gateway</html>" };
    const { envelope } = await call();
    expect(envelope.error).toEqual({
      error_code: "SlackMessageFailed",
      message: "Unreadable (non JSON) response from Slack (posting to C1)",
    });
    expect(envelope.command_response).toMatchObject({ body: "{}", http_status: 502 });
  });

  it("answers SlackTokenMissing without calling Slack when no token is known", async () => {
    const { envelope } = await callCommand(
      postMessage,
      { channel: "C1", message: "x" },
      { config: { base_url: baseUrl } },
    );
    expect(envelope.error?.error_code).toBe("SlackTokenMissing");
    expect(recorded).toEqual([]);
  });

  it("answers ConnectionError (requests' name, http_status 500, as the reference) when the API cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { envelope } = await callCommand(
      postMessage,
      { token: "xoxb-1", channel: "C1", message: "x" },
      { config: { base_url: `http://127.0.0.1:${port}/api` } },
    );
    expect(envelope.error?.error_code).toBe("ConnectionError");
    expect(envelope.error?.message).toContain("ECONNREFUSED");
    expect(envelope.command_response).toMatchObject({ http_status: 500, body: "{}" });
  });
});

describe("slack/PostMessage in the catalogue", () => {
  it("advertises exactly the reference parameters (CONTRACT.md) and accepts the documented extras", () => {
    expect(postMessage.parameters.map(({ id, type, required }) => ({ id, type, required }))).toEqual([
      { id: "token", type: "str", required: true },
      { id: "channel", type: "str", required: true },
      { id: "message", type: "str", required: true },
    ]);
    expect(Object.keys(postMessage.inputSchema.properties as object)).toEqual([
      "token",
      "channel",
      "message",
      "blocks",
      "thread_ts",
    ]);
  });
});
