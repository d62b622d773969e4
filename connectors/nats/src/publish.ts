/**
 * `nats/Publish`: publish one message and answer after a flush, i.e. once the server has
 * processed everything this connection sent.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { brokerUnavailable, dropConnection, natsConnection } from "./connections.js";
import { messageParams, outgoing } from "./message.js";
import { BROKER_ERRORS, brokerUrl, readNatsSettings } from "./settings.js";

export const publish = defineCommand({
  name: "Publish",
  description: "Publishes a message to a NATS subject and answers once the server has processed it",
  params: z.object(messageParams),
  errors: BROKER_ERRORS,
  run: async (params, ctx) => {
    const settings = readNatsSettings(ctx.config);
    const url = brokerUrl(settings, params.broker);
    const connection = await natsConnection(
      url,
      Math.max(1, Math.min(settings.connect_timeout_ms, ctx.deadline - Date.now())),
    );
    const { data, headers } = outgoing(params.payload, params.headers);
    try {
      connection.publish(params.subject, data, headers ? { headers } : {});
      await connection.flush();
    } catch (cause) {
      dropConnection(url);
      throw brokerUnavailable(url, cause);
    }
    ctx.log(`published ${data.byteLength} bytes to "${params.subject}"`);
    return { body: { published: true, subject: params.subject } };
  },
});
