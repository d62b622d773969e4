/**
 * undici's redirect handler drops `Authorization`, `Cookie` and `Proxy-Authorization` when a
 * redirect leaves the request's origin, but API keys travel in other headers too (`X-Api-Key`,
 * `X-Auth-Token`, ...). This interceptor sits inside the redirect interceptor, so it sees every
 * hop: on a hop to another origin than the request's first one, it drops every header whose name
 * reads as a credential (CONTRACT.md's patterns, the same test the log redaction uses).
 */
import { isSensitiveKey } from "@connector-proxy/sdk";
import type { Dispatcher } from "undici";

/** The dispatch option carrying the request's first origin (kept by the redirect handler on every hop). */
const FIRST_ORIGIN = Symbol("connector-proxy first origin");

/** Mark request options so their credential headers go to their origin only, whatever the redirects. */
export function keepCredentialsWithOrigin<T extends { origin?: string | URL }>(options: T): T {
  return Object.assign(options, { [FIRST_ORIGIN]: String(options.origin) });
}

type Headers = Dispatcher.DispatchOptions["headers"];

function withoutCredentials(headers: Headers): Headers {
  if (!headers) return headers;
  const kept: string[] = [];
  const keep = (name: string, value: unknown) => {
    if (!isSensitiveKey(name)) kept.push(name, String(value));
  };
  if (Array.isArray(headers)) {
    for (let index = 0; index < headers.length; index += 2) keep(String(headers[index]), headers[index + 1]);
  } else {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) keep(name, value);
  }
  return kept;
}

export function dropCredentialsOffOrigin(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const first = (options as { [FIRST_ORIGIN]?: string })[FIRST_ORIGIN];
    const offOrigin = first !== undefined && String(options.origin) !== first;
    return dispatch(offOrigin ? { ...options, headers: withoutCredentials(options.headers) } : options, handler);
  };
}
