/**
 * The built-in `webhook` trigger: events arrive on `POST /v1/hooks/{trigger_id}` and are
 * accepted only when the request passes the configured verification (see ./signatures.ts).
 */
import { defineTrigger, z } from "@connector-proxy/sdk";
import { verifyGithub, verifyHmac, verifySlack, verifyToken } from "./signatures.js";

const secret = z.string().min(1).describe("Use ${ENV_VAR}");

const verifySchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("hmac_sha256"),
    header: z.string().min(1).describe("Header carrying the signature, e.g. X-Signature-256"),
    prefix: z.string().default("").describe('Text before the signature in the header, e.g. "sha256="'),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    secret,
  }),
  z.object({ type: z.literal("github"), secret }),
  z.object({
    type: z.literal("slack"),
    signing_secret: secret,
    tolerance_seconds: z.number().int().positive().default(300).describe("Oldest request timestamp accepted"),
  }),
  z.object({
    type: z.literal("token"),
    header: z.string().min(1).default("X-Webhook-Token"),
    token: secret,
  }),
]);

export const webhookSettingsSchema = z.object({
  verify: verifySchema.describe("How a request proves it comes from the sender: hmac_sha256, github, slack or token"),
  body_limit_bytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024)
    .describe("Largest accepted body (413 beyond)"),
});

export type WebhookSettings = z.output<typeof webhookSettingsSchema>;

export const webhookTrigger = defineTrigger({
  name: "webhook",
  kind: "webhook",
  description: "Events posted to POST /v1/hooks/{trigger_id}, verified by signature or token",
  settings: webhookSettingsSchema,
  verify(request, { verify }) {
    switch (verify.type) {
      case "hmac_sha256":
        return verifyHmac(request, verify);
      case "github":
        return verifyGithub(request, verify.secret);
      case "slack":
        return verifySlack(request, verify.signing_secret, verify.tolerance_seconds);
      case "token":
        return verifyToken(request, verify.header, verify.token);
    }
  },
});
