/**
 * Calls to the proxy's JSON API from the page it served: URLs relative to /console/, the API
 * key (kept in sessionStorage for this tab only) sent as Spiff-Connector-Proxy-Api-Key.
 */

export const API_KEY_HEADER = "Spiff-Connector-Proxy-Api-Key";
const KEY_ITEM = "connector-proxy-api-key";

export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_ITEM),
  set: (key: string) => sessionStorage.setItem(KEY_ITEM, key),
  clear: () => sessionStorage.removeItem(KEY_ITEM),
};

/** A non-2xx answer of the API (a 401 means the key is missing or wrong). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The absolute URL of an API path (`/v1/...`), for the page's own origin and path prefix. */
export function apiUrl(path: string): string {
  return new URL(`..${path}`, document.baseURI).href;
}

function headers(json: boolean): Record<string, string> {
  const key = apiKey.get();
  return { ...(json ? { "content-type": "application/json" } : {}), ...(key ? { [API_KEY_HEADER]: key } : {}) };
}

/** What any answer of the API says went wrong, in one line. */
function problem(body: unknown): string {
  if (body && typeof body === "object") {
    const value = body as { error?: unknown };
    if (typeof value.error === "string") return value.error;
    if (value.error && typeof value.error === "object") {
      const { error_code, message } = value.error as { error_code?: unknown; message?: unknown };
      return `${String(error_code)}: ${String(message)}`;
    }
  }
  return JSON.stringify(body);
}

/** Read JSON from the API; throws ApiError on a non-2xx answer. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(apiUrl(path), { headers: headers(false) });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, problem(body));
  return body as T;
}

/** Send a request with an optional JSON body; throws ApiError on a non-2xx answer. */
export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(apiUrl(path), {
    method,
    headers: headers(body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, problem(answer));
  return answer as T;
}

/** One command run as Arena would: the answer whatever its status, and how long it took. */
export interface CallAnswer {
  status: number;
  durationMs: number;
  /** The parsed envelope, or the raw text when the answer is not JSON. */
  envelope: unknown;
}

export async function callCommand(id: string, params: Record<string, unknown>): Promise<CallAnswer> {
  const started = performance.now();
  const response = await fetch(apiUrl(`/v1/do/${id}`), {
    method: "POST",
    headers: headers(true),
    body: JSON.stringify(params),
  });
  const text = await response.text();
  const durationMs = Math.round(performance.now() - started);
  if (response.status === 401) throw new ApiError(401, "Unauthorized");
  let envelope: unknown = text;
  try {
    envelope = JSON.parse(text);
  } catch {
    // not JSON (a legacy v1 command's raw answer): shown as text
  }
  return { status: response.status, durationMs, envelope };
}
