/**
 * Turning what nodemailer throws into the reference's failure: connector-smtp caught every
 * exception and answered its Python class name (`SMTPAuthenticationError`,
 * `ConnectionRefusedError`, ...) as the error code, `body: "{}"` and no http_status (a caught
 * error shows status 200 in Arena). Diagrams catch those names, so they are kept; the message
 * says what happened and what to check.
 */
import type { Envelope } from "@connector-proxy/sdk";

export const SMTP_ERRORS = {
  SMTPAuthenticationError: "The server refused smtp_user/smtp_password",
  SMTPNotSupportedError: "The server offers no AUTH (login asked) or no STARTTLS (smtp_starttls: true)",
  SMTPSenderRefused: "The server refused email_from (also: it requires a login and none was given)",
  SMTPRecipientsRefused: "The server refused every recipient (some refused: answered in rejected, no error)",
  SMTPDataError: "The server refused the message itself (size, content)",
  SMTPServerDisconnected: "The server closed the connection",
  SMTPResponseException: "Any other SMTP error reply (the message says which)",
  ConnectionRefusedError: "Nothing listens at smtp_host:smtp_port",
  gaierror: "smtp_host does not resolve",
  TimeoutError: "The server did not answer in time",
  SSLCertVerificationError: "The server's certificate is not trusted (see the tls_ca setting)",
  SSLError: "Any other TLS failure",
  SMTPException: "Any other failure talking to the server",
  InvalidContent: "An attachment is not a valid data URL or base64 (not in the reference: it has no attachments)",
} as const;

type SmtpErrorCode = keyof typeof SMTP_ERRORS;

interface NodemailerError {
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

/** The Python exception smtplib (or its socket) raised for the same failure. */
function pythonName(code: string, command: string, reply: number | null, detail: string): SmtpErrorCode {
  switch (code) {
    case "EAUTH":
      return "SMTPAuthenticationError";
    case "ENOAUTH":
      return "SMTPNotSupportedError";
    case "EENVELOPE":
      return /^MAIL/i.test(command) ? "SMTPSenderRefused" : "SMTPRecipientsRefused";
    case "EMESSAGE":
      return "SMTPDataError";
    case "EDNS":
      return "gaierror";
    case "ETIMEDOUT":
      return "TimeoutError";
    case "ETLS":
      if (/certificate|altnames|self.signed/i.test(detail)) return "SSLCertVerificationError";
      return /starttls/i.test(detail) ? "SMTPNotSupportedError" : "SSLError";
  }
  if (/ECONNREFUSED/.test(detail)) return "ConnectionRefusedError";
  if (/ENOTFOUND|EAI_AGAIN/.test(detail)) return "gaierror";
  if (/certificate|altnames|self.signed/i.test(detail)) return "SSLCertVerificationError";
  if (/\bssl|\btls|wrong version number/i.test(detail)) return "SSLError";
  if (/ETIMEDOUT|timeout/i.test(detail)) return "TimeoutError";
  if (code === "ESOCKET" || code === "ECONNECTION") return "SMTPServerDisconnected";
  return reply !== null ? "SMTPResponseException" : "SMTPException";
}

const HINTS: Partial<Record<SmtpErrorCode, string>> = {
  SMTPAuthenticationError: "check smtp_user and smtp_password",
  SMTPSenderRefused: "check email_from, and smtp_user/smtp_password if the server requires a login",
  SMTPRecipientsRefused: "check email_to, email_cc and email_bcc",
  ConnectionRefusedError: "check smtp_host and smtp_port, or retry later",
  gaierror: "check smtp_host",
  SSLCertVerificationError: "trust its certificate with the connector's tls_ca setting",
};

/** The reference's failure answer: `body: "{}"`, no http_status, the Python class name as error_code. */
export function referenceFailure(error_code: string, message: string): Envelope {
  return {
    command_response: { body: "{}", mimetype: "application/json" },
    command_response_version: 2,
    error: { error_code, message },
    spiff__logs: [],
  };
}

/**
 * Map a nodemailer failure to the reference's answer; `where` names the server (host:port).
 *
 * @example
 * return smtpFailure(error, "mail.example.com:587");
 */
export function smtpFailure(thrown: unknown, where: string): Envelope {
  const error: NodemailerError = typeof thrown === "object" && thrown !== null ? thrown : {};
  const code = typeof error.code === "string" ? error.code : "";
  const command = typeof error.command === "string" ? error.command : "";
  const reply = typeof error.responseCode === "number" ? error.responseCode : null;
  const detail = typeof error.message === "string" ? error.message : String(thrown);
  const name = pythonName(code, command, reply, detail);
  const hint = HINTS[name];
  return referenceFailure(name, `The SMTP server ${where}: ${detail}${hint ? ` (${hint})` : ""}`);
}
