/**
 * The typed failure a command throws. Recognised by a brand, never by `instanceof`,
 * so a connector that carries its own copy of the SDK is understood too.
 */

const BRAND = "connector-proxy/command-error";

export interface CommandErrorOptions {
  /** Inner `http_status` of the envelope: 4xx tells Arena not to retry, 5xx/429 that it may. Default 400. */
  httpStatus?: number;
  /** Extra body to answer alongside the error (for example an upstream response). */
  body?: unknown;
  cause?: unknown;
}

/**
 * A command failure that diagrams can catch by `code` (the BPMN error code).
 *
 * @example
 * throw new CommandError("SmtpAuthFailed", "The SMTP server refused user \"bot\": check smtp_user and smtp_password", { httpStatus: 401 });
 */
export class CommandError extends Error {
  readonly brand = BRAND;
  readonly code: string;
  readonly httpStatus: number;
  readonly body: unknown;

  constructor(code: string, message: string, options: CommandErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CommandError";
    this.code = code;
    this.httpStatus = options.httpStatus ?? 400;
    this.body = options.body;
  }
}

/** True for a CommandError from any copy of the SDK. */
export function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { brand?: unknown }).brand === BRAND &&
    typeof (value as { code?: unknown }).code === "string"
  );
}
