/**
 * A whole http command call: prepare the request, run up to `attempts` attempts with
 * backoff, log the story (attempts, status, duration; never credentials), and answer
 * the v2 envelope: the parsed body, `HttpError<status>` for statuses >= 400 (V2) or >= 300
 * (Arena's names), in the reference's message shape.
 */
import type { CommandContext, Envelope } from "@connector-proxy/sdk";
import type { Anchor } from "./anchors.js";
import { referenceMessage } from "./error-codes.js";
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

/** The first characters of the upstream's text for a message, scrubbed before cutting (no secret cut in half). */
function rawText(body: Buffer, contentType: string, scrub: (text: string) => string): string {
  const head = body.subarray(0, MESSAGE_BODY_CHARS * 8);
  const scrubbed = scrub(decodeText(head, contentType));
  const more = scrubbed.length > MESSAGE_BODY_CHARS || body.length > head.length ? "..." : "";
  return `${scrubbed.slice(0, MESSAGE_BODY_CHARS)}${more}`;
}

function envelopeOf(
  response: UpstreamResponse,
  anchor: Anchor,
  params: HttpParams,
  describe: string,
  scrub: (text: string) => string,
): Envelope {
  const contentType = headerText(response.headers["content-type"]);
  const status = response.status;
  const parsed = parseBody(response.body, contentType);
  let error: Envelope["error"] = null;
  if (parsed.failure) {
    const what = `${parsed.failure.code === "JSONDecodeError" ? "JSON" : "XML"} body does not parse: ${scrub(parsed.failure.message)}`;
    error = {
      error_code: parsed.failure.code,
      message: referenceMessage(what, rawText(response.body, contentType, scrub)),
    };
  } else if (status >= (anchor.family === "v2" ? 400 : 300)) {
    const what = `${describe} answered HTTP ${status}`;
    error = {
      error_code: `HttpError${status}`,
      message: referenceMessage(what, rawText(response.body, contentType, scrub)),
    };
  }
  const mimetype =
    anchor.family === "v2" ? "application/json" : contentType.split(";")[0]?.trim() || "application/json";
  return {
    command_response: {
      body: parsed.value,
      mimetype,
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

/** Run `anchor`'s method with validated `params`: resolves to a v2 envelope, or throws the CommandError of the last failure. */
export async function runRequest(
  anchor: Anchor,
  params: HttpParams,
  ctx: CommandContext,
  transport: Transport,
): Promise<Envelope> {
  const request = buildRequest(anchor.method, withDefaultBody(anchor, params), ctx.traceparent);
  const scrub = scrubberFor(request.secrets);
  const describe = `${anchor.method} ${scrub(request.logUrl)}`;
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
    return envelopeOf(result.response, anchor, params, describe, scrub);
  }
}

/** connector-http's Post/Put/PatchRequestV2 send `data or {}`: an empty JSON object when no data is given. */
function withDefaultBody(anchor: Anchor, params: HttpParams): HttpParams {
  const empty = params.data === undefined || params.data === null || params.data === "" || params.data === false;
  return anchor.alwaysJsonBody && empty ? { ...params, data: {}, body_format: "json" } : params;
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
