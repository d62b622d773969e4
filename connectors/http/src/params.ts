/**
 * The parameters every http command accepts. Each command advertises only the ones its
 * anchor (Arena's built-in connector or the Python connector-http) had; all are accepted.
 */
import { z } from "@connector-proxy/sdk";

export const BODY_FORMATS = ["json", "form", "raw", "none"] as const;

export const httpParams = z.object({
  url: z.string().describe("The URL to call (http or https)"),
  headers: z.record(z.string(), z.unknown()).optional().describe("Request headers, as an object of name: value"),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Query string parameters, as an object (a list value repeats the key)"),
  data: z.unknown().optional().describe("Request body (see body_format)"),
  body_format: z
    .enum(BODY_FORMATS)
    .default("json")
    .describe("json (default, adds Content-Type: application/json), form (urlencoded), raw (text as is), none"),
  basic_auth_username: z.string().optional().describe("User name for HTTP basic authentication"),
  basic_auth_password: z.string().optional().describe("Password for HTTP basic authentication"),
  include_response_headers: z
    .boolean()
    .default(false)
    .describe("Answer the upstream response headers in command_response.headers"),
  attempts: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .describe("Tries in all: 5xx, 429 and connection failures are retried with backoff (Retry-After honoured)"),
  timeout_seconds: z
    .number()
    .positive()
    .default(300)
    .describe(
      "Seconds to wait for the answer to start, and between parts of the body (capped by the command's own timeout)",
    ),
});

export type HttpParams = z.output<typeof httpParams>;
export type HttpParamName = keyof z.input<typeof httpParams> & string;
