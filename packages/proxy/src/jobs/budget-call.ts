/**
 * The call options of a command run under an async budget (`async_after_seconds`). Until the
 * budget is over, the command follows its caller: a caller that goes away aborts it. Once the
 * caller has its 202 (and goes away), `detach()` lets the command go on, and only `abort()` (a job
 * cancellation, a shutdown) stops it. Like the Node adapter's signal, the AbortController exists
 * only if the command reads its signal (most never do; on Node 20 each AbortSignal outlives V8's
 * young generation), and the caller's signal is read only then.
 */
import type { CallerSignal, CallOptions } from "../execution/execute.js";

export class BudgetCall implements CallOptions {
  readonly traceparent?: string;
  #controller: AbortController | undefined;
  #stopped = false;
  #stopReason: unknown;
  /** The caller's options until detached. */
  #callerOptions: CallOptions | undefined;
  #caller: CallerSignal | undefined;
  readonly #onCallerGone = () => this.#controller?.abort(this.#caller?.reason);

  constructor(caller: CallOptions) {
    this.#callerOptions = caller;
    if (caller.traceparent) this.traceparent = caller.traceparent;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#stopped) this.#controller.abort(this.#stopReason);
      else this.#follow(this.#callerOptions?.signal);
    }
    return this.#controller.signal;
  }

  /** The caller got its answer: stop following it (and let go of its objects). */
  detach(): void {
    this.#caller?.removeEventListener("abort", this.#onCallerGone);
    this.#caller = undefined;
    this.#callerOptions = undefined;
  }

  /** Stop the command (the first reason wins). */
  abort(reason?: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopReason = reason;
    this.#controller?.abort(reason);
  }

  #follow(caller: CallerSignal | undefined): void {
    if (!caller) return;
    this.#caller = caller;
    if (caller.aborted) this.#onCallerGone();
    else caller.addEventListener("abort", this.#onCallerGone, { once: true });
  }
}
