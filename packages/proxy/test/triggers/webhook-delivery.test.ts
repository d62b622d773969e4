/**
 * Webhooks to engine messages, in process against a stand-in for Arena's messages endpoint:
 * verification (401 and nothing stored), mapping, deduplication, Arena's answers (200, 400
 * message_not_accepted, 401, 5xx) and the operations API.
 */
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ArenaServer, eventually, startArena } from "../helpers/arena-messages.js";
import { type TestProxy, testProxy } from "../helpers/test-proxy.js";

const SECRET = "hook-secret-1234";
const API_KEY = "proxy-key";
let arena: ArenaServer;
let dir: string;
let proxy: TestProxy | null = null;

beforeAll(async () => {
  arena = await startArena();
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-"));
});
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});
afterAll(async () => {
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
});

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

async function start(triggers: Record<string, unknown>) {
  proxy = await testProxy(
    {
      discover: false,
      jobs: { data_dir: path.join(dir, randomUUID()) },
      engine: { api_url: arena.apiUrl, auth: { type: "spiff_api_key", key: "${ARENA_API_KEY}" } },
      triggers,
    },
    { ARENA_API_KEY: arena.key, CONNECTOR_PROXY_API_KEY: API_KEY },
  );
  return proxy;
}

const orders = (message = "orders:order_created", extra: Record<string, unknown> = {}) => ({
  orders: {
    webhook: { verify: { type: "hmac_sha256", header: "X-Signature-256", prefix: "sha256=", secret: SECRET } },
    message,
    payload: '{"order_id": id, "total": amount}',
    event_id: "id",
    retry_initial_seconds: 0.05,
    retry_max_seconds: 0.2,
    ...extra,
  },
});

function hook(p: TestProxy, body: string, headers: Record<string, string>, trigger = "orders") {
  return p.app.request(`/v1/hooks/${trigger}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const ops = (p: TestProxy, route: string, method = "GET") =>
  p.app.request(route, { method, headers: { "Spiff-Connector-Proxy-Api-Key": API_KEY } });

async function events(p: TestProxy, query = "") {
  return ((await (await ops(p, `/v1/events${query}`)).json()) as { events: Record<string, unknown>[] }).events;
}

describe("webhook → engine message", () => {
  it("delivers a signed event once, mapped, with the API key, TTL 60 and a UUID", async () => {
    const p = await start(orders());
    const before = arena.messages.length;
    const body = JSON.stringify({ id: `o-${randomUUID()}`, amount: 42, secret_note: "x" });
    const answer = await hook(p, body, { "X-Signature-256": sign(body) });
    expect(answer.status).toBe(202);
    const accepted = (await answer.json()) as { id: string; duplicate: boolean };
    expect(accepted.duplicate).toBe(false);
    const [message] = (await arena.waitForMessages(before + 1)).slice(before);
    expect(message?.name).toBe("orders:order_created");
    expect(message?.body).toEqual({ order_id: JSON.parse(body).id, total: 42 });
    expect(message?.apiKey).toBe(arena.key);
    expect(message?.ttl).toBe("60");
    expect(message?.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(message?.uuid).toBe(accepted.id);
    const stored = await eventually(
      async () => (await (await ops(p, `/v1/events/${accepted.id}`)).json()) as Record<string, unknown>,
      (event) => event.status === "delivered",
    );
    expect(stored).toMatchObject({ trigger: "orders", attempts: 1, last_status: 200 });
    expect(p.logs()).not.toContain(SECRET);
    expect(p.logs()).not.toContain(arena.key);
    const scraped = await (await ops(p, "/metrics")).text();
    expect(scraped).toMatch(/connector_proxy_events_total\{trigger="orders",result="received"\} [1-9]/);
    expect(scraped).toMatch(/connector_proxy_events_total\{trigger="orders",result="delivered"\} [1-9]/);
    expect(scraped).toMatch(/connector_proxy_event_delivery_seconds_count\{trigger="orders"\} [1-9]/);
  });

  it("refuses a wrong or missing signature with 401 and stores nothing", async () => {
    const p = await start(orders());
    const before = arena.requests.length;
    const body = JSON.stringify({ id: "forged", amount: 1 });
    const wrong = await hook(p, body, { "X-Signature-256": sign(body, "not-the-secret") });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { error_code: string } }).error.error_code).toBe("WebhookUnauthorized");
    expect((await hook(p, body, {})).status).toBe(401);
    const tampered = await hook(p, body.replace("1", "2"), { "X-Signature-256": sign(body) });
    expect(tampered.status).toBe(401);
    expect(await events(p)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(arena.requests.length).toBe(before);
  });

  it("drops the same event id sent twice: one message", async () => {
    const p = await start(orders());
    const before = arena.requests.length;
    const body = JSON.stringify({ id: `dup-${randomUUID()}`, amount: 5 });
    const first = await hook(p, body, { "X-Signature-256": sign(body) });
    const second = await hook(p, body, { "X-Signature-256": sign(body) });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(((await second.json()) as { duplicate: boolean }).duplicate).toBe(true);
    await eventually(
      () => events(p),
      (list) => list.length === 1 && list[0]?.status === "delivered",
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(arena.requests.length - before).toBe(1);
  });

  it("answers 400 InvalidEvent, storing nothing, when event_id finds no id in the body", async () => {
    const p = await start(orders());
    const body = JSON.stringify({ amount: 5 });
    const answer = await hook(p, body, { "X-Signature-256": sign(body) });
    expect(answer.status).toBe(400);
    const error = ((await answer.json()) as { error: { error_code: string; message: string } }).error;
    expect(error.error_code).toBe("InvalidEvent");
    expect(error.message).toContain("triggers.orders.event_id");
    expect(await events(p)).toEqual([]);
  });

  it("answers 404 for an unknown trigger and 413 over the body limit", async () => {
    const p = await start({
      small: { webhook: { verify: { type: "token", token: "t0k3n-value" }, body_limit_bytes: 16 }, message: "m" },
    });
    expect((await hook(p, "{}", {}, "nope")).status).toBe(404);
    expect(
      (await hook(p, JSON.stringify({ long: "x".repeat(100) }), { "X-Webhook-Token": "t0k3n-value" }, "small")).status,
    ).toBe(413);
    expect((await hook(p, "{}", { "X-Webhook-Token": "wrong" }, "small")).status).toBe(401);
    expect((await hook(p, "{}", { "X-Webhook-Token": "t0k3n-value" }, "small")).status).toBe(202);
  });
});

describe("Arena's answers", () => {
  it("message_not_accepted: dead after one attempt, then a retry under a new uuid is delivered once", async () => {
    const name = `nobody_waits_${randomUUID().slice(0, 8)}`;
    arena.refuse.add(name);
    const p = await start(orders(name));
    const body = JSON.stringify({ id: "refused-1", amount: 7 });
    const { id } = (await (await hook(p, body, { "X-Signature-256": sign(body) })).json()) as { id: string };
    const dead = await eventually(
      () => events(p, "?status=dead&trigger=orders"),
      (list) => list.length === 1,
    );
    expect(dead[0]).toMatchObject({ id, attempts: 1, last_status: 400 });
    expect(String(dead[0]?.last_error)).toContain("message_not_accepted");
    expect(arena.requests.filter((request) => request.name === name)).toHaveLength(1);

    arena.refuse.delete(name); // a process now waits for it
    const retried = await ops(p, `/v1/events/${id}/retry`, "POST");
    expect(retried.status).toBe(202);
    const [message] = await eventually(
      async () => arena.messages.filter((m) => m.name === name),
      (list) => list.length === 1,
    );
    expect(message?.uuid).not.toBe(id);
    await eventually(
      async () => (await (await ops(p, `/v1/events/${id}`)).json()) as Record<string, unknown>,
      (event) => event.status === "delivered" && event.retries === 1,
    );
    expect((await ops(p, `/v1/events/${id}/retry`, "POST")).status).toBe(400); // delivered: not retryable
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(arena.messages.filter((m) => m.name === name)).toHaveLength(1);
  });

  it("500 for a while: delivered once after the engine recovers", async () => {
    const p = await start(orders());
    const before = arena.messages.length;
    arena.script.push(500, 503, 429, 500);
    const body = JSON.stringify({ id: `flaky-${randomUUID()}`, amount: 3 });
    const { id } = (await (await hook(p, body, { "X-Signature-256": sign(body) })).json()) as { id: string };
    await arena.waitForMessages(before + 1);
    const event = await eventually(
      async () => (await (await ops(p, `/v1/events/${id}`)).json()) as Record<string, unknown>,
      (e) => e.status === "delivered",
    );
    expect(event.attempts).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(arena.messages.length - before).toBe(1);
  });

  it("401: dead at once, delivered by a retry once the key is fixed", async () => {
    const p = await start(orders());
    const rightKey = arena.key;
    arena.key = "rotated-key";
    try {
      const body = JSON.stringify({ id: `auth-${randomUUID()}`, amount: 9 });
      const { id } = (await (await hook(p, body, { "X-Signature-256": sign(body) })).json()) as { id: string };
      const event = await eventually(
        async () => (await (await ops(p, `/v1/events/${id}`)).json()) as Record<string, unknown>,
        (e) => e.status === "dead",
      );
      expect(event).toMatchObject({ attempts: 1, last_status: 401 });
      expect(String(event.last_error)).not.toContain(rightKey);
      arena.key = rightKey;
      const before = arena.messages.length;
      expect((await ops(p, `/v1/events/${id}/retry`, "POST")).status).toBe(202);
      await arena.waitForMessages(before + 1);
      await eventually(
        async () => (await (await ops(p, `/v1/events/${id}`)).json()) as Record<string, unknown>,
        (e) => e.status === "delivered",
      );
    } finally {
      arena.key = rightKey;
    }
  });
});

describe("generic http delivery", () => {
  it("sends the mapped payload to any endpoint with the configured headers and an Idempotency-Key", async () => {
    const received: { method?: string; headers: Record<string, unknown>; body: unknown }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({
          method: request.method,
          headers: request.headers,
          body: JSON.parse(String(Buffer.concat(chunks))),
        });
        response.writeHead(received.length === 1 ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { message: _message, ...rest } = orders().orders;
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine/events`;
      const p = await start({
        orders: {
          ...rest,
          delivery: { type: "http", url, method: "PUT", headers: { authorization: "Bearer other-engine" } },
        },
      });
      const body = JSON.stringify({ id: `h-${randomUUID()}`, amount: 11 });
      const { id } = (await (await hook(p, body, { "X-Signature-256": sign(body) })).json()) as { id: string };
      await eventually(
        async () => (await (await ops(p, `/v1/events/${id}`)).json()) as Record<string, unknown>,
        (event) => event.status === "delivered",
      );
      expect(received).toHaveLength(2); // 503 first: retried
      expect(received[1]).toMatchObject({
        method: "PUT",
        headers: { authorization: "Bearer other-engine", "idempotency-key": id },
        body: { order_id: JSON.parse(body).id, total: 11 },
      });
      expect(received[0]?.headers["idempotency-key"]).toBe(id);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("operations API", () => {
  it("lists triggers and events behind the API key, never showing settings", async () => {
    const p = await start(orders());
    expect((await p.app.request("/v1/triggers")).status).toBe(401);
    expect((await p.app.request("/v1/events")).status).toBe(401);
    const catalogue = (await (await ops(p, "/v1/triggers")).json()) as {
      triggers: Record<string, unknown>[];
      kinds: { name: string }[];
    };
    expect(catalogue.triggers).toEqual([
      expect.objectContaining({
        id: "orders",
        source: "webhook",
        message: "orders:order_created",
        webhook: "/v1/hooks/orders",
      }),
    ]);
    expect(catalogue.kinds.map((kind) => kind.name)).toContain("webhook");
    expect(JSON.stringify(catalogue)).not.toContain(SECRET);
    expect((await ops(p, "/v1/events?status=lost")).status).toBe(400);
    expect((await ops(p, `/v1/events/${randomUUID()}`)).status).toBe(404);
  });
});
