/**
 * Real HTTP servers for the tests, on loopback addresses only (port 0).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalServer {
  /** `http://host:port` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** Start a node:http server on `host` (a loopback address) answering with `handler`. */
export async function startServer(handler: Handler, host = "127.0.0.1"): Promise<LocalServer> {
  if (!host.startsWith("127.")) throw new Error(`tests only listen on loopback, not ${host}`);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handler(request, response, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answer JSON with `status`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(value));
}

/** An echo of what the server received: method, path, query, headers and body. */
export const echo: Handler = (request, response, body) => {
  const url = new URL(request.url ?? "/", "http://local");
  sendJson(response, 200, {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries([...new Set(url.searchParams.keys())].map((key) => [key, url.searchParams.getAll(key)])),
    headers: request.headers,
    body,
  });
};
