/**
 * One attempt of a request: send it through the shared transport under its own timeout
 * and the command's abort signal, and read the body within the size limit.
 */
import type { IncomingHttpHeaders } from "node:http";
import { type AttemptFailure, timeoutFailure, toAttemptFailure } from "./error-codes.js";
import type { PreparedRequest } from "./request/build-request.js";
import { readBody } from "./response/read-body.js";
import type { Transport } from "./transport/transport.js";

/** An upstream answer (any status). */
export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Redirects followed to get it. */
  redirects: number;
}

export type AttemptResult = { ok: true; response: UpstreamResponse } | { ok: false; failure: AttemptFailure };

export interface AttemptOptions {
  transport: Transport;
  timeoutMs: number;
  signal: AbortSignal;
  /** The request as logs may show it. */
  describe: string;
  scrub(text: string): string;
}

/** Run one attempt; never throws except when the command itself was aborted. */
export async function performAttempt(request: PreparedRequest, options: AttemptOptions): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await options.transport.dispatcher.request({
      origin: request.url.origin,
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    const body = await readBody(response, options.transport.settings.max_response_bytes);
    const history = (response.context as { history?: unknown[] } | undefined)?.history;
    return {
      ok: true,
      response: {
        status: response.statusCode,
        headers: response.headers,
        body,
        redirects: Array.isArray(history) ? Math.max(0, history.length - 1) : 0,
      },
    };
  } catch (thrown) {
    if (options.signal.aborted) throw options.signal.reason;
    if (timedOut) return { ok: false, failure: timeoutFailure(options.describe, options.timeoutMs) };
    return { ok: false, failure: toAttemptFailure(thrown, options.describe, options.scrub) };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener("abort", onAbort);
  }
}
