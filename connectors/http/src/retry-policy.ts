/**
 * When to try again and how long to wait: 5xx, 429 and connection failures are retried
 * with exponential backoff, `Retry-After` (seconds or HTTP date) wins over the backoff,
 * and no wait may run past the command's deadline.
 */

const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 30_000;
/** Time kept before the deadline so the last answer still gets out. */
export const DEADLINE_MARGIN_MS = 100;

/** True for upstream statuses worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Milliseconds asked for by a `Retry-After` header, or null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The wait before attempt `next` (2, 3, ...): Retry-After when given, else 250 ms doubling, capped at 30 s. */
export function backoffMs(next: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return retryAfterMs;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (next - 2));
}

/** Resolve after `ms`, or reject early when `signal` fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
