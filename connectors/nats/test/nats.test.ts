import { randomUUID } from "node:crypto";
import { callCommand, closedPort, silentServer } from "@connector-proxy/sdk/testing";
import { connect, type Msg, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import connector from "../src/index.js";
import { publish } from "../src/publish.js";
import { request } from "../src/request.js";

beforeAll(() => requireServices("NATS")); // a server that is down: one line naming it

const URL = "nats://127.0.0.1:4222";
const config = { brokers: { main: URL } };
const prefix = `cp-test.${randomUUID()}`;

let peer: NatsConnection;

beforeAll(async () => {
  peer = await connect({ servers: URL });
});

afterAll(async () => {
  await connector.close();
  await peer.close();
});

describe("nats/Publish", () => {
  it("delivers exactly the published message with its headers", async () => {
    const subject = `${prefix}.published`;
    const received: Msg[] = [];
    const subscription = peer.subscribe(subject, { callback: (_error, message) => received.push(message) });
    await peer.flush();
    const { envelope } = await callCommand(
      publish,
      { subject, payload: { order: 7 }, headers: { "X-Source": "test" } },
      { config },
    );
    expect(envelope.error).toBeNull();
    expect(envelope.command_response.body).toEqual({ published: true, subject });
    // an end marker through the connector after it: one connection delivers in order, so once the
    // marker is here, whatever the connector sent before is too
    const marker = await callCommand(publish, { subject, payload: "end" }, { config });
    expect(marker.envelope.error).toBeNull();
    while (!received.some((message) => new TextDecoder().decode(message.data) === "end")) {
      await new Promise((r) => setTimeout(r, 20));
    }
    subscription.unsubscribe();
    received.pop();
    expect(received).toHaveLength(1);
    expect(new TextDecoder().decode(received[0]?.data)).toBe('{"order":7}');
    expect(received[0]?.headers?.get("X-Source")).toBe("test");
  });

  it("refuses wildcard subjects and unknown brokers", async () => {
    const wildcard = await callCommand(publish, { subject: `${prefix}.*`, payload: "x" }, { config });
    expect(wildcard.envelope.error?.error_code).toBe("InvalidParameters");
    const unknown = await callCommand(publish, { broker: "x", subject: `${prefix}.a`, payload: "x" }, { config });
    expect(unknown.envelope.error?.error_code).toBe("BrokerNotConfigured");
  });

  it("answers BrokerUnavailable for a closed port and for a silent server, within the timeout", async () => {
    const port = await closedPort();
    const started = Date.now();
    const refused = await callCommand(
      publish,
      { subject: `${prefix}.down`, payload: "x" },
      { config: { url: `nats://127.0.0.1:${port}` } },
    );
    expect(refused.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(Date.now() - started).toBeLessThan(2000);

    const silent = await silentServer();
    const begun = Date.now();
    const hung = await callCommand(
      publish,
      { subject: `${prefix}.down`, payload: "x" },
      { config: { url: `nats://127.0.0.1:${silent.port}`, connect_timeout_ms: 500 } },
    );
    expect(hung.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(Date.now() - begun).toBeLessThan(2000);
    await silent.close();
  });
});

describe("nats/Request", () => {
  it("answers the reply of a responder", async () => {
    const subject = `${prefix}.double`;
    const responder = peer.subscribe(subject, {
      callback: (_error, message) => {
        const { n } = JSON.parse(new TextDecoder().decode(message.data)) as { n: number };
        message.respond(new TextEncoder().encode(JSON.stringify({ doubled: n * 2 })));
      },
    });
    await peer.flush();
    const asJson = await callCommand(request, { subject, payload: { n: 21 } }, { config });
    expect(asJson.envelope.error).toBeNull();
    expect(asJson.envelope.command_response.body).toMatchObject({ reply: { doubled: 42 } });

    const asBase64 = await callCommand(request, { subject, payload: { n: 1 }, reply_format: "base64" }, { config });
    expect(asBase64.envelope.command_response.body).toMatchObject({
      reply: Buffer.from('{"doubled":2}').toString("base64"),
    });
    responder.unsubscribe();
  });

  it("names missing responders and a reply that does not come", async () => {
    const nobody = await callCommand(request, { subject: `${prefix}.nobody`, payload: "x" }, { config });
    expect(nobody.envelope.error?.error_code).toBe("NoResponders");

    const subject = `${prefix}.silent`;
    const silent = peer.subscribe(subject, { callback: () => {} });
    await peer.flush();
    const started = Date.now();
    const late = await callCommand(request, { subject, payload: "x", timeout_ms: 300 }, { config });
    expect(late.envelope.error?.error_code).toBe("RequestTimeout");
    expect(Date.now() - started).toBeLessThan(1500);
    silent.unsubscribe();
  });
});
