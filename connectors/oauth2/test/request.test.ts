import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OAuthProvider } from "@connector-proxy/sdk";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../src/request.js";

let api: { url: string; close(): Promise<void> };
const tokenSet = { access_token: "at-1", refresh_token: "rt-1", token_type: "bearer", expires_at: 2_000_000_000 };
const oauth: OAuthProvider = async () => ({
  accessToken: "at-1",
  tokenType: "Bearer",
  tokenSet,
  refreshed: false,
  auth: "oauth2/OAuth",
});

beforeAll(async () => {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.headers.authorization !== "Bearer at-1") return res.writeHead(401).end();
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/text") return res.writeHead(200, { "content-type": "text/plain" }).end("plain answer");
    if (url.pathname === "/missing") {
      return res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "no such thing" }));
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(
      JSON.stringify({
        method: req.method,
        query: Object.fromEntries(url.searchParams),
        body: body ? JSON.parse(body) : null,
        type: req.headers["content-type"] ?? null,
        custom: req.headers["x-custom"] ?? null,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
afterAll(async () => api?.close());

const answer = (outcome: Awaited<ReturnType<typeof callCommand>>) => JSON.parse(outcome.legacyV1?.body ?? "null");

describe("oauth2/Request", () => {
  it("sends method, query, JSON body and headers with the bearer token, answering the token-refresh shape", async () => {
    const outcome = await callCommand(
      request,
      {
        url: `${api.url}/echo`,
        token_set: JSON.stringify(tokenSet),
        method: "POST",
        params: { page: 2 },
        headers: { "x-custom": "yes" },
        data: { name: "Ada" },
      },
      { oauth },
    );
    expect(answer(outcome)).toEqual({
      api_response: {
        method: "POST",
        query: { page: "2" },
        body: { name: "Ada" },
        type: "application/json",
        custom: "yes",
      },
      refreshed_token_set: tokenSet,
      auth: "oauth2/OAuth",
    });
  });

  it("answers a non-JSON body as raw_response", async () => {
    const outcome = await callCommand(request, { url: `${api.url}/text`, token_set: tokenSet }, { oauth });
    expect(answer(outcome).api_response).toEqual({ raw_response: "plain answer" });
  });

  it("answers HttpError<status> with the upstream body for 4xx/5xx", async () => {
    const outcome = await callCommand(request, { url: `${api.url}/missing`, token_set: tokenSet }, { oauth });
    expect(outcome.envelope.error?.error_code).toBe("HttpError404");
    expect(outcome.envelope.command_response).toMatchObject({ http_status: 404, body: { error: "no such thing" } });
  });
});
