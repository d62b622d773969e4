/**
 * `smtp/SendEmail`: the reference command's parameters (host, port, subject, body, to, from,
 * optional login and STARTTLS) plus cc/bcc/html/reply-to/attachments and implicit TLS.
 * Answers, as the reference, a JSON string body: `"{}"` there, here with the keys
 * `message_id`, `accepted`, `rejected`; failures carry the reference's Python exception names.
 */
import { rootCertificates } from "node:tls";
import { defineCommand, settingsOf, z } from "@connector-proxy/sdk";
import { attachmentSchema, buildMessage } from "./mail-message.js";
import { smtpSettingsSchema } from "./settings.js";
import { SMTP_ERRORS, smtpFailure } from "./smtp-failure.js";

const ANCHOR = [
  "smtp_host",
  "smtp_port",
  "email_subject",
  "email_body",
  "email_to",
  "email_from",
  "smtp_user",
  "smtp_password",
  "smtp_starttls",
] as const;

export const sendEmail = defineCommand({
  name: "SendEmail",
  description: "Sends an email through an SMTP server",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    smtp_host: z.string().min(1).describe("SMTP server host name or address"),
    smtp_port: z.coerce.number().int().min(1).max(65535).describe("SMTP server port (25, 465, 587...)"),
    email_subject: z.string().describe("Subject line"),
    email_body: z.string().describe("Plain-text body"),
    email_to: z.string().min(1).describe("Recipients, comma-separated"),
    email_from: z.string().min(1).describe("Sender address"),
    smtp_user: z.string().optional().describe("Login user (login happens only when user and password are set)"),
    smtp_password: z.string().optional().describe("Login password"),
    smtp_starttls: z.boolean().optional().describe("Upgrade the connection with STARTTLS (required when true)"),
    email_cc: z.string().optional().describe("Cc recipients, comma-separated"),
    email_bcc: z.string().optional().describe("Bcc recipients, comma-separated"),
    email_html: z.string().optional().describe("HTML body, sent alongside the plain-text body"),
    email_reply_to: z.string().optional().describe("Reply-To address"),
    attachments: z
      .array(attachmentSchema)
      .optional()
      .describe("Files: data URLs, or {filename, content_base64, content_type}"),
    smtp_secure: z.boolean().optional().describe("Implicit TLS from the first byte (usually port 465)"),
  }),
  advertise: ANCHOR,
  errors: SMTP_ERRORS,
  async run(params, ctx) {
    const settings = settingsOf(smtpSettingsSchema, ctx.config);
    const where = `${params.smtp_host}:${params.smtp_port}`;
    const timeout = Math.max(1_000, ctx.deadline - Date.now());
    const { createTransport } = await import("nodemailer");
    const transport = createTransport({
      host: params.smtp_host,
      port: params.smtp_port,
      secure: params.smtp_secure === true,
      // As the reference: STARTTLS only when asked for, and then it must succeed.
      requireTLS: params.smtp_starttls === true,
      ignoreTLS: params.smtp_starttls !== true,
      ...(params.smtp_user && params.smtp_password
        ? { auth: { user: params.smtp_user, pass: params.smtp_password } }
        : {}),
      // Node's `ca` replaces the well-known CAs: keep them and add the configured ones.
      ...(settings.tls_ca ? { tls: { ca: [...rootCertificates, settings.tls_ca] } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    const message = buildMessage(params);
    ctx.log(`will send "${params.email_subject}" via ${where}`);
    ctx.signal.throwIfAborted();
    const aborted = new Promise<never>((_, reject) => {
      ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true });
    });
    try {
      const info = await Promise.race([transport.sendMail(message), aborted]);
      const answer = {
        message_id: info.messageId,
        accepted: info.accepted.map(addressOf),
        rejected: info.rejected.map(addressOf),
      };
      ctx.log(`did send ${answer.message_id} (${answer.accepted.length} accepted, ${answer.rejected.length} rejected)`);
      return { body: JSON.stringify(answer), mimetype: "application/json" };
    } catch (thrown) {
      if (ctx.signal.aborted) throw thrown;
      return smtpFailure(thrown, where);
    } finally {
      transport.close();
    }
  },
});

function addressOf(entry: string | { address: string }): string {
  return typeof entry === "string" ? entry : entry.address;
}
