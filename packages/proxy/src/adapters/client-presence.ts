/**
 * Whether a request's client is still there, as the signal execute follows (a CallerSignal) but
 * not an AbortSignal: on Node 20 every AbortSignal survives the young generation (createAbortSignal
 * swaps a fresh object's prototype, then adds properties), which for a call that waits on an
 * upstream cost ~0.9 KB promoted and several µs of GC per signal. A call whose command reads its
 * signal then creates one AbortSignal, the command's, instead of two.
 */
import type { CallerSignal } from "../execution/execute.js";

export class ClientPresence implements CallerSignal {
  #aborted = false;
  #reason: unknown;
  #listeners: (() => void)[] = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  addEventListener(_type: "abort", listener: () => void): void {
    if (!this.#aborted) this.#listeners.push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const index = this.#listeners.indexOf(listener);
    if (index >= 0) this.#listeners.splice(index, 1);
  }

  /** The client went away: every listener is called once, then forgotten. */
  abort(reason: Error): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    for (const listener of this.#listeners.splice(0)) listener();
  }
}
