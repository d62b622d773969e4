/**
 * `nats/Request`: send a request and answer the first reply (request/reply with a timeout).
 */
import { BROKER_ERRORS, CommandError, defineCommand, z } from "@connector-proxy/sdk";
import { brokerUnavailable, connectionFor, natsConnections } from "./connections.js";
import { messageParams, outgoing, readReply, replyFormat } from "./message.js";

export const request = defineCommand({
  name: "Request",
  description: "Sends a request to a NATS subject and answers the reply",
  params: z.object({
    ...messageParams,
    timeout_ms: z.number().int().positive().default(5000).describe("How long to wait for the reply"),
    reply_format: replyFormat,
  }),
  errors: {
    ...BROKER_ERRORS,
    NoResponders: "Nobody subscribes to the subject",
    RequestTimeout: "No reply arrived within timeout_ms",
  },
  run: async (params, ctx) => {
    const { url, connection } = await connectionFor(params.broker, ctx);
    const { data, headers } = await outgoing(params.payload, params.headers);
    try {
      const reply = await connection.request(params.subject, data, {
        timeout: params.timeout_ms,
        ...(headers ? { headers } : {}),
      });
      ctx.log(`"${params.subject}" replied with ${reply.data.byteLength} bytes`);
      return { body: readReply(reply, params.reply_format) };
    } catch (cause) {
      throw requestFailure(url, params.subject, params.timeout_ms, cause);
    }
  },
});

function requestFailure(url: string, subject: string, timeoutMs: number, cause: unknown): CommandError {
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (code === "503") {
    return new CommandError("NoResponders", `Nobody listens on "${subject}": start the service that answers it`, {
      httpStatus: 503,
      cause,
    });
  }
  if (code === "TIMEOUT") {
    return new CommandError("RequestTimeout", `No reply on "${subject}" within ${timeoutMs} ms (raise timeout_ms)`, {
      httpStatus: 504,
      cause,
    });
  }
  natsConnections.drop(url);
  return brokerUnavailable(url, cause);
}
