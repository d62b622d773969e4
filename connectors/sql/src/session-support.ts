/**
 * What both dialects do around a borrowed connection: hold it while the work runs, cancel
 * the running statement on the server when the call is aborted, and only give the connection
 * back once that cancel has landed (so it can never hit the next borrower's statement).
 */
import { CommandError } from "@connector-proxy/sdk";

/** Pool sizes and timeouts shared by both dialects. */
export interface PoolLimits {
  connections: number;
  idleMillis: number;
  connectMillis: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { connections: 10, idleMillis: 30_000, connectMillis: 10_000 };

export function rowLimitExceeded(limit: number): CommandError {
  return new CommandError(
    "RowLimitExceeded",
    `The result has more than ${limit} rows: add a LIMIT (or a narrower WHERE), or raise row_limit in the connector's settings`,
  );
}

/** A borrowed connection, as the guard needs it. */
export interface Lease {
  /** Stop the statement running on this connection, from another connection. */
  cancel(): Promise<void>;
  /** Give the connection back; `destroy` when its state is unknown. */
  release(destroy: boolean): void;
}

/** Run `work` on a leased connection, cancelling it server-side if `signal` fires meanwhile. */
export async function guardLease<T>(signal: AbortSignal, lease: Lease, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) {
    lease.release(false);
    throw new CommandError("CommandCancelled", "The call was aborted before the statement started");
  }
  let cancelling: Promise<boolean> | undefined;
  const onAbort = () => {
    cancelling = lease.cancel().then(
      () => true,
      () => false,
    );
  };
  signal.addEventListener("abort", onAbort, { once: true });
  let failed = false;
  try {
    return await work();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
    const cancelled = cancelling ? await cancelling : true;
    lease.release(!cancelled || (failed && signal.aborted));
  }
}
