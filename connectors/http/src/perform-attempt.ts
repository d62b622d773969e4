/**
 * One attempt of a request: send it through the shared transport with the command's abort
 * signal, undici's own header and body timeouts (cheap timers; like Python requests, the
 * timeout bounds each wait for the upstream), and read the body within the size limit.
 */
import type { IncomingHttpHeaders } from "node:http";
import { type AttemptFailure, requestError, toAttemptFailure } from "./error-codes.js";
import type { PreparedRequest } from "./request/build-request.js";
import { keepCredentialsWithOrigin } from "./transport/drop-credentials-off-origin.js";
import { sendRequest } from "./transport/send-request.js";
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

/** The statuses undici's redirect interceptor follows. */
const REDIRECTS = new Set([300, 301, 302, 303, 307, 308]);

function redirectsOf(context: unknown): number {
  const history = typeof context === "object" && context !== null ? Reflect.get(context, "history") : undefined;
  return Array.isArray(history) ? Math.max(0, history.length - 1) : 0;
}

/** Run one attempt; never throws except when the command itself was aborted. */
export async function performAttempt(request: PreparedRequest, options: AttemptOptions): Promise<AttemptResult> {
  try {
    const response = await sendRequest(
      options.transport.dispatcher,
      keepCredentialsWithOrigin({
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      }),
      {
        limit: options.transport.settings.max_response_bytes,
        hasBody: request.method !== "HEAD",
        signal: options.signal,
      },
    );
    const redirects = redirectsOf(response.context);
    const limit = options.transport.settings.max_redirects;
    if (limit > 0 && redirects >= limit && REDIRECTS.has(response.status) && response.headers.location) {
      const what = `${options.describe} failed: Exceeded ${limit} redirects`;
      return { ok: false, failure: { error: requestError("TooManyRedirects", what), retry: false } };
    }
    return {
      ok: true,
      response: { status: response.status, headers: response.headers, body: response.body, redirects },
    };
  } catch (thrown) {
    if (options.signal.aborted) throw options.signal.reason;
    return { ok: false, failure: toAttemptFailure(thrown, options.describe, options.scrub) };
  }
}
