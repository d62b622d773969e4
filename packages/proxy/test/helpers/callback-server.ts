/**
 * Test helper: a stand-in for Arena's callback endpoint on 127.0.0.1:0. It records every
 * PUT and answers with the next scripted status (200 once the script is used up).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedCallback {
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  at: number;
}

export interface CallbackServer {
  url: string;
  received: ReceivedCallback[];
  /** Answers to give next, in order (then 200): a status, or a status with a Retry-After header. */
  script: (number | { status: number; retryAfter: string })[];
  /** Resolves once `count` callbacks arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

export async function startCallbackServer(): Promise<CallbackServer> {
  const received: ReceivedCallback[] = [];
  const script: CallbackServer["script"] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({
        path: request.url ?? "",
        method: request.method ?? "",
        headers: request.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        at: Date.now(),
      });
      const next = script.shift() ?? 200;
      const status = typeof next === "number" ? next : next.status;
      const retryAfter = typeof next === "number" ? {} : { "retry-after": next.retryAfter };
      response.writeHead(status, { "content-type": "application/json", ...retryAfter });
      response.end(JSON.stringify(status < 300 ? { ok: true, status: "completed" } : { error: `scripted ${status}` }));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    script,
    async waitFor(count, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > until)
          throw new Error(`only ${received.length} of ${count} callbacks arrived in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
