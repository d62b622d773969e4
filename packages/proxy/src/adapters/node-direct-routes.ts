/**
 * The Node adapter's direct path for the two routes an engine calls all the time:
 * `POST /v1/do/{connector}/{command}` and `GET /v1/commands`. It reads the Node request and writes
 * the Node response itself, skipping the web Request/Response objects and Hono's dispatch (about a
 * third of a no-op call's cost, and the import of Hono's Node adapter at start-up). It answers
 * exactly as the Hono routes do: the same API-key check, request id, answer (../http/execution-answer)
 * and log line. Requests it does not take (other routes, an encoded or unusual path, a browser's
 * cross-origin call) go to the Hono app.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallerSignal } from "../execution/execute.js";
import { API_KEY_HEADER, apiKeyCheck, UNAUTHORIZED } from "../http/api-key.js";
import { CLIENT_CLOSED_REQUEST, INTERNAL_ERROR } from "../http/create-app.js";
import { answerExecution } from "../http/execution-answer.js";
import { type CommandLogFields, REQUEST_ID_HEADER, recordRequest, requestIdFor } from "../http/observe-requests.js";
import type { CallOptions, ProxyCore } from "../proxy.js";

const EXECUTION_PATH = /^\/v1\/do\/([\w.-]+)\/([\w.-]+)$/;
const EXECUTION_ROUTE = "/v1/do/:connector/:command";
const CATALOGUE_ROUTE = "/v1/commands";
const KEY_HEADER = API_KEY_HEADER.toLowerCase();
const JSON_TYPE = "application/json";

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : value);

export interface NodeRequest {
  readonly incoming: IncomingMessage;
  readonly outgoing: ServerResponse;
  readBody(limit: number): Promise<string | null>;
  /** Fires when the client goes away before the answer is sent (created on first read). */
  readonly signal: CallerSignal;
}

/** A direct request's call options: its `traceparent`, and its client's signal read only if the command reads its own. */
class DirectCall implements CallOptions {
  readonly traceparent?: string;

  constructor(private readonly request: NodeRequest) {
    const traceparent = single(request.incoming.headers.traceparent);
    if (traceparent) this.traceparent = traceparent;
  }

  get signal(): CallerSignal {
    return this.request.signal;
  }
}

/** What a route answers: status, content type, body, and for command calls the log fields. */
interface Answer {
  status: number;
  contentType: string;
  body: string | Uint8Array;
  log?: CommandLogFields;
}

/** A handler that answers the requests it takes and returns `false` for the others. */
export function directRoutes(proxy: ProxyCore): (request: NodeRequest) => boolean {
  const keyMatches = apiKeyCheck(proxy.apiKey);
  const limit = proxy.config.body_limit_bytes;

  async function execute(request: NodeRequest, id: string): Promise<Answer> {
    const answer = await answerExecution(proxy, id, await request.readBody(limit), new DirectCall(request));
    return { status: answer.status, contentType: answer.contentType, body: answer.text, log: answer.log };
  }

  const catalogue = (): Answer => ({ status: 200, contentType: JSON_TYPE, body: proxy.catalogue.toBytes() });

  async function serve(request: NodeRequest, route: string, answer: () => Answer | Promise<Answer>): Promise<void> {
    const { incoming, outgoing } = request;
    const started = performance.now();
    const requestId = requestIdFor(single(incoming.headers[REQUEST_ID_HEADER]));
    let status = 500;
    let command: CommandLogFields | undefined;
    try {
      const given = keyMatches(single(incoming.headers[KEY_HEADER]))
        ? await answer()
        : { status: 401, contentType: JSON_TYPE, body: JSON.stringify(UNAUTHORIZED) };
      ({ status, log: command } = given);
      outgoing.writeHead(status, { "content-type": given.contentType, [REQUEST_ID_HEADER]: requestId });
      outgoing.end(given.body);
    } catch (error) {
      if (outgoing.destroyed) {
        status = CLIENT_CLOSED_REQUEST; // it left while sending the body: nothing to answer, nothing wrong here
      } else {
        proxy.logger.error({ err: error, path: incoming.url, request_id: requestId }, "unhandled error in a route");
        if (!outgoing.headersSent) outgoing.writeHead(status, { "content-type": JSON_TYPE });
        outgoing.end(JSON.stringify(INTERNAL_ERROR));
      }
    }
    recordRequest(proxy.logger, { requestId, method: incoming.method ?? "", route, status, started, command });
  }

  return (request) => {
    const { incoming } = request;
    if (incoming.headers.origin !== undefined) return false; // CORS: the app's middleware answers those
    if (incoming.method === "GET" && incoming.url === CATALOGUE_ROUTE) {
      void serve(request, CATALOGUE_ROUTE, catalogue);
      return true;
    }
    const match = incoming.method === "POST" ? EXECUTION_PATH.exec(incoming.url ?? "") : null;
    if (!match) return false;
    void serve(request, EXECUTION_ROUTE, () => execute(request, `${match[1]}/${match[2]}`));
    return true;
  };
}
