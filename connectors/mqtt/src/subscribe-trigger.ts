/**
 * The `mqtt` trigger: messages on an MQTT topic (wildcards allowed) become events. Each is
 * acknowledged (PUBACK, QoS 1) only after the proxy stored it. Replicas share the work through
 * a shared subscription (`$share/<group>/<topic>`): the broker hands each message to one of them.
 * With `persistent_session`, the broker keeps the subscription and queues messages while the
 * proxy is away (and resends what it had not acknowledged: set `event_id` to drop those repeats).
 */
import { hostname } from "node:os";
import { defineTrigger, eventBody, type Subscription, z } from "@connector-proxy/sdk";
import type { IClientOptions, MqttClient } from "mqtt";
import { brokerUnavailable, loadMqtt } from "./connections.js";

export const mqttTriggerSettings = z.object({
  url: z.url().describe("The broker's URL: mqtt://user:pass@host:1883 (mqtts://, ws://, wss:// too)"),
  topic: z.string().min(1).describe("Topic filter to subscribe to; + and # wildcards allowed"),
  qos: z
    .union([z.literal(1), z.literal(2)])
    .default(1)
    .describe("1 or 2: the broker redelivers what the proxy has not acknowledged"),
  shared: z.boolean().default(true).describe("Subscribe as a shared subscription so replicas compete for messages"),
  group: z
    .string()
    .regex(/^[^/+#]+$/)
    .optional()
    .describe("Shared subscription group (default: connector-proxy-<trigger id>)"),
  protocol_version: z
    .union([z.literal(4), z.literal(5)])
    .default(5)
    .describe("MQTT 5 (default) or 3.1.1 (4)"),
  persistent_session: z
    .boolean()
    .default(false)
    .describe(
      "Keep the session while the proxy is away: the broker queues QoS 1/2 messages for it (needs a stable client_id)",
    ),
  client_id: z
    .string()
    .min(1)
    .optional()
    .describe("Client id of a persistent session, one per replica (default: connector-proxy-<trigger id>-<host name>)"),
  session_expiry_seconds: z
    .number()
    .int()
    .positive()
    .default(86_400)
    .describe("MQTT 5: how long the broker keeps a persistent session of a proxy that is away"),
  connect_timeout_ms: z.number().int().positive().default(5000),
});

export const subscribeTrigger = defineTrigger({
  name: "mqtt",
  kind: "subscription",
  description: "Messages on an MQTT topic, each acknowledged once stored (shared subscription across replicas)",
  settings: mqttTriggerSettings,
  async subscribe(settings, ctx): Promise<Subscription> {
    const { connect } = await loadMqtt();
    const persistent = settings.persistent_session;
    const options: IClientOptions = {
      reconnectPeriod: 0, // the proxy subscribes again when `ended` settles
      connectTimeout: settings.connect_timeout_ms,
      protocolVersion: settings.protocol_version,
      clientId: persistent
        ? (settings.client_id ?? `connector-proxy-${ctx.triggerId}-${hostname()}`)
        : `connector-proxy-${ctx.triggerId}-${crypto.randomUUID().slice(0, 8)}`,
      clean: !persistent,
      ...(persistent && settings.protocol_version === 5
        ? { properties: { sessionExpiryInterval: settings.session_expiry_seconds } }
        : {}),
    };
    const client = connect(settings.url, options);
    // The broker's PUBACK is sent when `done` is called: after the event is stored
    client.handleMessage = (packet, done) => {
      const meta = { topic: packet.topic, retain: packet.retain };
      ctx.emit({ body: eventBody(String(packet.payload)), meta }).then(
        () => done(),
        (error: Error) => {
          ctx.log(`event on ${packet.topic} not stored (${error.message}): not acknowledged`);
          client.end(true); // the broker redelivers it to a subscriber
        },
      );
    };
    await connected(client, settings.url, settings.connect_timeout_ms);
    const group = settings.group ?? `connector-proxy-${ctx.triggerId}`;
    const filter = settings.shared ? `$share/${group}/${settings.topic}` : settings.topic;
    try {
      const granted = await client.subscribeAsync(filter, { qos: settings.qos });
      const refused = granted.find((grant) => grant.qos >= 128);
      if (refused) throw new Error(`the broker refused the subscription to "${filter}" (reason ${refused.qos})`);
    } catch (error) {
      client.end(true);
      throw error;
    }
    return {
      ended: new Promise<void>((resolve) => client.once("close", () => resolve())),
      close: async () => {
        await client.endAsync();
      },
    };
  },
});

function connected(client: MqttClient, url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (cause: unknown) => {
      clearTimeout(timer);
      client.on("error", () => {});
      client.end(true);
      reject(brokerUnavailable(url, cause));
    };
    const closed = () => fail(new Error("the connection closed before the broker accepted it"));
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    client.once("error", fail);
    client.once("close", closed);
    client.once("connect", () => {
      clearTimeout(timer);
      client.off("close", closed);
      client.off("error", fail);
      client.on("error", () => {}); // followed by "close", which ends the subscription
      resolve();
    });
  });
}
