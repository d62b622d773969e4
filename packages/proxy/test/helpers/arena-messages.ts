/**
 * Test helper: a stand-in for Arena's messages endpoint (`POST /v1.0/messages/{name}`, see
 * spec/spiff-protocol/CONTRACT.md) on 127.0.0.1:0. It checks `SpiffWorkflow-Api-Key`, answers
 * 200 for a message some process takes, 400 `message_not_accepted` for a name no process takes
 * (and remembers that uuid: a retry under it is refused again, as Arena does), and treats a
 * `message_instance_uuid` it accepted before as the same message. Scripted statuses and a
 * "down" switch (connections cut) simulate an engine in trouble.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ArenaMessage {
  name: string;
  uuid: string | null;
  ttl: string | null;
  executionMode: string | null;
  apiKey: string | undefined;
  body: unknown;
}

export interface ArenaServer {
  /** The API base URL, as `engine.api_url` takes it (`.../v1.0`). */
  apiUrl: string;
  /** The key requests must carry; change it to simulate a rotated key. */
  key: string;
  /** Message names no process takes (answered 400 message_not_accepted). */
  refuse: Set<string>;
  /** Statuses to answer next, before any other check (e.g. 500 a few times). */
  script: number[];
  /** True: every connection is cut (the engine is down). */
  down: boolean;
  /** Distinct messages accepted (one per message_instance_uuid). */
  messages: ArenaMessage[];
  /** Every request that got an answer. */
  requests: ArenaMessage[];
  waitForMessages(count: number, timeoutMs?: number): Promise<ArenaMessage[]>;
  close(): Promise<void>;
}

export async function startArena(key = "arena-key"): Promise<ArenaServer> {
  const refusedUuids = new Set<string>();
  const acceptedUuids = new Set<string>();
  const arena = {
    key,
    refuse: new Set<string>(),
    script: [] as number[],
    down: false,
    messages: [] as ArenaMessage[],
    requests: [] as ArenaMessage[],
  };
  const server = createServer((request, response) => {
    if (arena.down) {
      request.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://arena");
      const match = /^\/v1\.0\/messages\/([^/]+)$/.exec(url.pathname);
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (request.method !== "POST" || !match) return answer(404, { error_code: "not_found" });
      const text = Buffer.concat(chunks).toString("utf8");
      const header = request.headers["spiffworkflow-api-key"];
      const message: ArenaMessage = {
        name: decodeURIComponent(match[1] ?? ""),
        uuid: url.searchParams.get("message_instance_uuid"),
        ttl: url.searchParams.get("time_to_live_in_seconds"),
        executionMode: url.searchParams.get("execution_mode"),
        apiKey: Array.isArray(header) ? header[0] : header,
        body: text ? JSON.parse(text) : null,
      };
      arena.requests.push(message);
      const scripted = arena.script.shift();
      if (scripted !== undefined) return answer(scripted, { error_code: "scripted", message: `scripted ${scripted}` });
      if (message.apiKey !== arena.key) {
        return answer(401, { error_code: "invalid_token", message: "The API key is not valid" });
      }
      if (message.uuid && refusedUuids.has(message.uuid)) return answer(400, notAccepted(message.name));
      if (message.uuid && acceptedUuids.has(message.uuid)) return answer(200, { status: "already received" });
      if (arena.refuse.has(message.name)) {
        if (message.uuid) refusedUuids.add(message.uuid);
        return answer(400, notAccepted(message.name));
      }
      if (message.uuid) acceptedUuids.add(message.uuid);
      arena.messages.push(message);
      return answer(200, { status: "completed" });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  return Object.assign(arena, {
    apiUrl,
    async waitForMessages(count: number, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (arena.messages.length < count) {
        if (Date.now() > until) {
          throw new Error(`only ${arena.messages.length} of ${count} messages arrived in ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return arena.messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const notAccepted = (name: string) => ({
  error_code: "message_not_accepted",
  message: `No process instance correlated with message name '${name}' and no process model starts with it`,
  status_code: 400,
});

/** Poll `read` until `accept` says yes (or fail after `timeoutMs`). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
