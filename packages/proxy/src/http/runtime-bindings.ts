/**
 * What a runtime adapter may hand the app with each request (Hono's `c.env`), so the app can
 * use the runtime's fast paths without knowing the runtime: reading the body without web
 * streams, reading one header without building a web `Headers`, and a signal that fires when
 * the client goes away.
 */
import type { Context } from "hono";
import type { CallerSignal } from "../execution/execute.js";

export interface RuntimeBindings {
  /** Read the whole body as text; `null` when it is over `limit` bytes. */
  readBody?(limit: number): Promise<string | null>;
  /** One request header by name (any case; repeated values joined by ", "), `undefined` when absent. */
  header?(name: string): string | undefined;
  /** Aborts when the client disconnects before the answer is sent. */
  signal?: CallerSignal;
}

const bindings = (c: Context): RuntimeBindings => (c.env ?? {}) as RuntimeBindings;

/** The request body as text, or `null` when it is over `limit` bytes. */
export async function readBodyText(c: Context, limit: number): Promise<string | null> {
  const fast = bindings(c).readBody;
  if (fast) return fast(limit);
  if (Number(c.req.header("content-length") ?? 0) > limit) return null;
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return bytes.byteLength > limit ? null : new TextDecoder().decode(bytes);
}

/** One request header by `name`, as `c.req.header(name)` answers it. */
export function requestHeader(c: Context, name: string): string | undefined {
  const fast = bindings(c).header;
  return fast ? fast(name) : c.req.header(name);
}

/** The signal that fires when the client goes away. */
export function clientSignal(c: Context): CallerSignal {
  return bindings(c).signal ?? c.req.raw.signal;
}
