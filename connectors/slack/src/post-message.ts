/**
 * `slack/PostMessage`: chat.postMessage as the reference (connector-slack) calls it. The body is
 * Slack's JSON answer as a string; `ok: false` or an answer that is not JSON is
 * `SlackMessageFailed` with the reference's message and status (Slack's, 400 instead of 200);
 * Slack unreachable is the `requests` exception's name the reference answered, with status 500.
 */
import { CommandError, defineCommand, settingsOf, z } from "@connector-proxy/sdk";
import { slackSettingsSchema } from "./settings.js";

const blocksSchema = z
  .union([z.array(z.record(z.string(), z.unknown())), z.string()])
  .describe("Block Kit blocks: a list, or the same list as a JSON string");

export const postMessage = defineCommand({
  name: "PostMessage",
  description: "Posts a message to a Slack channel (chat.postMessage)",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    token: z.string().min(1).optional().describe("Bot token (xoxb-...); the connector's token setting when absent"),
    channel: z.string().min(1).describe("Channel id or name"),
    message: z.string().describe("Message text (also the notification fallback when blocks are given)"),
    blocks: blocksSchema.optional(),
    thread_ts: z.string().min(1).optional().describe("Reply in the thread of this message timestamp"),
  }),
  advertise: ["token", "channel", "message"],
  requiredInCatalogue: ["token"],
  errors: {
    SlackMessageFailed:
      "Slack answered ok:false (the message names Slack's error, e.g. channel_not_found) or an HTTP error",
    SlackTokenMissing: "No token parameter and no token in the connector's settings",
    ConnectionError: "The Slack API could not be reached (http_status 500, as the reference's requests exception)",
    ReadTimeout: "The Slack API did not answer in time (http_status 500)",
    SSLError: "TLS with the Slack API failed (http_status 500)",
    InvalidBlocks: "blocks is a string that is not a JSON list",
  },
  async run(params, ctx) {
    const settings = settingsOf(slackSettingsSchema, ctx.config);
    const token = params.token ?? settings.token;
    if (!token) {
      throw new CommandError(
        "SlackTokenMissing",
        "No Slack token: pass the token parameter or set connectors.slack.settings.token",
      );
    }
    const payload: Record<string, unknown> = { channel: params.channel, text: params.message };
    if (params.blocks !== undefined) payload.blocks = parseBlocks(params.blocks);
    if (params.thread_ts) payload.thread_ts = params.thread_ts;

    const url = `${settings.base_url.replace(/\/+$/, "")}/chat.postMessage`;
    let response: Response;
    try {
      response = await ctx.fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(payload),
        signal: ctx.signal,
      });
    } catch (cause) {
      if (ctx.signal.aborted) throw cause;
      throw new CommandError(requestsName(cause), `Could not reach the Slack API at ${url}: ${describe(cause)}`, {
        httpStatus: 500,
        body: "{}",
        cause,
      });
    }
    const text = await response.text();
    const answer = /application\/json/i.test(response.headers.get("content-type") ?? "") ? parseAnswer(text) : null;
    if (answer?.ok === true) {
      ctx.log(`posted to ${params.channel}`);
      return { body: text, mimetype: "application/json", http_status: response.status };
    }
    const reason = answer ? slackReason(answer) : "Unreadable (non JSON) response from Slack";
    throw new CommandError("SlackMessageFailed", `${reason} (posting to ${params.channel})`, {
      // As the reference: Slack's status, except that a 200 carrying ok:false is answered 400.
      httpStatus: answer && response.status === 200 ? 400 : response.status,
      body: answer ? text : "{}",
    });
  },
});

/** The reference's message: Slack's `response_metadata.messages` joined, else its `error`. */
function slackReason(answer: { error?: unknown; response_metadata?: unknown }): string {
  const meta = answer.response_metadata as { messages?: unknown } | undefined;
  const messages = Array.isArray(meta?.messages) ? meta.messages.map(String) : [];
  return messages.length > 0 ? messages.join(". ") : String(answer.error ?? "unknown error");
}

/** The Python requests exception the reference answered for a failed call. */
function requestsName(cause: unknown): string {
  const text = describe(cause);
  if (/timeout/i.test(text)) return "ReadTimeout";
  if (/certificate|ssl|tls/i.test(text)) return "SSLError";
  return "ConnectionError";
}

function describe(cause: unknown): string {
  const inner = (cause as { cause?: unknown }).cause;
  const source = inner instanceof Error ? inner : cause;
  return source instanceof Error ? source.message : String(source);
}

function parseBlocks(blocks: string | Record<string, unknown>[]): unknown[] {
  if (typeof blocks !== "string") return blocks;
  try {
    const parsed: unknown = JSON.parse(blocks);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new CommandError("InvalidBlocks", "blocks is a string but not a JSON list of Block Kit blocks");
}

function parseAnswer(text: string): { ok?: unknown; error?: unknown; response_metadata?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}
