/**
 * Building the nodemailer message from SendEmail's parameters: recipients lists,
 * text and HTML bodies, and attachments given as data URLs or base64 objects.
 */
import { decodeContent, parseDataUrl, z } from "@connector-proxy/sdk";
import type { SendMailOptions } from "nodemailer";

export const attachmentSchema = z.union([
  z.string().describe("A data URL (data:<mime>;name=<file name>;base64,<data>), as Arena sends uploaded files"),
  z.object({
    filename: z.string().min(1),
    content_base64: z.string(),
    content_type: z.string().optional(),
  }),
]);

export type Attachment = z.output<typeof attachmentSchema>;

export interface MessageFields {
  email_from: string;
  email_to: string;
  email_cc?: string | undefined;
  email_bcc?: string | undefined;
  email_reply_to?: string | undefined;
  email_subject: string;
  email_body: string;
  email_html?: string | undefined;
  attachments?: Attachment[] | undefined;
}

/**
 * The nodemailer message. Address fields are passed as written: nodemailer parses
 * comma-separated lists, including quoted display names that contain commas.
 *
 * @example
 * buildMessage({ email_from: "a@x", email_to: "b@x, c@x", email_subject: "Hi", email_body: "text" });
 */
export function buildMessage(fields: MessageFields): SendMailOptions {
  const message: SendMailOptions = {
    from: fields.email_from,
    to: fields.email_to,
    subject: fields.email_subject,
    text: fields.email_body,
  };
  if (fields.email_cc) message.cc = fields.email_cc;
  if (fields.email_bcc) message.bcc = fields.email_bcc;
  if (fields.email_reply_to) message.replyTo = fields.email_reply_to;
  if (fields.email_html) message.html = fields.email_html;
  if (fields.attachments?.length) message.attachments = fields.attachments.map(toNodemailer);
  return message;
}

function toNodemailer(attachment: Attachment, index: number): NonNullable<SendMailOptions["attachments"]>[number] {
  if (typeof attachment === "string") {
    const file = parseDataUrl(attachment);
    return {
      filename: file.name ?? `attachment-${index + 1}`,
      content: Buffer.from(file.bytes),
      contentType: file.mimeType,
    };
  }
  return {
    filename: attachment.filename,
    content: Buffer.from(decodeContent(attachment.content_base64, "base64")),
    ...(attachment.content_type ? { contentType: attachment.content_type } : {}),
  };
}
