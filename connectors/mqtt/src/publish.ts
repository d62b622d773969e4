/**
 * `mqtt/Publish`: publish one message and answer once the broker acknowledged it
 * (PUBACK for QoS 1, PUBCOMP for QoS 2; for QoS 0, once it is written to the socket).
 */
import { BROKER_ERRORS, brokerUrl, CommandError, defineCommand, z } from "@connector-proxy/sdk";
import type { MqttClient } from "mqtt";
import { mqttClients } from "./connections.js";
import { readMqttSettings } from "./settings.js";

export const publish = defineCommand({
  name: "Publish",
  description: "Publishes a message to an MQTT topic and answers when the broker acknowledged it",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    broker: z.string().optional().describe("Broker name from the connector's settings (default: the only one)"),
    topic: z
      .string()
      .min(1)
      .refine((topic) => !/[+#]/.test(topic), "a publish topic cannot contain the wildcards + or #")
      .describe("Topic to publish to (no wildcards)"),
    payload: z.unknown().describe("Text is sent as it is; anything else as JSON"),
    qos: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .default(1)
      .describe("Quality of service: 0, 1 or 2"),
    retain: z.boolean().default(false).describe("The broker keeps the message for future subscribers"),
  }),
  errors: {
    ...BROKER_ERRORS,
    PublishRejected: "The broker refused the message (for example not authorised for the topic)",
  },
  run: async (params, ctx) => {
    const settings = readMqttSettings(ctx.config);
    const url = brokerUrl(settings, params.broker, "MQTT broker");
    const client = await mqttClients.get(url, {
      timeoutMs: Math.max(1, Math.min(settings.connect_timeout_ms, ctx.deadline - Date.now())),
      protocolVersion: settings.protocol_version,
    });
    const payload = typeof params.payload === "string" ? params.payload : JSON.stringify(params.payload ?? null);
    await acknowledged(client, params.topic, payload, params.qos, params.retain);
    ctx.log(`published ${Buffer.byteLength(payload)} bytes to "${params.topic}" with QoS ${params.qos}`);
    return { body: { published: true, topic: params.topic, qos: params.qos, retain: params.retain } };
  },
});

function acknowledged(client: MqttClient, topic: string, payload: string, qos: 0 | 1 | 2, retain: boolean) {
  return new Promise<void>((resolve, reject) => {
    const closed = () =>
      reject(
        new CommandError(
          "PublishRejected",
          `The connection closed before the broker acknowledged the message to "${topic}"`,
          { httpStatus: 503 },
        ),
      );
    client.once("close", closed);
    client.publish(topic, payload, { qos, retain }, (error) => {
      client.off("close", closed);
      if (!error) return resolve();
      reject(
        new CommandError("PublishRejected", `The broker refused the message to "${topic}": ${error.message}`, {
          httpStatus: 502,
          cause: error,
        }),
      );
    });
  });
}
