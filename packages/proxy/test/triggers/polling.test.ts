/**
 * The `http` polling trigger against a local endpoint that lists items: each new item becomes
 * one message, none repeated across a restart (the cursor survives it); with Redis, one replica
 * polls while the other stands by.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../../test-support/services.js";
import { type ArenaServer, eventually, startArena } from "../helpers/arena-messages.js";
import { repoRoot, type TestProxy, testProxy } from "../helpers/test-proxy.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

const REDIS_URL = "redis://127.0.0.1:6379";
let arena: ArenaServer;
let dir: string;
let feedUrl: string;
let closeFeed: () => void;
const items: { id: number; title: string }[] = [];
/** The `since` parameter of every poll, in order ("" when absent). */
const polls: string[] = [];
const { CONNECTOR_PROXY_REDIS_URL: _redis, CONNECTOR_PROXY_API_KEY: _key, ...baseEnv } = process.env;

beforeAll(async () => {
  arena = await startArena();
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-poll-"));
  const server = createServer((request, response) => {
    const since = new URL(request.url ?? "/", "http://feed").searchParams.get("since") ?? "";
    polls.push(since);
    const fresh = items.filter((item) => item.id > Number(since || 0));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ data: { items: fresh } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
  closeFeed = () => {
    server.closeAllConnections();
    server.close();
  };
});
afterAll(async () => {
  closeFeed();
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(dataDir: string, message: string, prefix = "unused") {
  return {
    node_modules: path.join(repoRoot, "node_modules"),
    include: ["http/*"],
    jobs: { data_dir: dataDir, redis_prefix: prefix },
    engine: { api_url: arena.apiUrl, auth: { type: "spiff_api_key", key: arena.key } },
    triggers: {
      [message]: {
        http: {
          url: feedUrl,
          interval_seconds: 0.1,
          items: "data.items",
          cursor_field: "id",
          cursor_param: "since",
        },
        message,
        payload: '{"order": id, "title": title}',
      },
    },
  };
}

const messagesOf = (name: string) => arena.messages.filter((message) => message.name === name);
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe("http polling", () => {
  it("delivers each new item once, none repeated across a restart", async () => {
    const message = `feed_${randomUUID().slice(0, 8)}`;
    const dataDir = path.join(dir, "restart");
    items.push({ id: 1, title: "one" }, { id: 2, title: "two" });
    let proxy: TestProxy = await testProxy(config(dataDir, message), baseEnv);
    try {
      await eventually(
        async () => messagesOf(message),
        (list) => list.length === 2,
      );
      await settle();
    } finally {
      await proxy.close();
    }
    expect(messagesOf(message).map((m) => m.body)).toEqual([
      { order: 1, title: "one" },
      { order: 2, title: "two" },
    ]);
    const before = polls.length;
    items.push({ id: 3, title: "three" });
    proxy = await testProxy(config(dataDir, message), baseEnv);
    try {
      await eventually(
        async () => messagesOf(message),
        (list) => list.length === 3,
      );
      await settle();
    } finally {
      await proxy.close();
    }
    expect(polls[before]).toBe("2"); // the cursor survived the restart
    expect(messagesOf(message).map((m) => (m.body as { order: number }).order)).toEqual([1, 2, 3]);
  });

  it("with Redis, one replica polls while the other stands by", async () => {
    const message = `feed_${randomUUID().slice(0, 8)}`;
    const prefix = `cp-test-poll-${randomUUID().slice(0, 8)}`;
    const env = { ...baseEnv, CONNECTOR_PROXY_REDIS_URL: REDIS_URL };
    const proxies = [
      await testProxy(config(path.join(dir, "a"), message, prefix), env),
      await testProxy(config(path.join(dir, "b"), message, prefix), env),
    ];
    try {
      const states = await eventually(
        () =>
          Promise.all(
            proxies.map(async (proxy) => {
              const answer = (await (await proxy.app.request("/v1/triggers")).json()) as {
                triggers: { state?: string }[];
              };
              return answer.triggers[0]?.state;
            }),
          ),
        (list) => list.includes("polling"),
      );
      expect([...states].sort()).toEqual(["polling", "standby"]);
      await eventually(
        async () => messagesOf(message),
        (list) => list.length === items.length,
      );
      // the polling replica stops: it gives the lease up, so the other one takes over at once (not after 30 s)
      const [stopping, remaining] = states[0] === "polling" ? proxies : [...proxies].reverse();
      await stopping?.close();
      items.push({ id: items.length + 1, title: "after the hand-over" });
      await eventually(
        async () => messagesOf(message),
        (list) => list.length === items.length,
        10_000,
      );
      expect(remaining?.triggers.sourceState(message)?.state).toBe("polling");
      await settle();
      expect(messagesOf(message)).toHaveLength(items.length);
    } finally {
      await Promise.all(proxies.map((proxy) => proxy.close().catch(() => {})));
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
