/**
 * Turning what a command returned or threw into the answer the proxy sends:
 * an HTTP status and a version 2 envelope.
 */
import { isCommandError } from "./command-error.js";
import type { Envelope, EnvelopeError } from "./wire.js";

/** A finished execution: the outer HTTP status and the envelope. */
export interface Outcome {
  status: number;
  envelope: Envelope;
  /** Set when the command answered the legacy v1 shape: the HTTP edge answers it raw, as the reference did. */
  legacyV1?: { body: string; mimetype: string };
  /** What the command threw when it crashed (not a CommandError): for the server log only, never answered. */
  crash?: Error;
}

const JSON_MIME = "application/json";

/** A failure envelope with the given code and message. */
export function errorOutcome(
  status: number,
  error: EnvelopeError,
  logs: string[] = [],
  httpStatus: number = status,
  body: unknown = null,
): Outcome {
  return {
    status,
    envelope: {
      command_response: { body, mimetype: JSON_MIME, http_status: httpStatus, headers: {} },
      command_response_version: 2,
      error,
      spiff__logs: logs,
    },
  };
}

/** Normalise whatever `run` resolved with. */
export function resultOutcome(result: unknown, logs: string[]): Outcome {
  if (typeof result !== "object" || result === null || Array.isArray(result)) {
    return invalidResult(logs);
  }
  const value = result as Record<string, unknown>;
  if (value.command_response_version === 2) {
    const ownLogs = Array.isArray(value.spiff__logs) ? value.spiff__logs.map(String) : [];
    const response = value.command_response;
    return {
      status: 200,
      envelope: {
        command_response:
          typeof response === "object" && response !== null
            ? (response as Envelope["command_response"])
            : { body: null, mimetype: JSON_MIME },
        command_response_version: 2,
        error: isEnvelopeError(value.error) ? value.error : null,
        spiff__logs: [...logs, ...ownLogs],
      },
    };
  }
  if ("body" in value) {
    const status = Number(value.http_status ?? 200);
    return {
      status: 200,
      envelope: {
        command_response: {
          body: value.body ?? null,
          mimetype: typeof value.mimetype === "string" ? value.mimetype : JSON_MIME,
          http_status: Number.isInteger(status) && status >= 100 && status <= 599 ? status : 200,
          headers: (value.headers as Record<string, unknown> | undefined) ?? {},
        },
        command_response_version: 2,
        error: null,
        spiff__logs: logs,
      },
    };
  }
  if ("response" in value && "status" in value) return legacyOutcome(value, logs);
  return invalidResult(logs);
}

/** Normalise whatever `run` threw. A CommandError is a dispatched failure (outer 200); anything else is a crash (500). */
export function thrownOutcome(thrown: unknown, logs: string[]): Outcome {
  if (isCommandError(thrown)) {
    return errorOutcome(
      200,
      { error_code: thrown.code, message: thrown.message },
      logs,
      thrown.httpStatus,
      thrown.body ?? null,
    );
  }
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const code = (error as { code?: unknown }).code;
  const outcome = errorOutcome(
    500,
    {
      error_code: typeof code === "string" && code.length > 0 ? code : error.name || "Error",
      message: error.message || "The command failed without a message",
    },
    logs,
  );
  outcome.crash = error;
  return outcome;
}

function legacyOutcome(value: Record<string, unknown>, logs: string[]): Outcome {
  const status = Number(value.status);
  const httpStatus = Number.isInteger(status) && status >= 100 && status <= 599 ? status : 200;
  const mimetype = typeof value.mimetype === "string" ? value.mimetype : JSON_MIME;
  const text = typeof value.response === "string" ? value.response : JSON.stringify(value.response ?? null);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the body stays the text
  }
  const outcome = resultOutcome({ body, mimetype, http_status: httpStatus }, logs);
  outcome.status = httpStatus;
  outcome.legacyV1 = { body: text, mimetype };
  return outcome;
}

function invalidResult(logs: string[]): Outcome {
  return errorOutcome(
    500,
    {
      error_code: "InvalidCommandResult",
      message:
        "The command returned something that is not a result: return { body } (optionally mimetype, http_status, headers), a v2 envelope, or throw a CommandError",
    },
    logs,
  );
}

function isEnvelopeError(value: unknown): value is EnvelopeError {
  return typeof value === "object" && value !== null && typeof (value as EnvelopeError).error_code === "string";
}
