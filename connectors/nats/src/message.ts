/**
 * The parts shared by nats/Publish and nats/Request: the message parameters, how they become
 * a NATS message, and how a reply is read back.
 */
import { z } from "@connector-proxy/sdk";
import type { Msg, MsgHdrs } from "nats";
import { loadNats } from "./load-nats.js";

const SUBJECT = /^[^\s*>.]+(\.[^\s*>.]+)*$/;

/** Parameters every NATS command takes. */
export const messageParams = {
  broker: z.string().optional().describe("Server name from the connector's settings (default: the only one)"),
  subject: z
    .string()
    .regex(SUBJECT, "a subject is dot-separated tokens without spaces or the wildcards * and >")
    .describe("Subject, for example orders.created"),
  payload: z.unknown().describe("Text is sent as it is; anything else as JSON"),
  headers: z.record(z.string(), z.string()).default({}).describe("Message headers"),
};

/** The payload bytes and headers of an outgoing message. */
export async function outgoing(payload: unknown, headers: Readonly<Record<string, string>>) {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload ?? null);
  const entries = Object.entries(headers);
  let hdrs: MsgHdrs | undefined;
  if (entries.length > 0) {
    hdrs = (await loadNats()).headers();
    for (const [name, value] of entries) hdrs.append(name, value);
  }
  return { data: new TextEncoder().encode(text), headers: hdrs };
}

export const replyFormat = z
  .enum(["auto", "text", "base64"])
  .default("auto")
  .describe("How to answer the reply: auto (JSON when it parses, else text), text, or base64");

/** A reply as the command answers it. */
export function readReply(message: Msg, format: z.output<typeof replyFormat>) {
  const headers: Record<string, string> = {};
  for (const name of message.headers?.keys() ?? []) headers[name] = message.headers?.get(name) ?? "";
  return { subject: message.subject, reply: decode(message.data, format), headers };
}

function decode(data: Uint8Array, format: z.output<typeof replyFormat>): unknown {
  if (format === "base64") return Buffer.from(data).toString("base64");
  const text = new TextDecoder().decode(data);
  if (format === "text") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
