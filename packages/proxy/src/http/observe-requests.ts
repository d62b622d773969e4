/**
 * Per-request observation: a request id (the caller's `x-request-id`, else a new one,
 * echoed in the answer), the request counter by route and status, and ONE log line per
 * request (info for command calls, debug for the rest) carrying what the execute route
 * noted about the command. The Node adapter's direct execution path uses the same pieces.
 */
import { randomUUID } from "node:crypto";
import type { Outcome } from "@connector-proxy/sdk";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../log/logger.js";
import { type CallOutcome, countRequest, outcomeOf } from "../observability/metrics.js";
import { requestHeader } from "./runtime-bindings.js";

/** What the execute route notes about a command call for the request's log line. */
export interface CommandLogFields {
  command: string;
  outcome: CallOutcome;
  error_code?: string;
  /** The status the upstream (or the command) answered, `command_response.http_status`. */
  upstream_status?: number;
}

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    commandLog: CommandLogFields;
  }
}

export const REQUEST_ID_HEADER = "x-request-id";
const ACCEPTED_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The caller's request id when it is a sane one, else a new one. */
export function requestIdFor(given: string | undefined): string {
  return given !== undefined && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
}

export interface RequestRecord {
  requestId: string;
  method: string;
  /** The route pattern, e.g. `/v1/do/:connector/:command`. */
  route: string;
  status: number;
  /** `performance.now()` when the request arrived. */
  started: number;
  command: CommandLogFields | undefined;
}

/** Count a finished request and write its log line. */
export function recordRequest(logger: Logger, record: RequestRecord): void {
  const { requestId, method, route, status, command } = record;
  countRequest(route, method, status);
  if (!command && !logger.isLevelEnabled("debug")) return;
  const line = {
    request_id: requestId,
    method,
    route,
    status,
    duration_ms: Math.round((performance.now() - record.started) * 100) / 100,
    ...command,
  };
  if (command) logger.info(line);
  else logger.debug(line);
}

export function observeRequests(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFor(requestHeader(c, REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    c.header(REQUEST_ID_HEADER, requestId); // before the handler: set after, it would rebuild the response
    await next();
    recordRequest(logger, {
      requestId,
      method: c.req.method,
      route: routePath(c),
      status: c.res.status,
      started,
      command: c.get("commandLog"),
    });
  };
}

/** The log fields of a finished command call. */
export function commandLogFields(command: string, outcome: Outcome): CommandLogFields {
  const errorCode = outcome.envelope.error?.error_code;
  const upstream = outcome.envelope.command_response.http_status;
  return {
    command,
    outcome: outcomeOf(outcome.status, errorCode),
    ...(errorCode !== undefined ? { error_code: errorCode } : {}),
    ...(typeof upstream === "number" ? { upstream_status: upstream } : {}),
  };
}
