/**
 * `oauth2/Request`: an HTTP request with the access token of a connected OAuth2 account,
 * refreshed first when it is about to expire.
 */
import { CommandError, defineCommand, OAUTH_ERRORS, z } from "@connector-proxy/sdk";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (/\bjson\b/i.test(response.headers.get("content-type") ?? "")) {
    try {
      return JSON.parse(text);
    } catch {
      return { raw_response: text };
    }
  }
  return { raw_response: text };
}

export const request = defineCommand({
  name: "Request",
  description: "Sends an HTTP request with the OAuth2 access token of a connected account",
  params: z.object({
    url: z.url().describe("The API URL to call"),
    token_set: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .describe('The connected account\'s token set: "secret:oauth2/OAuth"'),
    method: z.enum(METHODS).default("GET").describe("HTTP method"),
    headers: z.record(z.string(), z.string()).optional().describe("Extra request headers"),
    params: z.record(z.string(), z.unknown()).optional().describe("Query string parameters"),
    data: z.unknown().optional().describe("JSON request body"),
  }),
  errors: { ...OAUTH_ERRORS, "HttpError<status>": "The API answered an HTTP status of 400 or more" },
  async run({ url, token_set, method, headers, params, data }, ctx) {
    const { accessToken, tokenType } = await ctx.oauth(token_set);
    const target = new URL(url);
    for (const [key, value] of Object.entries(params ?? {})) target.searchParams.set(key, String(value));
    const sent = new Headers(headers);
    sent.set("authorization", `${tokenType} ${accessToken}`);
    if (!sent.has("accept")) sent.set("accept", "application/json");
    if (data !== undefined && !sent.has("content-type")) sent.set("content-type", "application/json");
    if (ctx.traceparent) sent.set("traceparent", ctx.traceparent);
    const response = await ctx.fetch(target, {
      method,
      headers: sent,
      ...(data !== undefined && method !== "GET" && method !== "HEAD" ? { body: JSON.stringify(data) } : {}),
      signal: ctx.signal,
    });
    const body = method === "HEAD" ? null : await readBody(response);
    ctx.log(`${method} ${target.origin}${target.pathname} answered ${response.status}`);
    if (response.status >= 400) {
      throw new CommandError(
        `HttpError${response.status}`,
        `${method} ${target.origin}${target.pathname} answered HTTP ${response.status}`,
        {
          httpStatus: response.status,
          body,
        },
      );
    }
    return { body, http_status: response.status };
  },
});
