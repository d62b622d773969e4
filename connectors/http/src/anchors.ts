/**
 * The twelve command names the http connector answers, and which parameters each one
 * advertises: exactly what its anchor published, so existing diagrams look the same.
 * Arena's built-in names (GetRequest, ...) and the Python connector-http's (GetRequestV2, ...).
 */
import type { HttpParamName } from "./params.js";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Anchor {
  readonly name: string;
  readonly method: HttpMethod;
  readonly advertise: readonly HttpParamName[];
  /**
   * Whose answer it gives. `arena`: HttpError<status> from 300, mimetype the upstream's.
   * `v2` (connector-http): HttpError<status> from 400, mimetype always application/json.
   */
  readonly family: "arena" | "v2";
  /** Sends `{}` as JSON when `data` is absent or empty: connector-http's Post/Put/PatchRequestV2 (`data or {}`). */
  readonly alwaysJsonBody?: true;
}

const BASE = ["url", "headers", "basic_auth_username", "basic_auth_password"] as const;
/** Arena's built-in connector: Get/Head add params; the others add data, body_format, include_response_headers. */
const ARENA_QUERY: readonly HttpParamName[] = [...BASE, "params"];
const ARENA_BODY: readonly HttpParamName[] = [...BASE, "data", "body_format", "include_response_headers"];
/** The Python connector-http (CONTRACT.md's catalogue). */
const V2_QUERY: readonly HttpParamName[] = [...BASE, "params", "attempts"];
const V2_BODY: readonly HttpParamName[] = [...BASE, "data"];
const V2_DELETE: readonly HttpParamName[] = [...BASE, "params", "data"];

export const ANCHORS: readonly Anchor[] = [
  { name: "GetRequest", method: "GET", advertise: ARENA_QUERY, family: "arena" },
  { name: "HeadRequest", method: "HEAD", advertise: ARENA_QUERY, family: "arena" },
  { name: "PostRequest", method: "POST", advertise: ARENA_BODY, family: "arena" },
  { name: "PutRequest", method: "PUT", advertise: ARENA_BODY, family: "arena" },
  { name: "PatchRequest", method: "PATCH", advertise: ARENA_BODY, family: "arena" },
  { name: "DeleteRequest", method: "DELETE", advertise: ARENA_BODY, family: "arena" },
  { name: "GetRequestV2", method: "GET", advertise: V2_QUERY, family: "v2" },
  { name: "HeadRequestV2", method: "HEAD", advertise: V2_QUERY, family: "v2" },
  { name: "PostRequestV2", method: "POST", advertise: V2_BODY, family: "v2", alwaysJsonBody: true },
  { name: "PutRequestV2", method: "PUT", advertise: V2_BODY, family: "v2", alwaysJsonBody: true },
  { name: "PatchRequestV2", method: "PATCH", advertise: V2_BODY, family: "v2", alwaysJsonBody: true },
  { name: "DeleteRequestV2", method: "DELETE", advertise: V2_DELETE, family: "v2" },
];
