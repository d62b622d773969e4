/**
 * The Node adapter's direct path for the hot route, `POST /v1/do/{connector}/{command}`: it reads
 * the Node request and writes the Node response itself, skipping the web Request/Response objects
 * and Hono's dispatch (about a third of a no-op call's cost). It answers exactly as the Hono route
 * does: the same API-key check, request id, answer (./execution-answer) and log line. Requests it
 * does not take (another route, an encoded or unusual path, a browser's cross-origin call) go to
 * the Hono app.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_KEY_HEADER, apiKeyCheck, UNAUTHORIZED } from "../http/api-key.js";
import { INTERNAL_ERROR } from "../http/create-app.js";
import { answerExecution } from "../http/execution-answer.js";
import { type CommandLogFields, REQUEST_ID_HEADER, recordRequest, requestIdFor } from "../http/observe-requests.js";
import type { ProxyCore } from "../proxy.js";

const EXECUTION_PATH = /^\/v1\/do\/([\w.-]+)\/([\w.-]+)$/;
const ROUTE = "/v1/do/:connector/:command";
const KEY_HEADER = API_KEY_HEADER.toLowerCase();

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : value);

export interface NodeRequest {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  readBody(limit: number): Promise<string | null>;
  /** Fires when the client goes away before the answer is sent. */
  signal: AbortSignal;
}

/** A handler that answers the requests it takes and returns `false` for the others. */
export function directExecution(proxy: ProxyCore): (request: NodeRequest) => boolean {
  const keyMatches = apiKeyCheck(proxy.apiKey);
  const limit = proxy.config.body_limit_bytes;

  async function serve(request: NodeRequest, id: string): Promise<void> {
    const { incoming, outgoing } = request;
    const started = performance.now();
    const requestId = requestIdFor(single(incoming.headers[REQUEST_ID_HEADER]));
    let status = 401;
    let command: CommandLogFields | undefined;
    try {
      if (keyMatches(single(incoming.headers[KEY_HEADER]))) {
        const traceparent = single(incoming.headers.traceparent);
        const answer = await answerExecution(proxy, id, await request.readBody(limit), {
          signal: request.signal,
          ...(traceparent ? { traceparent } : {}),
        });
        ({ status, log: command } = answer);
        outgoing.writeHead(status, { "content-type": answer.contentType, [REQUEST_ID_HEADER]: requestId });
        outgoing.end(answer.text);
      } else {
        outgoing.writeHead(status, { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId });
        outgoing.end(JSON.stringify(UNAUTHORIZED));
      }
    } catch (error) {
      status = 500;
      proxy.logger.error({ err: error, path: incoming.url }, "unhandled error in a route");
      if (!outgoing.headersSent) outgoing.writeHead(status, { "content-type": "application/json" });
      outgoing.end(JSON.stringify(INTERNAL_ERROR));
    }
    recordRequest(proxy.logger, { requestId, method: "POST", route: ROUTE, status, started, command });
  }

  return (request) => {
    const { incoming } = request;
    if (incoming.method !== "POST" || incoming.headers.origin !== undefined) return false;
    const match = EXECUTION_PATH.exec(incoming.url ?? "");
    if (!match) return false;
    void serve(request, `${match[1]}/${match[2]}`);
    return true;
  };
}
