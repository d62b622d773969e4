/**
 * The configuration example of issue 18, as written (only the engine's port is the test
 * server's): a signed webhook and an MQTT topic, each becoming an engine message.
 */
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import mqtt from "mqtt";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { requireServices } from "../../../../test-support/services.js";
import { parseConfig } from "../../src/config/load-config.js";
import { createProxy } from "../../src/proxy.js";
import { type ArenaServer, eventually, startArena } from "../helpers/arena-messages.js";
import { repoRoot } from "../helpers/test-proxy.js";

beforeAll(() => requireServices("Mosquitto")); // a server that is down: one line naming it

const EXAMPLE = `
engine:
  api_url: http://127.0.0.1:7000/v1.0
  auth: { type: spiff_api_key, key: "\${ARENA_API_KEY}" }
triggers:
  orders:
    webhook: { verify: { type: hmac_sha256, header: X-Signature-256, prefix: "sha256=", secret: "\${HOOK_SECRET}" } }
    message: orders:order_created
    payload: '{"order_id": id, "total": amount}'   # JSONata over the event body
    event_id: id
  alarms:
    mqtt: { url: mqtt://127.0.0.1:1883, topic: sensors/+/alarm }
    message: sensor_alarm
`;

let arena: ArenaServer;
let dir: string;

beforeAll(async () => {
  arena = await startArena("example-key");
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-example-"));
});
afterAll(async () => {
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
});

it("runs the issue's example: a signed webhook and an MQTT alarm each become one message", async () => {
  const env = { ARENA_API_KEY: arena.key, HOOK_SECRET: "example-hook-secret" };
  const raw = parse(EXAMPLE.replace("http://127.0.0.1:7000/v1.0", arena.apiUrl)) as Record<string, unknown>;
  const { config, secrets } = parseConfig(
    { ...raw, node_modules: path.join(repoRoot, "node_modules"), include: ["mqtt/*"], jobs: { data_dir: dir } },
    env,
    "issue 18 example",
  );
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const proxy = await createProxy({
    config: { config, secrets, baseDir: dir, file: null },
    env,
    logDestination: quiet,
  });
  try {
    await eventually(
      async () => proxy.triggers.sourceState("alarms")?.state,
      (state) => state === "subscribed",
    );
    const body = JSON.stringify({ id: `ord-${randomUUID()}`, amount: 99.5 });
    const signature = `sha256=${createHmac("sha256", env.HOOK_SECRET).update(body).digest("hex")}`;
    const answer = await proxy.app.request("/v1/hooks/orders", {
      method: "POST",
      headers: { "content-type": "application/json", "X-Signature-256": signature },
      body,
    });
    expect(answer.status).toBe(202);
    const sensor = `s-${randomUUID().slice(0, 8)}`;
    const client = await mqtt.connectAsync("mqtt://127.0.0.1:1883");
    await client.publishAsync(`sensors/${sensor}/alarm`, JSON.stringify({ sensor, level: "high" }), { qos: 1 });
    await client.endAsync();
    const messages = await eventually(
      async () => arena.messages,
      (list) => list.length === 2,
    );
    const byName = Object.fromEntries(messages.map((message) => [message.name, message]));
    expect(byName["orders:order_created"]?.body).toEqual({ order_id: JSON.parse(body).id, total: 99.5 });
    expect(byName.sensor_alarm?.body).toEqual({ sensor, level: "high" });
    expect(messages.every((message) => message.apiKey === arena.key && message.ttl === "60")).toBe(true);
  } finally {
    await proxy.close();
  }
});
