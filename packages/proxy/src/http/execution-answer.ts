/**
 * The answer to one execution request, whatever carried it: Hono's route (every runtime) and the
 * Node adapter's direct path for `POST /v1/do/...` both build it here, so they answer alike.
 */
import { type Outcome, proxyErrorOutcome } from "@connector-proxy/sdk";
import type { CallOptions, ProxyCore } from "../proxy.js";
import { type CommandLogFields, commandLogFields } from "./observe-requests.js";
import { readJsonObject } from "./read-json-object.js";

export interface ExecutionAnswer {
  status: number;
  contentType: string;
  text: string;
  /** What the request's log line says about the call. */
  log: CommandLogFields;
}

/**
 * Run command `id` for a request body: the body's text (`null` when it was over `limit` bytes),
 * or parameters already parsed (a legacy GET's query string).
 */
export async function answerExecution(
  proxy: ProxyCore,
  id: string,
  body: string | null | Record<string, unknown>,
  options: CallOptions,
): Promise<ExecutionAnswer> {
  return answer(id, await outcomeForBody(proxy, id, body, options));
}

/** The call's outcome; a plain function returning the call's own promise (an async one would add a resolution step). */
function outcomeForBody(
  proxy: ProxyCore,
  id: string,
  body: string | null | Record<string, unknown>,
  options: CallOptions,
): Outcome | Promise<Outcome> {
  if (body === null) {
    return proxyErrorOutcome(
      "PayloadTooLarge",
      `The request body is over ${proxy.config.body_limit_bytes} bytes: send less data, or raise body_limit_bytes in the proxy configuration`,
    );
  }
  if (typeof body !== "string") return proxy.call(id, body, options);
  const parsed = readJsonObject(body, proxy.config.limits.json_depth);
  return parsed.ok ? proxy.call(id, parsed.value, options) : proxyErrorOutcome("InvalidRequestBody", parsed.message);
}

/** The HTTP answer for an outcome: the v2 envelope, or the raw body of a legacy v1 result. */
function answer(id: string, outcome: Outcome): ExecutionAnswer {
  const { legacyV1 } = outcome;
  return {
    status: outcome.status,
    contentType: legacyV1 ? legacyV1.mimetype : "application/json",
    text: legacyV1 ? legacyV1.body : JSON.stringify(outcome.envelope),
    log: commandLogFields(id, outcome),
  };
}
