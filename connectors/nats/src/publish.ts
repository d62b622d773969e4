/**
 * `nats/Publish`: publish one message and answer after a flush, i.e. once the server has
 * processed everything this connection sent.
 */
import { BROKER_ERRORS, defineCommand, z } from "@connector-proxy/sdk";
import { brokerUnavailable, connectionFor, natsConnections } from "./connections.js";
import { messageParams, outgoing } from "./message.js";

export const publish = defineCommand({
  name: "Publish",
  description: "Publishes a message to a NATS subject and answers once the server has processed it",
  annotations: { readOnly: false, destructive: false },
  params: z.object(messageParams),
  errors: BROKER_ERRORS,
  run: async (params, ctx) => {
    const { url, connection } = await connectionFor(params.broker, ctx);
    const { data, headers } = await outgoing(params.payload, params.headers);
    try {
      connection.publish(params.subject, data, headers ? { headers } : {});
      await connection.flush();
    } catch (cause) {
      natsConnections.drop(url);
      throw brokerUnavailable(url, cause);
    }
    ctx.log(`published ${data.byteLength} bytes to "${params.subject}"`);
    return { body: { published: true, subject: params.subject } };
  },
});
