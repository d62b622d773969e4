/**
 * The checker's HTTP client: one request to the proxy under test, answered as status, content
 * type, text and parsed JSON, never throwing (a network failure is status 0 with its reason).
 */

export const API_KEY_HEADER = "Spiff-Connector-Proxy-Api-Key";
/** A command no proxy serves: calling it runs nothing. */
export const UNKNOWN_COMMAND_PATH = "/v1/do/conformance-probe/NoSuchCommand";

export interface ProbeAnswer {
  /** 0 when no answer came (refused, timed out). */
  status: number;
  contentType: string;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  /** Why no answer came, when status is 0. */
  failure?: string;
  ms: number;
}

export interface ProbeRequest {
  method?: "GET" | "POST";
  /** A JSON value to send, or a raw string sent as is (with a JSON content type). */
  body?: unknown;
  raw?: string;
  /** The API key to send: the configured one by default, `null` for none. */
  apiKey?: string | null;
  timeoutMs?: number;
}

export class Probe {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string | null,
  ) {}

  async request(path: string, request: ProbeRequest = {}): Promise<ProbeAnswer> {
    const started = performance.now();
    const key = request.apiKey === undefined ? this.apiKey : request.apiKey;
    const hasBody = request.body !== undefined || request.raw !== undefined;
    const headers: Record<string, string> = { "user-agent": "spiffworkflow-backend (connector-proxy conformance)" };
    if (key !== null) headers[API_KEY_HEADER] = key;
    if (hasBody) headers["content-type"] = "application/json";
    try {
      const response = await fetch(new URL(path, this.baseUrl), {
        method: request.method ?? (hasBody ? "POST" : "GET"),
        headers,
        ...(hasBody ? { body: request.raw ?? JSON.stringify(request.body) } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(request.timeoutMs ?? 45_000),
      });
      const text = await response.text();
      return {
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        text,
        json: parseJson(text),
        ms: Math.round(performance.now() - started),
      };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      const failure = cause ? `${(error as Error).message}: ${cause}` : (error as Error).message;
      return {
        status: 0,
        contentType: "",
        text: "",
        json: undefined,
        failure,
        ms: Math.round(performance.now() - started),
      };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An answer in a few words for a table: `500 text/html "<!doctype..."`. */
export function summarise(answer: ProbeAnswer): string {
  if (answer.status === 0) return `no answer (${answer.failure})`;
  const text = answer.text.length > 120 ? `${answer.text.slice(0, 120)}…` : answer.text;
  return `${answer.status} ${answer.contentType || "(no content type)"} ${JSON.stringify(text)}`;
}
