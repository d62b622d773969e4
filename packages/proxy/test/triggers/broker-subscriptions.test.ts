/**
 * Broker subscriptions against the machine's real RabbitMQ, Mosquitto and NATS: a message
 * published on each broker becomes one engine message; with two proxy processes sharing Redis,
 * each message is still delivered once (competing consumers: one AMQP queue, an MQTT shared
 * subscription, a NATS queue group). Topic, queue, subject and Redis prefix are unique per run.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import amqplib from "amqplib";
import { Redis } from "ioredis";
import mqtt from "mqtt";
import { connect as connectNats } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../../test-support/services.js";
import { type ArenaServer, eventually, startArena } from "../helpers/arena-messages.js";
import { type ProxyChild, startProxyChild } from "../helpers/proxy-child.js";
import { repoRoot, type TestProxy, testProxy } from "../helpers/test-proxy.js";

beforeAll(() => requireServices("Redis", "RabbitMQ", "Mosquitto", "NATS")); // a server that is down: one line naming it

const AMQP_URL = "amqp://guest:guest@127.0.0.1:5672";
const MQTT_URL = "mqtt://127.0.0.1:1883";
const NATS_URL = "nats://127.0.0.1:4222";
const REDIS_URL = "redis://127.0.0.1:6379";
const run = randomUUID().slice(0, 8);
let arena: ArenaServer;
let dir: string;
const { CONNECTOR_PROXY_REDIS_URL: _redis, CONNECTOR_PROXY_API_KEY: _key, ...baseEnv } = process.env;

beforeAll(async () => {
  arena = await startArena();
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-brokers-"));
});
afterAll(async () => {
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
});

function triggers(tag: string) {
  const common = { retry_initial_seconds: 0.05, retry_max_seconds: 0.25, payload: '{"n": n, "via": $meta}' };
  return {
    [`mqtt_${tag}`]: { mqtt: { url: MQTT_URL, topic: `cp-${tag}/+/alarm` }, message: `mqtt_${tag}`, ...common },
    [`amqp_${tag}`]: { amqp: { url: AMQP_URL, queue: `cp-${tag}` }, message: `amqp_${tag}`, ...common },
    [`nats_${tag}`]: { nats: { url: NATS_URL, subject: `cp.${tag}.>` }, message: `nats_${tag}`, ...common },
  };
}

function config(tag: string, dataDir: string) {
  return {
    node_modules: path.join(repoRoot, "node_modules"),
    include: ["mqtt/*", "amqp/*", "nats/*"],
    log_level: "info",
    jobs: { data_dir: dataDir, redis_prefix: `cp-test-${tag}` },
    engine: { api_url: arena.apiUrl, auth: { type: "spiff_api_key", key: arena.key } },
    triggers: triggers(tag),
  };
}

/** Publish message `n` on all three brokers. */
async function publishAll(tag: string, count: number) {
  const rabbit = await amqplib.connect(AMQP_URL);
  const channel = await rabbit.createConfirmChannel();
  const mqttClient = await mqtt.connectAsync(MQTT_URL);
  const nats = await connectNats({ servers: NATS_URL });
  for (let n = 0; n < count; n++) {
    channel.sendToQueue(`cp-${tag}`, Buffer.from(JSON.stringify({ n })), { persistent: true });
    await mqttClient.publishAsync(`cp-${tag}/sensor${n}/alarm`, JSON.stringify({ n }), { qos: 1 });
    nats.publish(`cp.${tag}.sensor${n}`, JSON.stringify({ n }));
  }
  await channel.waitForConfirms();
  await nats.flush();
  await Promise.all([rabbit.close(), mqttClient.endAsync(), nats.close()]);
}

/** How many of a proxy's triggers are subscribed, read from GET /v1/triggers. */
async function subscribedCount(url: string): Promise<number> {
  const answer = (await (await fetch(`${url}/v1/triggers`)).json()) as { triggers: { state?: string }[] };
  return answer.triggers.filter((trigger) => trigger.state === "subscribed").length;
}

const messagesOf = (name: string) => arena.messages.filter((message) => message.name === name);

describe("broker subscriptions", () => {
  let proxy: TestProxy;

  it("delivers a message published on each broker once", async () => {
    const tag = `one-${run}`;
    proxy = await testProxy(config(tag, path.join(dir, tag)), baseEnv);
    try {
      await eventually(
        async () => proxy.logs().match(/trigger subscribed/g)?.length ?? 0,
        (count) => count === 3,
      );
      await publishAll(tag, 1);
      for (const broker of ["mqtt", "amqp", "nats"]) {
        const [message] = await eventually(
          async () => messagesOf(`${broker}_${tag}`),
          (list) => list.length === 1,
        );
        expect(message?.body).toMatchObject({ n: 0 });
      }
      expect(messagesOf(`mqtt_${tag}`)[0]?.body).toEqual({
        n: 0,
        via: { topic: `cp-${tag}/sensor0/alarm`, retain: false },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const broker of ["mqtt", "amqp", "nats"]) expect(messagesOf(`${broker}_${tag}`)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("consumes a JetStream stream durably: messages published before the proxy started are delivered", async () => {
    const tag = `js-${run}`;
    const stream = `CP_TEST_${run}`;
    const nats = await connectNats({ servers: NATS_URL });
    const manager = await nats.jetstreamManager();
    await manager.streams.add({ name: stream, subjects: [`cpjs.${run}.>`] });
    try {
      const js = nats.jetstream();
      for (const n of [0, 1, 2]) await js.publish(`cpjs.${run}.order`, JSON.stringify({ n }));
      proxy = await testProxy(
        {
          ...config(tag, path.join(dir, tag)),
          include: ["nats/*"],
          triggers: {
            [`js_${tag}`]: {
              nats: { url: NATS_URL, subject: `cpjs.${run}.>`, stream },
              message: `js_${tag}`,
              payload: '{"n": n, "via": $meta}',
            },
          },
        },
        baseEnv,
      );
      try {
        await eventually(
          async () => messagesOf(`js_${tag}`),
          (list) => list.length === 3,
        );
        await js.publish(`cpjs.${run}.order`, JSON.stringify({ n: 3 }));
        const messages = await eventually(
          async () => messagesOf(`js_${tag}`),
          (list) => list.length === 4,
        );
        expect(messages.map((m) => (m.body as { n: number }).n)).toEqual([0, 1, 2, 3]);
        expect(messages[0]?.body).toMatchObject({ via: { subject: `cpjs.${run}.order`, stream } });
        const info = await manager.consumers.info(stream, `connector-proxy-js_${tag}`);
        await eventually(
          async () => (await manager.consumers.info(stream, `connector-proxy-js_${tag}`)).num_ack_pending,
          (pending) => pending === 0,
        );
        expect(info.config.durable_name).toBe(`connector-proxy-js_${tag}`);
      } finally {
        await proxy.close();
      }
    } finally {
      await manager.streams.delete(stream);
      await nats.close();
    }
  });

  it("with an MQTT persistent session, delivers what was published while the proxy was away", async () => {
    const tag = `persist-${run}`;
    const clientId = `cp-test-${tag}`;
    const settings = {
      ...config(tag, path.join(dir, tag)),
      include: ["mqtt/*"],
      triggers: {
        [`mqtt_${tag}`]: {
          mqtt: { url: MQTT_URL, topic: `cp-${tag}/+/alarm`, persistent_session: true, client_id: clientId },
          message: `mqtt_${tag}`,
          event_id: "n",
        },
      },
    };
    const subscribed = (p: TestProxy) =>
      eventually(
        async () => p.triggers.sourceState(`mqtt_${tag}`)?.state,
        (state) => state === "subscribed",
      );
    try {
      proxy = await testProxy(settings, baseEnv);
      await subscribed(proxy);
      await proxy.close();
      const publisher = await mqtt.connectAsync(MQTT_URL);
      await publisher.publishAsync(`cp-${tag}/s1/alarm`, JSON.stringify({ n: 1 }), { qos: 1 });
      await publisher.endAsync();
      proxy = await testProxy(settings, baseEnv);
      const [message] = await eventually(
        async () => messagesOf(`mqtt_${tag}`),
        (list) => list.length === 1,
      );
      expect(message?.body).toEqual({ n: 1 });
      await proxy.close();
    } finally {
      const cleaner = await mqtt.connectAsync(MQTT_URL, { clientId, clean: true, protocolVersion: 5 });
      await cleaner.endAsync();
    }
  });

  it("with two proxy processes on Redis, delivers each message once", async () => {
    const tag = `two-${run}`;
    const env = { ...baseEnv, CONNECTOR_PROXY_REDIS_URL: REDIS_URL };
    const children: ProxyChild[] = [];
    try {
      for (const name of ["a", "b"]) {
        children.push(
          await startProxyChild(path.join(dir, `${tag}-${name}.json`), config(tag, path.join(dir, name)), env),
        );
      }
      await eventually(
        () => Promise.all(children.map((child) => subscribedCount(child.url))),
        (counts) => counts.every((count) => count === 3),
      );
      const count = 30;
      await publishAll(tag, count);
      for (const broker of ["mqtt", "amqp", "nats"]) {
        const messages = await eventually(
          async () => messagesOf(`${broker}_${tag}`),
          (list) => list.length >= count,
        );
        expect(new Set(messages.map((m) => (m.body as { n: number }).n)).size).toBe(count);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const broker of ["mqtt", "amqp", "nats"]) expect(messagesOf(`${broker}_${tag}`)).toHaveLength(count);
    } finally {
      for (const child of children) child.kill("SIGTERM");
      await Promise.all(children.map((child) => child.exited));
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`cp-test-${tag}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      const rabbit = await amqplib.connect(AMQP_URL);
      const channel = await rabbit.createChannel();
      await channel.deleteQueue(`cp-${tag}`);
      await rabbit.close();
    }
  });
});
