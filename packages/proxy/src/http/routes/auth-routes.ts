/**
 * Browser OAuth flows: `GET /v1/auth/{connector}/{auth}?redirect_url=` sends the browser to
 * the provider; `GET /v1/auth/{connector}/{auth}/callback` finishes and sends it back to
 * Arena. Not behind the API key (a browser follows these links). Refusals are short HTML
 * pages with a stable code, never a redirect off the allowlist and never a stack trace.
 */
import { PROXY_ERRORS } from "@connector-proxy/sdk";
import { type Context, Hono } from "hono";
import type { FlowAnswer } from "../../auth/browser-flow.js";
import type { ProxyCore } from "../../proxy.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

function answer(c: Context, result: FlowAnswer): Response {
  c.header("cache-control", "no-store");
  c.header("referrer-policy", "no-referrer");
  if (result.ok) return c.redirect(result.location, 302);
  const status = PROXY_ERRORS[result.code].status as 400;
  return c.html(
    `<!doctype html><html><head><meta charset="utf-8"><title>Connection not completed</title></head><body><h1>Connection not completed</h1><p>${escapeHtml(result.message)}</p><p><code>${result.code}</code></p></body></html>`,
    status,
  );
}

export function authRoutes(proxy: ProxyCore): Hono {
  const app = new Hono();
  const id = (c: Context) => `${c.req.param("connector")}/${c.req.param("auth")}`;
  app.get("/v1/auth/:connector/:auth", async (c) =>
    answer(c, await proxy.auth.start(id(c), c.req.query("redirect_url"), new URL(c.req.url).origin)),
  );
  app.get("/v1/auth/:connector/:auth/callback", async (c) =>
    answer(c, await proxy.auth.finish(id(c), new URL(c.req.url).searchParams, new URL(c.req.url).origin)),
  );
  return app;
}
