/**
 * The webhook verification schemes: an HMAC-SHA256 of the raw body in a configured header
 * (with a prefix), GitHub's `X-Hub-Signature-256`, Slack's `v0` signature over timestamp and
 * body (with a tolerance against replays), and a shared token in a header. Every comparison is
 * constant-time: both sides are hashed to the same length and compared with timingSafeEqual.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookRequest, WebhookVerdict } from "@connector-proxy/sdk";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether `given` equals `expected`, in time independent of where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const refuse = (reason: string): WebhookVerdict => ({ accept: false, reason });

export const hmacOf = (secret: string, data: string, encoding: "hex" | "base64" = "hex") =>
  createHmac("sha256", secret).update(data, "utf8").digest(encoding);

/** `header` must be `prefix` + HMAC-SHA256(secret, body). */
export function verifyHmac(
  request: WebhookRequest,
  options: { header: string; prefix: string; secret: string; encoding: "hex" | "base64" },
): WebhookVerdict {
  const given = request.header(options.header);
  if (given === undefined) return refuse(`header ${options.header} is missing`);
  const expected = `${options.prefix}${hmacOf(options.secret, request.body, options.encoding)}`;
  return sameSecret(given.trim(), expected)
    ? { accept: true }
    : refuse(`header ${options.header} does not match the body`);
}

/** GitHub: `X-Hub-Signature-256: sha256=<hex>`; the event id is `X-GitHub-Delivery`. */
export function verifyGithub(request: WebhookRequest, secret: string): WebhookVerdict {
  const verdict = verifyHmac(request, { header: "X-Hub-Signature-256", prefix: "sha256=", secret, encoding: "hex" });
  const delivery = request.header("X-GitHub-Delivery");
  return "accept" in verdict && verdict.accept && delivery ? { accept: true, eventId: delivery } : verdict;
}

/**
 * Slack: `X-Slack-Signature: v0=<hex of HMAC(signing secret, "v0:<timestamp>:<body>")>` with
 * `X-Slack-Request-Timestamp` within `toleranceSeconds` of now. A verified `url_verification`
 * request is answered with its challenge (nothing stored); an event's id is its `event_id`.
 */
export function verifySlack(request: WebhookRequest, signingSecret: string, toleranceSeconds: number): WebhookVerdict {
  const timestamp = request.header("X-Slack-Request-Timestamp");
  const signature = request.header("X-Slack-Signature");
  if (!timestamp || !signature) return refuse("headers X-Slack-Request-Timestamp and X-Slack-Signature are required");
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds) || Math.abs(request.receivedAt / 1000 - seconds) > toleranceSeconds) {
    return refuse(`X-Slack-Request-Timestamp is more than ${toleranceSeconds} s from now (a replay, or a wrong clock)`);
  }
  const expected = `v0=${hmacOf(signingSecret, `v0:${timestamp}:${request.body}`)}`;
  if (!sameSecret(signature, expected)) return refuse("X-Slack-Signature does not match the body");
  const body = parseJsonObject(request.body);
  if (body?.type === "url_verification" && typeof body.challenge === "string") {
    return { answer: { status: 200, body: { challenge: body.challenge } } };
  }
  return typeof body?.event_id === "string" ? { accept: true, eventId: body.event_id } : { accept: true };
}

/** A shared token in `header`. */
export function verifyToken(request: WebhookRequest, header: string, token: string): WebhookVerdict {
  const given = request.header(header);
  if (given === undefined) return refuse(`header ${header} is missing`);
  return sameSecret(given, token) ? { accept: true } : refuse(`header ${header} is wrong`);
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
