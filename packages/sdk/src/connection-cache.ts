/**
 * Long-lived connections (brokers, databases) kept per key (usually the URL) and reused
 * across calls. A connection that closes or fails to open is forgotten, so the next call
 * opens a fresh one; `drop` closes one after a failure it caused.
 */
import { CommandError } from "./command-error.js";

export interface ConnectionCacheSpec<T, O> {
  /** Open a connection for `key` (with the caller's `options`); call `onClosed` when it closes on its own. */
  open(key: string, options: O, onClosed: () => void): Promise<T>;
  /** Whether a cached connection can still be used. */
  isOpen(connection: T): boolean;
  close(connection: T): Promise<unknown> | undefined;
}

export interface ConnectionCache<T, O> {
  /** The open connection for `key`, opening it with `options` when there is none (or the cached one closed). */
  get(key: string, options: O): Promise<T>;
  /** Forget and close the connection for `key`. */
  drop(key: string): void;
  /** Close every connection (shutdown, tests). */
  closeAll(): Promise<void>;
}

/**
 * A cache of connections by key.
 *
 * @example
 * const brokers = createConnectionCache({
 *   open: async (url, timeoutMs: number, onClosed) => {
 *     const c = await connect(url, { timeoutMs });
 *     c.on("close", onClosed);
 *     return c;
 *   },
 *   isOpen: (c) => !c.closed,
 *   close: (c) => c.close(),
 * });
 * const connection = await brokers.get(url, 5000);
 */
export function createConnectionCache<T, O = undefined>(spec: ConnectionCacheSpec<T, O>): ConnectionCache<T, O> {
  const entries = new Map<string, Promise<T>>();
  const forget = (key: string, entry: Promise<T>) => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  const closeQuietly = (entry: Promise<T>) => entry.then((connection) => spec.close(connection)).catch(() => {});

  return {
    async get(key, options) {
      const cached = entries.get(key);
      if (cached) {
        const connection = await cached.catch(() => null);
        if (connection !== null && spec.isOpen(connection)) return connection;
        forget(key, cached);
      }
      const opening: Promise<T> = spec.open(key, options, () => forget(key, opening));
      entries.set(key, opening);
      opening.catch(() => forget(key, opening));
      return opening;
    },
    drop(key) {
      const entry = entries.get(key);
      if (!entry) return;
      entries.delete(key);
      void closeQuietly(entry);
    },
    async closeAll() {
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(all.map(closeQuietly));
    },
  };
}

/**
 * The error for an endpoint that cannot be reached: names the host, never the credentials in the URL.
 *
 * @example
 * throw unreachable("BrokerUnavailable", "AMQP broker", "amqp://u:p@rabbit:5672", cause);
 * // message: AMQP broker rabbit:5672 is unavailable: connect ECONNREFUSED ...
 */
export function unreachable(code: string, kind: string, url: string, cause: unknown): CommandError {
  let host = "(invalid URL)";
  try {
    host = new URL(url).host;
  } catch {}
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CommandError(code, `${kind} ${host} is unavailable: ${reason}`, { httpStatus: 503, cause });
}
