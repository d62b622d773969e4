/**
 * `slack/PostMessage`: chat.postMessage as the reference proxy calls it. The body is Slack's
 * JSON answer as a string; `ok: false` answers http_status 400 and `SlackMessageFailed`.
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
    SlackUnreachable: "The Slack API could not be reached (transient)",
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
      throw new CommandError("SlackUnreachable", `Could not reach the Slack API at ${url}: retry later`, {
        httpStatus: 503,
        cause,
      });
    }
    const text = await response.text();
    const answer = parseAnswer(text);
    if (response.ok && answer?.ok === true) {
      ctx.log(`posted to ${params.channel}`);
      return { body: text, mimetype: "application/json", http_status: 200 };
    }
    const reason = typeof answer?.error === "string" ? answer.error : `HTTP ${response.status}`;
    throw new CommandError("SlackMessageFailed", `Slack refused the message to ${params.channel}: ${reason}`, {
      // Rate limits and Slack outages stay retryable; everything else is the reference's 400.
      httpStatus: response.status === 429 || response.status >= 500 ? response.status : 400,
      body: text,
    });
  },
});

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

function parseAnswer(text: string): { ok?: unknown; error?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}
