/**
 * The one catalogue of proxy-level error codes (faults of dispatch, not of a command),
 * with the outer HTTP status each is answered with and the inner `http_status` that tells
 * Arena whether a retry may help (5xx/429: transient; other 4xx: fix the diagram).
 * Codes are stable: diagrams catch them by name.
 */
import { errorOutcome, type Outcome } from "./outcome.js";

export const PROXY_ERRORS = {
  command_not_found: { status: 404, inner: 404, meaning: "No command with this id is configured on this proxy" },
  InvalidParameters: { status: 400, inner: 400, meaning: "Parameters missing, of the wrong type, or unknown" },
  InvalidRequestBody: { status: 400, inner: 400, meaning: "The request body is not a JSON object" },
  RequestTimeout: {
    status: 408,
    inner: 408,
    meaning: "The request did not arrive within limits.body_read_seconds (or its headers within header_read_seconds)",
  },
  PayloadTooLarge: { status: 413, inner: 413, meaning: "The request body is over the configured size limit" },
  CommandTimeout: { status: 500, inner: 504, meaning: "The command ran past its timeout and was aborted" },
  CommandCancelled: { status: 500, inner: 499, meaning: "The call was cancelled before the command finished" },
  InvalidCommandResult: { status: 500, inner: 500, meaning: "The command returned something that is not a result" },
  ConnectorCrashed: { status: 500, inner: 502, meaning: "The connector's process died during the call" },
  UpstreamUnavailable: { status: 500, inner: 503, meaning: "The remote proxy hosting this command cannot be reached" },
  Overloaded: { status: 500, inner: 503, meaning: "Too many jobs are running or waiting; retry later" },
  JobNotFound: { status: 404, inner: 404, meaning: "No job with this id" },
  JobNotRetryable: { status: 400, inner: 400, meaning: "Only dead jobs can be retried" },
  AuthNotFound: {
    status: 404,
    inner: 404,
    meaning: "No authentication handler with this id (GET /v1/auths lists them)",
  },
  AuthNotConfigured: {
    status: 503,
    inner: 503,
    meaning: "Browser sign-in needs auth.state_secret and the connector's client id and secret",
  },
  RedirectUrlNotAllowed: {
    status: 400,
    inner: 400,
    meaning: "redirect_url is missing or not under auth.redirect_allowlist",
  },
  OAuthStateInvalid: { status: 400, inner: 400, meaning: "The OAuth state was altered or sealed by another secret" },
  OAuthStateExpired: {
    status: 400,
    inner: 400,
    meaning: "The browser sign-in took longer than auth.state_ttl_seconds",
  },
  OAuthStateReused: { status: 400, inner: 400, meaning: "The OAuth state was already used to finish a sign-in" },
  OAuthProviderError: { status: 502, inner: 502, meaning: "The provider refused access or the sign-in code" },
  JobNotWaiting: { status: 409, inner: 409, meaning: "Only a job waiting for an external system can be completed" },
  NoMockMatched: {
    status: 404,
    inner: 404,
    meaning: "The proxy answers this command from mock fixtures (serve --mock) and none matches the call",
  },
  TriggerNotFound: {
    status: 404,
    inner: 404,
    meaning: "No webhook trigger with this id (GET /v1/triggers lists them)",
  },
  WebhookUnauthorized: {
    status: 401,
    inner: 401,
    meaning: "The webhook's signature or token is missing or wrong; nothing was stored",
  },
  InvalidEvent: { status: 400, inner: 400, meaning: "The event cannot be stored: its event_id expression gave no id" },
  EventNotFound: { status: 404, inner: 404, meaning: "No event with this id" },
  EventNotRetryable: { status: 400, inner: 400, meaning: "Only dead events can be retried" },
} as const;

export type ProxyErrorCode = keyof typeof PROXY_ERRORS;

/** The envelope answering a proxy-level fault. */
export function proxyErrorOutcome(code: ProxyErrorCode, message: string, logs: string[] = []): Outcome {
  const entry = PROXY_ERRORS[code];
  const outcome = errorOutcome(entry.status, { error_code: code, message }, logs, entry.inner);
  if (code === "command_not_found") outcome.envelope.command_response = {};
  return outcome;
}
