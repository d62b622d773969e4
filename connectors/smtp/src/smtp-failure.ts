/**
 * Turning what nodemailer throws into a CommandError with a stable code. SMTP replies
 * 4xx are temporary (answered 503 so Arena may retry), 5xx permanent (answered 4xx).
 */
import { CommandError } from "@connector-proxy/sdk";

export const SMTP_ERRORS = {
  SmtpAuthFailed: "The server refused smtp_user/smtp_password (or needs them)",
  SmtpConnectionFailed: "The server could not be reached, closed the connection or timed out (transient)",
  SmtpTlsFailed:
    "STARTTLS or implicit TLS failed, e.g. the server's certificate is not trusted (see the tls_ca setting)",
  SmtpRecipientRejected: "The server refused the sender or every recipient",
  SmtpMessageRejected: "The server refused the message itself (size, content)",
  SmtpSendFailed: "Any other SMTP failure (the message says which reply)",
  InvalidContent: "An attachment is not a valid data URL or base64",
} as const;

/** Authentication required / failed / too weak / needs encryption (RFC 4954). */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);
const TLS_WORDING = /certificate|altnames|\bssl|\btls|wrong version number/i;

interface NodemailerError {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

/**
 * Map a nodemailer failure to a CommandError; `where` names the server (host:port).
 *
 * @example
 * throw smtpFailure(error, "mail.example.com:587");
 */
export function smtpFailure(thrown: unknown, where: string): CommandError {
  const error: NodemailerError = typeof thrown === "object" && thrown !== null ? thrown : {};
  const code = typeof error.code === "string" ? error.code : "";
  const reply = typeof error.responseCode === "number" ? error.responseCode : null;
  const detail = typeof error.message === "string" ? error.message : String(thrown);
  const options = { cause: thrown, httpStatus: replyStatus(reply) };
  switch (kind(code, reply, detail)) {
    case "EAUTH":
    case "ENOAUTH":
      return new CommandError(
        "SmtpAuthFailed",
        `The SMTP server ${where} refused the login (${detail}): check smtp_user and smtp_password`,
        { ...options, httpStatus: reply !== null && reply < 500 ? 503 : 401 },
      );
    case "ECONNECTION":
    case "ETIMEDOUT":
    case "ESOCKET":
    case "EDNS":
      return new CommandError(
        "SmtpConnectionFailed",
        `Could not talk to the SMTP server ${where} (${detail}): check smtp_host and smtp_port, or retry later`,
        { ...options, httpStatus: 503 },
      );
    case "ETLS":
      return new CommandError(
        "SmtpTlsFailed",
        `TLS with the SMTP server ${where} failed (${detail}): check smtp_starttls/smtp_secure, or trust its certificate with the connector's tls_ca setting`,
        { ...options, httpStatus: 502 },
      );
    case "EENVELOPE":
      return new CommandError(
        "SmtpRecipientRejected",
        `The SMTP server ${where} refused the sender or recipients (${detail}): check email_from, email_to, email_cc and email_bcc`,
        options,
      );
    case "EMESSAGE":
      return new CommandError(
        "SmtpMessageRejected",
        `The SMTP server ${where} refused the message (${detail})`,
        options,
      );
    default:
      return new CommandError("SmtpSendFailed", `Sending through the SMTP server ${where} failed (${detail})`, {
        ...options,
        httpStatus: reply === null ? 502 : options.httpStatus,
      });
  }
}

/** nodemailer's code, refined: a refused certificate comes as a socket error, and "authentication required" (530) as an envelope error. */
function kind(code: string, reply: number | null, detail: string): string {
  if (code === "ESOCKET" && TLS_WORDING.test(detail)) return "ETLS";
  if (reply !== null && AUTH_REPLIES.has(reply)) return "EAUTH";
  return code;
}

/** SMTP 4xx replies are temporary: answer 503 so Arena's retry applies; 5xx are permanent. */
function replyStatus(reply: number | null): number {
  return reply !== null && reply >= 400 && reply < 500 ? 503 : 400;
}
