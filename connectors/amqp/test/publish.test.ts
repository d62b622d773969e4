import { randomUUID } from "node:crypto";
import { callCommand, closedPort, silentServer } from "@connector-proxy/sdk/testing";
import { type Channel, type ChannelModel, type ConsumeMessage, connect } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import connector from "../src/index.js";
import { publish } from "../src/publish.js";

beforeAll(() => requireServices("RabbitMQ")); // a server that is down: one line naming it

const URL = "amqp://guest:guest@127.0.0.1:5672";
const config = { brokers: { main: URL } };
const unique = (what: string) => `cp-test-${what}-${randomUUID()}`;

let subscriber: ChannelModel;
let channel: Channel;

beforeAll(async () => {
  subscriber = await connect(URL);
  channel = await subscriber.createChannel();
});

afterAll(async () => {
  await connector.close();
  await subscriber.close();
});

/** Consume a fresh queue (bound to `exchange` when given) and collect what arrives. */
async function listen(exchange?: string, pattern = "#"): Promise<{ queue: string; received: ConsumeMessage[] }> {
  const { queue } = await channel.assertQueue(unique("queue"), { exclusive: true, autoDelete: true });
  if (exchange) await channel.bindQueue(queue, exchange, pattern);
  const received: ConsumeMessage[] = [];
  await channel.consume(queue, (message) => message && received.push(message), { noAck: true });
  return { queue, received };
}

/**
 * Publish an end marker through the connector after the messages under test and wait for it:
 * one channel delivers in order, so whatever the connector sent before is in `received` then.
 * The marker is taken out again.
 */
async function settle(received: ConsumeMessage[], destination: { exchange?: string; routing_key: string }) {
  const marker = unique("end");
  const { envelope } = await callCommand(publish, { ...destination, message: marker }, { config });
  expect(envelope.error).toBeNull();
  const at = () => received.findIndex((message) => message.content.toString() === marker);
  while (at() < 0) await new Promise((r) => setTimeout(r, 20));
  received.splice(at(), 1);
}

describe("amqp/Publish", () => {
  it("delivers exactly the published text message through the default exchange", async () => {
    const { queue, received } = await listen();
    const { envelope } = await callCommand(
      publish,
      { broker: "main", routing_key: queue, message: "hello rabbit", headers: { source: "test", n: 1 } },
      { config },
    );
    expect(envelope.error).toBeNull();
    const body = envelope.command_response.body as { message_id: string };
    expect(body).toMatchObject({ published: true, exchange: "", routing_key: queue });
    await settle(received, { routing_key: queue });
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message?.content.toString()).toBe("hello rabbit");
    expect(message?.properties).toMatchObject({
      contentType: "text/plain",
      messageId: body.message_id,
      deliveryMode: 2,
    });
    expect(message?.properties.headers).toMatchObject({ source: "test", n: 1 });
  });

  it("sends JSON through a named exchange", async () => {
    const exchange = unique("exchange");
    await channel.assertExchange(exchange, "topic", { autoDelete: true });
    const { received } = await listen(exchange, "orders.*");
    for (const id of [1, 2]) {
      const { envelope } = await callCommand(
        publish,
        { exchange, routing_key: "orders.created", message: { id }, persistent: false },
        { config },
      );
      expect(envelope.error).toBeNull();
    }
    await settle(received, { exchange, routing_key: "orders.created" });
    expect(received.map((m) => JSON.parse(m.content.toString()))).toEqual([{ id: 1 }, { id: 2 }]);
    expect(received[0]?.properties.contentType).toBe("application/json");
    await channel.deleteExchange(exchange);
  });

  it("names a missing exchange and an unroutable mandatory message", async () => {
    const missing = await callCommand(
      publish,
      { exchange: unique("nope"), routing_key: "x", message: "m" },
      { config },
    );
    expect(missing.envelope.error?.error_code).toBe("ExchangeNotFound");

    const unroutable = await callCommand(
      publish,
      { routing_key: unique("no-queue"), message: "m", mandatory: true },
      { config },
    );
    expect(unroutable.envelope.error?.error_code).toBe("Unroutable");
  });

  it("refuses an unknown broker name", async () => {
    const { envelope } = await callCommand(publish, { broker: "other", routing_key: "q", message: "m" }, { config });
    expect(envelope.error?.error_code).toBe("BrokerNotConfigured");
  });

  it("answers BrokerUnavailable for a closed port and for a silent server, within the timeout", async () => {
    const port = await closedPort();
    const started = Date.now();
    const refused = await callCommand(
      publish,
      { routing_key: "q", message: "m" },
      { config: { url: `amqp://guest:guest@127.0.0.1:${port}` } },
    );
    expect(refused.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(refused.envelope.error?.message).not.toContain("guest:guest");
    expect(Date.now() - started).toBeLessThan(2000);

    const refusedLogin = await callCommand(
      publish,
      { routing_key: "q", message: "m" },
      { config: { url: "amqp://guest:not-the-password@127.0.0.1:5672" } },
    );
    expect(refusedLogin.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(refusedLogin.envelope.error?.message).toContain("ACCESS");
    expect(refusedLogin.envelope.error?.message).not.toContain("not-the-password");

    const silent = await silentServer();
    const begun = Date.now();
    const hung = await callCommand(
      publish,
      { routing_key: "q", message: "m" },
      { config: { url: `amqp://guest:guest@127.0.0.1:${silent.port}`, connect_timeout_ms: 500 } },
    );
    expect(hung.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(Date.now() - begun).toBeLessThan(2000);
    await silent.close();
  });
});
