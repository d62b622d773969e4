/**
 * A whole http command call: prepare the request, run up to `attempts` attempts with
 * backoff, log the story (attempts, status, duration; never credentials), and answer
 * the v2 envelope: the parsed body, `HttpError<status>` for statuses >= 300.
 */
import type { CommandContext, Envelope } from "@connector-proxy/sdk";
import type { HttpMethod } from "./anchors.js";
import type { HttpParams } from "./params.js";
import { type AttemptResult, performAttempt, type UpstreamResponse } from "./perform-attempt.js";
import { buildRequest } from "./request/build-request.js";
import { scrubberFor } from "./request/log-safe.js";
import { decodeText, parseBody } from "./response/parse-body.js";
import { backoffMs, DEADLINE_MARGIN_MS, isRetryableStatus, parseRetryAfter, sleep } from "./retry-policy.js";
import type { Transport } from "./transport/transport.js";

const MESSAGE_BODY_CHARS = 500;

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
}

function envelopeOf(response: UpstreamResponse, params: HttpParams, scrub: (text: string) => string): Envelope {
  const contentType = headerText(response.headers["content-type"]);
  const status = response.status;
  let error: Envelope["error"] = null;
  if (status >= 300) {
    // Decode twice the characters shown at the least, and scrub before cutting, so no secret is cut in half.
    const head = response.body.subarray(0, MESSAGE_BODY_CHARS * 8);
    const scrubbed = scrub(decodeText(head, contentType));
    const more = scrubbed.length > MESSAGE_BODY_CHARS || response.body.length > head.length ? "..." : "";
    const text = scrubbed.slice(0, MESSAGE_BODY_CHARS);
    error = { error_code: `HttpError${status}`, message: `The upstream answered HTTP ${status}: ${text}${more}` };
  }
  return {
    command_response: {
      body: parseBody(response.body, contentType),
      mimetype: contentType.split(";")[0]?.trim() || "application/json",
      http_status: status,
      headers: params.include_response_headers ? { ...response.headers } : {},
    },
    command_response_version: 2,
    error,
    spiff__logs: [],
  };
}

function outcomeText(result: AttemptResult, ms: number): string {
  if (!result.ok) return `failed after ${ms} ms: ${result.failure.error.code}`;
  const { status, body, redirects } = result.response;
  const via = redirects > 0 ? ` after ${redirects} redirect${redirects === 1 ? "" : "s"}` : "";
  return `answered ${status}${via} in ${ms} ms (${body.length} bytes)`;
}

function worthRetrying(result: AttemptResult): boolean {
  return result.ok ? isRetryableStatus(result.response.status) : result.failure.retry;
}

/** Run `method` with validated `params`: resolves to a v2 envelope, or throws the CommandError of the last failure. */
export async function runRequest(
  method: HttpMethod,
  params: HttpParams,
  ctx: CommandContext,
  transport: Transport,
): Promise<Envelope> {
  const request = buildRequest(method, params, ctx.traceparent);
  const scrub = scrubberFor(request.secrets);
  const describe = `${method} ${scrub(request.logUrl)}`;
  for (let attempt = 1; ; attempt++) {
    const left = ctx.deadline - Date.now() - DEADLINE_MARGIN_MS;
    const timeoutMs = Math.max(1, Math.min(params.timeout_seconds * 1000, left));
    const started = performance.now();
    const result = await performAttempt(request, { transport, timeoutMs, signal: ctx.signal, describe, scrub });
    const ms = Math.round(performance.now() - started);
    ctx.log(`${describe} attempt ${attempt}/${params.attempts} ${outcomeText(result, ms)}`);
    const again = attempt < params.attempts && worthRetrying(result) && (await waitForRetry(result, attempt + 1, ctx));
    if (again) continue;
    if (!result.ok) throw result.failure.error;
    return envelopeOf(result.response, params, scrub);
  }
}

/** Wait before attempt `next`; false when the wait would pass the command's deadline. */
async function waitForRetry(result: AttemptResult, next: number, ctx: CommandContext): Promise<boolean> {
  const retryAfter = result.ok ? parseRetryAfter(result.response.headers["retry-after"]) : null;
  const wait = backoffMs(next, retryAfter);
  if (Date.now() + wait >= ctx.deadline - DEADLINE_MARGIN_MS) {
    ctx.log(`no attempt ${next}: waiting ${wait} ms would pass the command's deadline`);
    return false;
  }
  ctx.log(`waiting ${wait} ms${retryAfter === null ? "" : " (Retry-After)"} before attempt ${next}`);
  await sleep(wait, ctx.signal);
  return true;
}
