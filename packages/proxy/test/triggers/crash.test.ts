/**
 * Durability of inbound events across `kill -9`: 100 webhook events acknowledged (202) while
 * the engine is down, the proxy killed, restarted on the same SQLite file, the engine back:
 * 100 messages, none lost.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArenaServer, startArena } from "../helpers/arena-messages.js";
import { type ProxyChild, startProxyChild } from "../helpers/proxy-child.js";

const SECRET = "crash-hook-secret";
let arena: ArenaServer;
let dir: string;
const children: ProxyChild[] = [];
const { CONNECTOR_PROXY_REDIS_URL: _redis, CONNECTOR_PROXY_API_KEY: _key, ...baseEnv } = process.env;

beforeAll(async () => {
  arena = await startArena();
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-crash-"));
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(children.map((child) => child.exited));
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (dataDir: string) => ({
  discover: false,
  log_level: "info",
  jobs: { data_dir: dataDir },
  engine: { api_url: arena.apiUrl, auth: { type: "spiff_api_key", key: arena.key } },
  triggers: {
    orders: {
      webhook: { verify: { type: "hmac_sha256", header: "X-Signature-256", prefix: "sha256=", secret: SECRET } },
      message: "orders:order_created",
      payload: '{"order_id": id}',
      event_id: "id",
      retry_initial_seconds: 0.05,
      retry_max_seconds: 0.25,
    },
  },
});

async function start(name: string, dataDir: string) {
  const child = await startProxyChild(path.join(dir, `${name}.json`), config(dataDir), baseEnv);
  children.push(child);
  return child;
}

describe("crash durability of events with SQLite", () => {
  it("delivers all 100 acknowledged events after kill -9 and a restart", async () => {
    const dataDir = path.join(dir, "data");
    arena.down = true;
    const first = await start("first", dataDir);
    const ids = Array.from({ length: 100 }, (_, i) => `order-${i}`);
    const answers = await Promise.all(
      ids.map(async (id) => {
        const body = JSON.stringify({ id });
        const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
        const response = await fetch(`${first.url}/v1/hooks/orders`, {
          method: "POST",
          headers: { "content-type": "application/json", "X-Signature-256": signature },
          body,
        });
        return response.status;
      }),
    );
    expect(answers.every((status) => status === 202)).toBe(true);
    first.kill("SIGKILL");
    await first.exited;
    expect(arena.messages).toHaveLength(0);

    arena.down = false;
    await start("second", dataDir);
    const messages = await arena.waitForMessages(100, 60_000);
    expect(new Set(messages.map((m) => (m.body as { order_id: string }).order_id))).toEqual(new Set(ids));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(arena.messages).toHaveLength(100);
  });
});
