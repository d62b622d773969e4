/**
 * One GitHub REST call through the proxy's fetch: the headers GitHub asks for, the token
 * from the parameter or the settings, and every failure as a stable GitHub* error code.
 */
import { type CommandContext, CommandError, settingsOf } from "@connector-proxy/sdk";
import { type GithubSettings, githubSettingsSchema } from "./settings.js";

export const GITHUB_ERRORS = {
  GitHubUnauthorized: "GitHub refused the token (401): check the token parameter or setting",
  GitHubForbidden: "The token may not do this (403)",
  GitHubRateLimited: "GitHub's rate limit is exhausted (answered 429: Arena may retry later)",
  GitHubNotFound: "No such repository, workflow, file or ref, or the token cannot see it (404)",
  GitHubValidationFailed: "GitHub refused the request's content (422), e.g. an unknown ref or input",
  GitHubRequestFailed: "Any other GitHub error status (5xx are answered as transient)",
  GitHubUnreachable: "The GitHub API could not be reached (transient)",
} as const;

export interface GithubCall {
  method?: "GET" | "POST";
  url: string;
  token: string | undefined;
  json?: unknown;
}

export interface GithubAnswer {
  status: number;
  body: unknown;
}

/** The parsed settings plus the token to use (parameter first, then the setting). */
export function githubAccess(ctx: CommandContext, token: string | undefined) {
  const settings: GithubSettings = settingsOf(githubSettingsSchema, ctx.config);
  return { settings, token: token ?? settings.token, base: settings.base_url.replace(/\/+$/, "") };
}

/**
 * Call the GitHub REST API; a non-2xx answer throws the matching CommandError.
 *
 * @example
 * const { body } = await githubRequest(ctx, { url: `${base}/repos/o/r/issues`, method: "POST", token, json: { title } });
 */
export async function githubRequest(ctx: CommandContext, call: GithubCall): Promise<GithubAnswer> {
  const headers: Record<string, string> = {
    accept: "application/vnd.github+json",
    "user-agent": "connector-proxy",
    "x-github-api-version": "2022-11-28",
  };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.json !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await ctx.fetch(call.url, {
      method: call.method ?? "GET",
      headers,
      ...(call.json !== undefined ? { body: JSON.stringify(call.json) } : {}),
      signal: ctx.signal,
    });
  } catch (cause) {
    if (ctx.signal.aborted) throw cause;
    throw new CommandError("GitHubUnreachable", `Could not reach GitHub at ${call.url}: retry later`, {
      httpStatus: 503,
      cause,
    });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  if (response.ok) return { status: response.status, body };
  throw githubFailure(response, body, `${call.method ?? "GET"} ${new URL(call.url).pathname}`);
}

function githubFailure(response: Response, body: unknown, what: string): CommandError {
  const said =
    typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string"
      ? (body as { message: string }).message
      : `HTTP ${response.status}`;
  const options = { httpStatus: response.status, body };
  const message = (advice: string) => `GitHub answered ${response.status} to ${what}: ${said}${advice}`;
  const rateLimited =
    response.status === 429 || (response.status === 403 && response.headers.get("x-ratelimit-remaining") === "0");
  if (rateLimited) {
    return new CommandError("GitHubRateLimited", message(" (retry later)"), { ...options, httpStatus: 429 });
  }
  switch (response.status) {
    case 401:
      return new CommandError("GitHubUnauthorized", message(": check the token"), options);
    case 403:
      return new CommandError("GitHubForbidden", message(": the token lacks a permission"), options);
    case 404:
      return new CommandError(
        "GitHubNotFound",
        message(": check the repository, names and the token's access"),
        options,
      );
    case 422:
      return new CommandError("GitHubValidationFailed", message(""), options);
    default:
      return new CommandError("GitHubRequestFailed", message(""), options);
  }
}
