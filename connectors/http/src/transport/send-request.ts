/**
 * Sending one request through the shared dispatcher and collecting the whole answer, with
 * undici's handler interface. `dispatcher.request()` would cost more on every call: behind
 * the redirect interceptor it turns the parsed headers back into raw buffers and parses them
 * again, and it builds a Readable stream (and an async resource) for every answer, only for
 * us to gather its chunks into one Buffer.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import { type BodyDone, BodyReader, declaredTooLarge } from "../response/read-body.js";

/**
 * What broke a request after its answer had started (Python requests calls that a
 * ChunkedEncodingError rather than a ConnectionError); the original error is its `cause`.
 */
export class BrokenBody extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.name = "BrokenBody";
  }
}

/** An answer (any status) with its whole decoded body. */
export interface ReceivedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The dispatch context of the last hop (the redirect interceptor keeps `history` in it). */
  context: unknown;
}

export interface ReceiveOptions {
  /** Largest decoded body read (ResponseTooLarge past it). */
  limit: number;
  /** False for HEAD, whose Content-Length describes a body never sent. */
  hasBody: boolean;
  /** Cancels the request: the promise rejects with the signal's reason and the connection closes. */
  signal: AbortSignal;
}

/** A DispatchHandler settling one promise; undici calls onRequestStart again on each redirect hop. */
class CollectingHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | null = null;
  #context: unknown = null;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #reader: BodyReader | null = null;
  /** Set once the promise is settled. */
  #settled = false;
  /** Why the call failed; a failure before the request started (or between redirect hops) aborts it then. */
  #failure: Error | null = null;
  readonly #options: ReceiveOptions;
  readonly #resolve: (response: ReceivedResponse) => void;
  readonly #reject: (error: Error) => void;
  readonly #onAbort = () => this.fail(this.#options.signal.reason as Error);
  readonly #onBody: BodyDone = (error, body) => (error ? this.fail(error) : this.#succeed(body));

  constructor(options: ReceiveOptions, resolve: (response: ReceivedResponse) => void, reject: (error: Error) => void) {
    this.#options = options;
    this.#resolve = resolve;
    this.#reject = reject;
    options.signal.addEventListener("abort", this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#controller = controller;
    this.#context = context;
    if (this.#failure) controller.abort(this.#failure);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // informational (1xx): the final answer follows
    const refused = declaredTooLarge(headers, this.#options.limit, this.#options.hasBody);
    if (refused) {
      this.fail(refused);
      return;
    }
    this.#status = statusCode;
    this.#headers = headers;
    this.#reader = new BodyReader(headers, this.#options.limit, controller, this.#onBody);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#reader?.write(chunk);
  }

  onResponseEnd(): void {
    this.#reader?.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(this.#status === 0 ? error : new BrokenBody(error));
  }

  #succeed(body: Buffer): void {
    if (this.#settled) return;
    this.#settle();
    this.#resolve({ status: this.#status, headers: this.#headers, body, context: this.#context });
  }

  /** Fail the call, and stop the request if it still runs (closing its connection, as a destroyed body did). */
  fail(error: Error): void {
    if (this.#settled) return;
    this.#settle();
    this.#failure = error;
    this.#reader?.destroy();
    this.#controller?.abort(error);
    this.#reject(error);
  }

  #settle(): void {
    this.#settled = true;
    this.#options.signal.removeEventListener("abort", this.#onAbort);
  }
}

/** Send `request` and resolve with the whole answer; rejects with what failed it (undici's error, BrokenBody, ResponseTooLarge, the signal's reason). */
export function sendRequest(
  dispatcher: Dispatcher,
  request: Dispatcher.DispatchOptions,
  options: ReceiveOptions,
): Promise<ReceivedResponse> {
  if (options.signal.aborted) return Promise.reject(options.signal.reason);
  return new Promise((resolve, reject) => {
    const handler = new CollectingHandler(options, resolve, reject);
    try {
      dispatcher.dispatch(request, handler);
    } catch (error) {
      handler.fail(error as Error);
    }
  });
}
