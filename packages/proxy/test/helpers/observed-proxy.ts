/**
 * Test helper for the observability tests: a proxy with the `observed` fixture connector
 * and example, its log lines captured, and a plain node:http upstream on port 0.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fixtures, repoRoot, type TestProxy, testProxy } from "./test-proxy.js";

export const fixturesDir = fixtures;
export const repoDir = repoRoot;
export const observedConnector = path.join(fixturesDir, "connector-observed");

export interface ObservedProxy extends TestProxy {
  /** Every log line so far, parsed. */
  logLines(): Record<string, unknown>[];
}

/** A proxy serving example/* and observed/* (plus `raw` config; `discover: true` adds every bundled connector), logging into memory. */
export async function observedProxy(
  raw: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<ObservedProxy> {
  const proxy = await testProxy(
    {
      discover: false,
      connectors: {
        example: { package: "@connector-proxy/connector-example" },
        observed: { path: observedConnector },
      },
      ...raw,
    },
    env,
  );
  const logLines = () =>
    proxy
      .logs()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return Object.assign(proxy, { logLines });
}

export interface Upstream {
  url: string;
  /** The requests received so far. */
  received: IncomingMessage[];
  close(): Promise<void>;
}

/** A JSON upstream on 127.0.0.1:0 answering `{ ok: true }` with `status`. */
export function startUpstream(status = 200): Promise<Upstream> {
  const received: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    received.push(request);
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: status < 400 }));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
