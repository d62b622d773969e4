/**
 * The http connector's error codes (diagrams catch them by name): the reference's, which are
 * the class names of the Python `requests` exceptions (`ConnectionError`, `ReadTimeout`, ...),
 * and the mapping from a failed request (Node, undici or our own errors) to one of them. The
 * finer diagnosis (refused, DNS, reset, ...) and the errno stay in the message, which keeps the
 * reference's shape: `Received Error: <what>. Raw http_response was: <text or None>`.
 */
import { CommandError, isCommandError } from "@connector-proxy/sdk";
import { EGRESS_DENIED } from "./egress/egress-policy.js";
import { BrokenBody } from "./transport/send-request.js";

/** Every code a http command may answer, with its meaning (published in the catalogue). */
export const HTTP_ERRORS = {
  "HttpError<status>":
    "The upstream answered >= 400 (V2) or >= 300 (Arena's names), e.g. HttpError404; http_status is that status",
  ConnectionError:
    "Connection refused or reset, host name not resolved, no route, or the body stopped arriving (http_status 500)",
  ConnectTimeout: "The connection could not be opened in time (http_status 500)",
  ReadTimeout: "No answer within timeout_seconds (http_status 500)",
  SSLError: "The TLS handshake failed: certificate invalid, expired or for another name (http_status 500)",
  ProxyError: "The forward proxy (HTTP_PROXY / HTTPS_PROXY) refused or failed the request (http_status 500)",
  TooManyRedirects: "More redirects than max_redirects (30), or a redirect loop (http_status 500)",
  ChunkedEncodingError: "The body broke off before its end, or its chunked framing is invalid (http_status 500)",
  ContentDecodingError: "The body is labelled gzip, deflate or br but does not decode (http_status 500)",
  JSONDecodeError: "Labelled JSON but not JSON: body is {raw_response}, http_status the upstream's",
  ExpatError: "Labelled XML but not XML: body is {raw_response}, http_status the upstream's",
  MissingSchema: "url has no scheme, e.g. example.com/x (http_status 400; the reference answers a transient 500)",
  InvalidSchema: "url's scheme is not http or https (http_status 400; the reference answers a transient 500)",
  InvalidURL: "url has no host, an invalid host or port (http_status 400; the reference answers a transient 500)",
  InvalidHeader: "A header name or value cannot be sent (http_status 400; the reference answers a transient 500)",
  RequestException: "Any other failure of the request (http_status 500)",
  EgressDenied:
    "The egress policy of this proxy forbids calling that destination (http_status 403; not in the reference)",
  ResponseTooLarge: "The response body is over max_response_bytes (http_status 413; not in the reference)",
} as const;

export type HttpErrorCode = Exclude<keyof typeof HTTP_ERRORS, "HttpError<status>">;

/** The reference's message: what failed, then the upstream's text (`None` when there was no answer). */
export function referenceMessage(what: string, rawResponse: string | null): string {
  return `Received Error: ${what}. Raw http_response was: ${rawResponse ?? "None"}`;
}

/** A failure the reference raised as a `requests` exception: body `{}`, http_status 500 unless said otherwise. */
export function requestError(code: HttpErrorCode, what: string, options: { status?: number; cause?: unknown } = {}) {
  return new CommandError(code, referenceMessage(what, null), {
    httpStatus: options.status ?? 500,
    body: {},
    cause: options.cause,
  });
}

interface NetworkCode {
  code: HttpErrorCode;
  what: string;
  /** Whether another attempt may succeed. */
  retry: boolean;
}

const BY_ERRNO: Record<string, NetworkCode> = {
  ECONNREFUSED: { code: "ConnectionError", what: "connection refused", retry: true },
  ECONNRESET: { code: "ConnectionError", what: "connection reset", retry: true },
  EPIPE: { code: "ConnectionError", what: "connection closed while sending", retry: true },
  UND_ERR_SOCKET: { code: "ConnectionError", what: "the connection closed before the answer", retry: true },
  UND_ERR_CLOSED: { code: "ConnectionError", what: "the connection closed", retry: true },
  ENOTFOUND: { code: "ConnectionError", what: "host name not found (DNS)", retry: false },
  EAI_AGAIN: { code: "ConnectionError", what: "DNS lookup failed temporarily", retry: true },
  EAI_FAIL: { code: "ConnectionError", what: "DNS lookup failed", retry: false },
  EHOSTUNREACH: { code: "ConnectionError", what: "host unreachable", retry: true },
  ENETUNREACH: { code: "ConnectionError", what: "network unreachable", retry: true },
  UND_ERR_HEADERS_OVERFLOW: { code: "ConnectionError", what: "response headers too large", retry: false },
  UND_ERR_BODY_TIMEOUT: { code: "ConnectionError", what: "read timed out while reading the body", retry: true },
  UND_ERR_HEADERS_TIMEOUT: { code: "ReadTimeout", what: "no answer within timeout_seconds", retry: true },
  ETIMEDOUT: { code: "ConnectTimeout", what: "connection timed out", retry: true },
  UND_ERR_CONNECT_TIMEOUT: { code: "ConnectTimeout", what: "connection timed out", retry: true },
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: {
    code: "ChunkedEncodingError",
    what: "the body is shorter than its Content-Length",
    retry: true,
  },
};

function errnoOf(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "";
}

const NOT_HTTP: NetworkCode = { code: "ConnectionError", what: "the answer is not HTTP", retry: false };

/** What failed, from the errno, the message and whether the answer had started (`midBody`). */
function classify(errno: string, message: string, midBody: boolean): NetworkCode {
  if (errno.startsWith("Z_") || errno.startsWith("ERR__")) {
    return {
      code: "ContentDecodingError",
      what: "the body does not decode as its Content-Encoding says",
      retry: false,
    };
  }
  const notHttp = errno.startsWith("HPE_") || /does not match the HTTP\/1.1 protocol/i.test(message);
  const known = BY_ERRNO[errno] ?? (notHttp ? NOT_HTTP : undefined);
  if (midBody && known?.code === "ConnectionError" && errno !== "UND_ERR_BODY_TIMEOUT") {
    return { code: "ChunkedEncodingError", what: `the body broke off: ${known.what}`, retry: true };
  }
  if (known) return known;
  if (
    /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|EPROTO)/.test(errno) ||
    /certificate|ssl|tls/i.test(message)
  ) {
    return { code: "SSLError", what: "TLS handshake failed", retry: false };
  }
  if (/redirect loop/i.test(message)) return { code: "TooManyRedirects", what: "redirect loop", retry: false };
  if (/proxy/i.test(message)) return { code: "ProxyError", what: "the forward proxy failed", retry: true };
  if (errno === "UND_ERR_INVALID_ARG" && /protocol/i.test(message)) {
    return { code: "InvalidSchema", what: "redirected to a URL that is not http(s)", retry: false };
  }
  if (errno === "UND_ERR_INVALID_ARG" || errno === "ERR_INVALID_CHAR" || errno === "ERR_INVALID_HTTP_TOKEN") {
    return { code: "InvalidHeader", what: "a header cannot be sent", retry: false };
  }
  return { code: "RequestException", what: "request failed", retry: false };
}

/** A failed attempt: the error to answer, and whether another attempt may help. */
export interface AttemptFailure {
  error: CommandError;
  retry: boolean;
}

/** Map what a request threw to a CommandError with the reference's code; `describe` names the request. */
export function toAttemptFailure(thrown: unknown, describe: string, scrub: (text: string) => string): AttemptFailure {
  if (isCommandError(thrown)) return { error: thrown, retry: false };
  const errno = errnoOf(thrown);
  const message = scrub(thrown instanceof Error ? thrown.message : String(thrown));
  if (errno === EGRESS_DENIED) {
    return {
      error: new CommandError("EgressDenied", message, { httpStatus: 403, body: {}, cause: thrown }),
      retry: false,
    };
  }
  const network = classify(errno, message, thrown instanceof BrokenBody);
  const status = network.code === "InvalidHeader" ? 400 : 500; // a redirect to ftp: is the upstream's doing
  const detail = errno ? `${network.what} (${errno}: ${message})` : `${network.what} (${message})`;
  return {
    error: requestError(network.code, `${describe} failed: ${detail}`, { status, cause: thrown }),
    retry: network.retry,
  };
}
