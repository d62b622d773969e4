/**
 * Calling the Xero accounting API for a command: a usable token through ctx.oauth, the
 * organisation (tenant) the connection grants, then the request. Shared by every command.
 */
import { type CommandContext, CommandError, OAUTH_ERRORS, z } from "@connector-proxy/sdk";
import { readSettings } from "./settings.js";

/** The parameters every Xero command takes (the reference connector's names). */
export const credentialParams = {
  access_token: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .describe('The token set of the Xero connection: "secret:xero/OAuth"'),
  client_id: z.string().optional().describe("Xero app client id (default: the connector's settings)"),
  client_secret: z.string().optional().describe("Xero app client secret (default: the connector's settings)"),
};

export const XERO_ERRORS = {
  ...OAUTH_ERRORS,
  XeroNoOrganisation: "The Xero connection grants no organisation: reconnect and pick one",
  "XeroHttpError<status>": "The Xero API answered an HTTP status of 400 or more",
};

interface Credentials {
  access_token?: unknown;
  client_id?: string | undefined;
  client_secret?: string | undefined;
}

async function call(ctx: CommandContext, url: URL, init: RequestInit, authorization: string, tenant?: string) {
  const headers = new Headers(init.headers);
  headers.set("authorization", authorization);
  headers.set("accept", "application/json");
  if (tenant) headers.set("xero-tenant-id", tenant);
  if (ctx.traceparent) headers.set("traceparent", ctx.traceparent);
  const response = await ctx.fetch(url, { ...init, headers, signal: ctx.signal });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw_response: text };
  }
  if (response.status >= 400) {
    throw new CommandError(
      `XeroHttpError${response.status}`,
      `Xero answered HTTP ${response.status} to ${url.pathname}`,
      {
        httpStatus: response.status,
        body,
      },
    );
  }
  return body;
}

/** Call `path` of the accounting API (`/api.xro/2.0/Currencies`) for the connected organisation. */
export async function xeroRequest(
  ctx: CommandContext,
  credentials: Credentials,
  path: string,
  init: RequestInit = {},
): Promise<unknown> {
  const settings = readSettings(ctx.config);
  const { accessToken, tokenType } = await ctx.oauth(credentials.access_token, {
    ...(credentials.client_id ? { clientId: credentials.client_id } : {}),
    ...(credentials.client_secret ? { clientSecret: credentials.client_secret } : {}),
  });
  const authorization = `${tokenType} ${accessToken}`;
  const connections = await call(ctx, new URL("/connections", settings.api_url), {}, authorization);
  const organisation = Array.isArray(connections)
    ? (connections as { tenantId?: unknown; tenantType?: unknown }[]).find((item) => item.tenantType === "ORGANISATION")
    : undefined;
  if (typeof organisation?.tenantId !== "string") {
    throw new CommandError(
      "XeroNoOrganisation",
      "The Xero connection grants no organisation: reconnect xero/OAuth in Arena and pick one",
      {
        httpStatus: 400,
      },
    );
  }
  return call(ctx, new URL(path, settings.api_url), init, authorization, organisation.tenantId);
}
