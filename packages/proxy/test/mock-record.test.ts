import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ProxyChild, startProxyChild } from "./helpers/proxy-child.js";
import { repoRoot } from "./helpers/test-proxy.js";

const work = mkdtempSync(path.join(tmpdir(), "mock-record-"));
const fixtures = path.join(work, "recorded");
const config = { node_modules: path.join(repoRoot, "node_modules"), include: ["http/*"] };
const env = { ...process.env, CONNECTOR_PROXY_API_KEY: undefined, CONNECTOR_PROXY_LOG_LEVEL: "info" };
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function call(proxy: ProxyChild, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${proxy.url}/v1/do/http/GetRequestV2`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function stop(proxy: ProxyChild): Promise<void> {
  proxy.kill("SIGTERM");
  await proxy.exited;
}

describe("connector-proxy record, then serve --mock", { timeout: 120_000 }, () => {
  it("replays a real http call's answers byte for byte after the upstream is gone", async () => {
    const upstream: Server = createServer((request, response) => {
      if (request.url === "/items/1") {
        response.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
        response.end(JSON.stringify({ name: "Zoë", tags: ["a", "b"], price: 12.5 }));
      } else {
        response.writeHead(503, { "content-type": "text/plain" });
        response.end("down for maintenance");
      }
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const calls = [
      { url: `${base}/items/1`, headers: { Authorization: "Bearer sekret-token-123" }, spiff__task_id: "t1" },
      { url: `${base}/items/2`, spiff__task_id: "t2" },
    ];

    const recorder = await startProxyChild(path.join(work, "record.json"), config, env, ["record", "--to", fixtures]);
    const recorded = [];
    for (const body of calls) recorded.push(await call(recorder, body));
    await stop(recorder);
    await new Promise((resolve) => upstream.close(resolve));

    expect(recorded.map((answer) => answer.status)).toEqual([200, 200]);
    expect(JSON.parse(recorded[0]?.text ?? "").command_response.body).toEqual({
      name: "Zoë",
      tags: ["a", "b"],
      price: 12.5,
    });
    expect(JSON.parse(recorded[1]?.text ?? "").error.error_code).toBe("HttpError503");
    const files = readdirSync(fixtures).sort();
    expect(files).toEqual(["0001-http-GetRequestV2.json", "0002-http-GetRequestV2.json"]);
    const first = readFileSync(path.join(fixtures, files[0] ?? ""), "utf8");
    expect(first).not.toContain("sekret-token-123");
    expect(JSON.parse(first).match).toEqual({ url: `${base}/items/1`, headers: { Authorization: "***REDACTED***" } });

    const mock = await startProxyChild(path.join(work, "mock.json"), config, env, ["serve", "--mock", fixtures]);
    const replayed = [];
    for (const body of [...calls].reverse()) replayed.push(await call(mock, body));
    await stop(mock);
    expect(replayed.reverse()).toEqual(recorded);
  });

  it("numbers new recordings after the fixtures the folder already holds", async () => {
    const recorder = await startProxyChild(path.join(work, "record.json"), config, env, ["record", "--to", fixtures]);
    const answer = await call(recorder, { url: "http://127.0.0.1:1/nothing-listens" });
    await stop(recorder);
    const third = JSON.parse(readFileSync(path.join(fixtures, "0003-http-GetRequestV2.json"), "utf8"));
    expect(third.envelope).toEqual(JSON.parse(answer.text));
    expect(third.envelope.error.error_code).toMatch(/^Connection/);
  });
});
