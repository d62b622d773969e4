/**
 * The http connector's error codes (diagrams catch them by name), and the mapping from a
 * failed request (Node, undici or our own errors) to one of them.
 */
import { CommandError, isCommandError } from "@connector-proxy/sdk";
import { EGRESS_DENIED } from "./egress/egress-policy.js";

/** Every code a http command may answer, with its meaning (published in the catalogue). */
export const HTTP_ERRORS = {
  "HttpError<status>": "The upstream answered with a status >= 300 (e.g. HttpError404); http_status is that status",
  ConnectionRefused: "Nothing listens at the URL's host and port (transient: http_status 500)",
  ConnectionReset: "The upstream closed the connection mid-request (transient: http_status 500)",
  DnsLookupFailed: "The URL's host name does not resolve (http_status 500)",
  HostUnreachable: "No route to the URL's host (transient: http_status 500)",
  Timeout: "No answer, or a pause in the body, longer than timeout_seconds (transient: http_status 500)",
  TlsError: "The TLS handshake failed: certificate invalid, expired or for another name (http_status 500)",
  ProxyError: "The forward proxy (HTTP_PROXY / HTTPS_PROXY) refused or failed the request (http_status 500)",
  RequestFailed: "Any other failure of the request (http_status 500)",
  EgressDenied: "The egress policy of this proxy forbids calling that destination (http_status 403)",
  ResponseTooLarge: "The response body is over max_response_bytes (http_status 413)",
  InvalidUrl: "The url parameter is not an absolute http(s) URL (http_status 400)",
  InvalidRequest: "A header name or value cannot be sent (http_status 400)",
} as const;

interface NetworkCode {
  code: keyof typeof HTTP_ERRORS;
  what: string;
  /** Whether another attempt may succeed. */
  retry: boolean;
}

const BY_ERRNO: Record<string, NetworkCode> = {
  ECONNREFUSED: { code: "ConnectionRefused", what: "connection refused", retry: true },
  ECONNRESET: { code: "ConnectionReset", what: "connection reset", retry: true },
  EPIPE: { code: "ConnectionReset", what: "connection closed while sending", retry: true },
  UND_ERR_SOCKET: { code: "ConnectionReset", what: "the connection closed before the answer", retry: true },
  UND_ERR_CLOSED: { code: "ConnectionReset", what: "the connection closed", retry: true },
  ENOTFOUND: { code: "DnsLookupFailed", what: "host name not found", retry: false },
  EAI_AGAIN: { code: "DnsLookupFailed", what: "DNS lookup failed temporarily", retry: true },
  EAI_FAIL: { code: "DnsLookupFailed", what: "DNS lookup failed", retry: false },
  EHOSTUNREACH: { code: "HostUnreachable", what: "host unreachable", retry: true },
  ENETUNREACH: { code: "HostUnreachable", what: "network unreachable", retry: true },
  ETIMEDOUT: { code: "Timeout", what: "connection timed out", retry: true },
  UND_ERR_CONNECT_TIMEOUT: { code: "Timeout", what: "connection timed out", retry: true },
  UND_ERR_INVALID_ARG: { code: "InvalidRequest", what: "invalid request", retry: false },
  UND_ERR_HEADERS_OVERFLOW: { code: "RequestFailed", what: "response headers too large", retry: false },
};

function errnoOf(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "";
}

function classify(errno: string, message: string): NetworkCode {
  const known = BY_ERRNO[errno];
  if (known) return known;
  if (
    /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|EPROTO)/.test(errno) ||
    /certificate|ssl|tls/i.test(message)
  ) {
    return { code: "TlsError", what: "TLS handshake failed", retry: false };
  }
  if (/proxy/i.test(message)) {
    return { code: "ProxyError", what: "the forward proxy failed", retry: true };
  }
  return { code: "RequestFailed", what: "request failed", retry: false };
}

/** A failed attempt: the error to answer, and whether another attempt may help. */
export interface AttemptFailure {
  error: CommandError;
  retry: boolean;
}

/** Map what a request threw to a CommandError with a stable code; `describe` names the request. */
export function toAttemptFailure(thrown: unknown, describe: string, scrub: (text: string) => string): AttemptFailure {
  if (isCommandError(thrown)) return { error: thrown, retry: false };
  const errno = errnoOf(thrown);
  const message = scrub(thrown instanceof Error ? thrown.message : String(thrown));
  if (errno === EGRESS_DENIED) {
    return { error: new CommandError("EgressDenied", message, { httpStatus: 403, cause: thrown }), retry: false };
  }
  const network = classify(errno, message);
  const status = network.code === "InvalidRequest" ? 400 : 500;
  const detail = errno ? `${network.what} (${errno}: ${message})` : `${network.what} (${message})`;
  return {
    error: new CommandError(network.code, `${describe} failed: ${detail}`, { httpStatus: status, cause: thrown }),
    retry: network.retry,
  };
}

/** True when undici gave up waiting for the headers or the body (the attempt's timeout). */
export function isTimeoutError(thrown: unknown): boolean {
  const errno = errnoOf(thrown);
  return errno === "UND_ERR_HEADERS_TIMEOUT" || errno === "UND_ERR_BODY_TIMEOUT";
}

/** The Timeout failure of an attempt that ran past timeout_seconds. */
export function timeoutFailure(describe: string, ms: number): AttemptFailure {
  const error = new CommandError("Timeout", `${describe} got no answer within ${ms / 1000} s (raise timeout_seconds)`, {
    httpStatus: 500,
  });
  return { error, retry: true };
}
