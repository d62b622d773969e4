/**
 * From parameters to what goes on the wire: the URL with its query, the headers
 * (basic auth, traceparent, content type) and the body in the chosen format.
 * Also collects the credential values, so logs and messages can scrub them.
 */
import { isSensitiveKey } from "@connector-proxy/sdk";
import type { HttpMethod } from "../anchors.js";
import { requestError } from "../error-codes.js";
import type { HttpParams } from "../params.js";
import { ACCEPT_ENCODING } from "../response/read-body.js";
import { logSafeUrl } from "./log-safe.js";

/**
 * One prepared request, sent as is by every attempt. It keeps strings, not the URL object:
 * a call holds it while it waits for the upstream, and thousands may wait at once.
 */
export interface PreparedRequest {
  readonly method: HttpMethod;
  /** `http(s)://host[:port]`, where the request goes. */
  readonly origin: string;
  /** The path with its query string. */
  readonly path: string;
  /** The URL as logs and messages may show it (see logSafeUrl). */
  readonly logUrl: string;
  readonly headers: Record<string, string>;
  readonly body: string | null;
  /** Credential values used by this request (scrubbed from logs and messages). */
  readonly secrets: readonly string[];
}

/** The URL as an error may quote it: user info masked. */
const quoted = (text: string) => `'${text.replace(/^([^/]*\/\/)[^/@?#]*@/, "$1***@")}'`;

/**
 * Parse `url` as Python requests would accept it; a malformed one is the reference's
 * MissingSchema, InvalidSchema or InvalidURL, answered http_status 400 (the caller must fix it)
 * where the reference answered a transient 500.
 */
function parseUrl(text: string): URL {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const what = `Invalid URL ${quoted(text)}: No scheme supplied. Perhaps you meant https://${text}? (give an absolute http:// or https:// URL)`;
    throw requestError("MissingSchema", what, { status: 400 });
  }
  if (scheme !== "http" && scheme !== "https") {
    const what = `No connection adapters were found for ${quoted(text)} (use an http:// or https:// URL)`;
    throw requestError("InvalidSchema", what, { status: 400 });
  }
  if (!/^https?:\/\/[^/?#]/i.test(text)) {
    throw requestError("InvalidURL", `Invalid URL ${quoted(text)}: No host supplied`, { status: 400 });
  }
  try {
    return new URL(text);
  } catch {
    const what = `Failed to parse: ${quoted(text)} (check the host name and port)`;
    throw requestError("InvalidURL", what, { status: 400 });
  }
}

/** Append an object's entries as pairs (a list value repeats the key; null is left out). */
function appendPairs(target: URLSearchParams, record: Record<string, unknown>): URLSearchParams {
  for (const [key, value] of Object.entries(record)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      target.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  return target;
}

function encodeBody(params: HttpParams, headers: Record<string, string>): string | null {
  const { data, body_format: format } = params;
  if (data === undefined || data === null || format === "none") return null;
  if (format === "json") {
    headers["content-type"] ??= "application/json";
    return JSON.stringify(data);
  }
  if (format === "form") {
    headers["content-type"] ??= "application/x-www-form-urlencoded";
    if (typeof data !== "object" || Array.isArray(data)) return String(data);
    return appendPairs(new URLSearchParams(), data as Record<string, unknown>).toString();
  }
  return typeof data === "string" ? data : JSON.stringify(data);
}

/** Prepare the request for `method` from validated parameters. */
export function buildRequest(method: HttpMethod, params: HttpParams, traceparent: string | null): PreparedRequest {
  const url = parseUrl(params.url);
  // Reading url.searchParams builds a URLSearchParams: only when there is a query to add.
  if (params.params) appendPairs(url.searchParams, params.params);
  const secrets: string[] =
    url.search === "" ? [] : [...url.searchParams].filter(([key]) => isSensitiveKey(key)).map(([, value]) => value);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(params.headers ?? {})) {
    if (value === null || value === undefined) continue;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    headers[name.toLowerCase()] = text;
    if (isSensitiveKey(name)) secrets.push(text, ...text.split(/\s+/).slice(1));
  }
  let username = params.basic_auth_username;
  let password = params.basic_auth_password;
  if (username === undefined && url.username !== "") {
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  }
  // The setters re-serialise the whole URL, even to store "" over "".
  if (url.username !== "" || url.password !== "") {
    url.username = "";
    url.password = "";
  }
  if (username !== undefined) {
    const token = Buffer.from(`${username}:${password ?? ""}`).toString("base64");
    headers.authorization = `Basic ${token}`;
    secrets.push(token);
    if (password) secrets.push(password);
  }
  if (traceparent && headers.traceparent === undefined) headers.traceparent = traceparent;
  headers["accept-encoding"] ??= ACCEPT_ENCODING;
  const body = method === "HEAD" ? null : encodeBody(params, headers);
  return {
    method,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    logUrl: logSafeUrl(url),
    headers,
    body,
    secrets,
  };
}
