/**
 * What travels in an MCP `tools/call` besides the arguments, in `params._meta`:
 * Arena's reserved keys (task data, ids, callback URL), the deadline and the trace context.
 * Also the `_meta` keys of our tool listings and log notifications.
 */
import { splitReserved } from "@connector-proxy/sdk";
import type { Invocation } from "../hosting/command-handle.js";
import { reservedBody } from "../hosting/reserved-body.js";

/** `_meta` key of a tools/call request: `{spiff__task_data, ..., deadline, traceparent, call}`. */
export const CONTEXT_KEY = "connector-proxy/context";
/** `_meta` key of a tools/call result from one of our servers: the exact Outcome. */
export const OUTCOME_KEY = "connector-proxy/outcome";
/** `_meta` key of a listed tool: `{parameters, errors, long_running}` as the catalogue shows them. */
export const TOOL_KEY = "connector-proxy/command";
/** `_meta` key of a log notification: the `call` id it belongs to. */
export const CALL_KEY = "connector-proxy/call";

export interface CallContext {
  /** Arena's `spiff__*` keys, ready to merge into a request body. */
  reserved: Record<string, unknown>;
  /** Epoch milliseconds, when the caller set one. */
  deadline: number | null;
  traceparent: string | null;
  /** Correlates log notifications with the call. */
  call: string | null;
}

/** The `_meta` of a tools/call for `invocation`. */
export function contextMeta(invocation: Invocation, call: string): Record<string, unknown> {
  return {
    [CONTEXT_KEY]: {
      ...reservedBody(invocation.reserved),
      deadline: invocation.deadline,
      call,
      ...(invocation.traceparent ? { traceparent: invocation.traceparent } : {}),
    },
  };
}

/** Read the context of a tools/call; absent or malformed fields are null. */
export function readContext(meta: Record<string, unknown> | undefined): CallContext {
  const raw = meta?.[CONTEXT_KEY];
  const context = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const { reserved } = splitReserved(context);
  return {
    reserved: reservedBody(reserved),
    deadline: typeof context.deadline === "number" ? context.deadline : null,
    traceparent: typeof context.traceparent === "string" ? context.traceparent : null,
    call: typeof context.call === "string" ? context.call : null,
  };
}
