/**
 * A local GitHub REST API for the tests (node:http): the few endpoints the connector calls,
 * recording every request exactly as received.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  json: unknown;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export type Route = (request: RecordedRequest) => Reply | undefined;

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the routes; the first route answering wins, else 404 as GitHub answers. */
  route(...routes: Route[]): void;
  close(): Promise<void>;
}

export async function startFakeGithub(): Promise<FakeGithub> {
  const requests: RecordedRequest[] = [];
  let routes: Route[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const recorded: RecordedRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      json: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const reply = routes.map((route) => route(recorded)).find(Boolean) ?? {
      status: 404,
      json: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
    };
    response.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...reply.headers });
    response.end(reply.json === undefined ? "" : JSON.stringify(reply.json));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    route(...next) {
      routes = next;
      requests.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
