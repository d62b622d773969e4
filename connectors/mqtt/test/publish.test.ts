import { randomUUID } from "node:crypto";
import { callCommand, closedPort, silentServer } from "@connector-proxy/sdk/testing";
import { connectAsync, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import connector from "../src/index.js";
import { publish } from "../src/publish.js";

beforeAll(() => requireServices("Mosquitto")); // a server that is down: one line naming it

const URL = "mqtt://127.0.0.1:1883";
const config = { url: URL };
const prefix = `cp-test/${randomUUID()}`;

interface Received {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
}

let subscriber: MqttClient;
const received: Received[] = [];

beforeAll(async () => {
  subscriber = await connectAsync(URL, { protocolVersion: 5, reconnectPeriod: 0 });
  subscriber.on("message", (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain }),
  );
  await subscriber.subscribeAsync(`${prefix}/#`, { qos: 2 });
});

afterAll(async () => {
  await connector.close();
  await subscriber.endAsync();
});

/**
 * What arrived on `topic`: an end marker is published through the connector after the message
 * under test, at the same QoS, and waited for (one connection delivers a topic's messages of one
 * QoS in order), so whatever the connector sent before has arrived. The marker is left out.
 */
async function arrivals(topic: string, qos: 0 | 1 | 2): Promise<Received[]> {
  const marker = `end-${randomUUID()}`;
  const { envelope } = await callCommand(publish, { topic, payload: marker, qos }, { config });
  expect(envelope.error).toBeNull();
  while (!received.some((m) => m.topic === topic && m.payload === marker)) await new Promise((r) => setTimeout(r, 20));
  return received.filter((m) => m.topic === topic && m.payload !== marker);
}

describe("mqtt/Publish", () => {
  it("delivers exactly the published message at each QoS", async () => {
    for (const qos of [0, 1, 2] as const) {
      const topic = `${prefix}/qos${qos}`;
      const { envelope } = await callCommand(publish, { topic, payload: `hello at ${qos}`, qos }, { config });
      expect(envelope.error).toBeNull();
      expect(envelope.command_response.body).toEqual({ published: true, topic, qos, retain: false });
      const got = await arrivals(topic, qos);
      expect(got).toEqual([{ topic, payload: `hello at ${qos}`, qos, retain: false }]);
    }
  });

  it("sends JSON payloads and retained messages", async () => {
    const topic = `${prefix}/retained`;
    const { envelope } = await callCommand(publish, { topic, payload: { temp: 21.5 }, retain: true }, { config });
    expect(envelope.error).toBeNull();
    const late = await connectAsync(URL, { reconnectPeriod: 0 });
    try {
      const retained = new Promise<{ payload: string; retain: boolean }>((resolve) =>
        late.on("message", (_topic, payload, packet) =>
          resolve({ payload: payload.toString(), retain: packet.retain }),
        ),
      );
      await late.subscribeAsync(topic, { qos: 1 });
      expect(await retained).toEqual({ payload: '{"temp":21.5}', retain: true });
    } finally {
      await late.publishAsync(topic, "", { retain: true }); // clear the retained message
      await late.endAsync();
    }
  });

  it("refuses wildcard topics and unknown brokers", async () => {
    const wildcard = await callCommand(publish, { topic: `${prefix}/+`, payload: "x" }, { config });
    expect(wildcard.envelope.error?.error_code).toBe("InvalidParameters");
    const unknown = await callCommand(publish, { broker: "other", topic: `${prefix}/x`, payload: "x" }, { config });
    expect(unknown.envelope.error?.error_code).toBe("BrokerNotConfigured");
  });

  it("answers BrokerUnavailable for a closed port and for a silent server, within the timeout", async () => {
    const port = await closedPort();
    const started = Date.now();
    const refused = await callCommand(
      publish,
      { topic: `${prefix}/down`, payload: "x" },
      { config: { url: `mqtt://user:secret@127.0.0.1:${port}` } },
    );
    expect(refused.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(refused.envelope.error?.message).not.toContain("secret");
    expect(Date.now() - started).toBeLessThan(2000);

    const silent = await silentServer();
    const begun = Date.now();
    const hung = await callCommand(
      publish,
      { topic: `${prefix}/down`, payload: "x" },
      { config: { url: `mqtt://127.0.0.1:${silent.port}`, connect_timeout_ms: 500 } },
    );
    expect(hung.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(Date.now() - begun).toBeLessThan(2000);
    await silent.close();
  });
});
