/**
 * `GET /console`: the operator console (packages/console, a React app built by Vite) served
 * from the files of its build, read into memory on the first visit. The page and its assets
 * hold no secret and are not behind the API key; every JSON route the page reads is.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type Context, Hono } from "hono";
import { getMimeType } from "hono/utils/mime";

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  /** The same, gzipped once at load (scripts and styles), for browsers that accept it. */
  gzipped: Uint8Array<ArrayBuffer> | null;
  type: string;
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json)|image\/svg)/;

/** Scripts and styles from this origin only; ajv (the form's JSON Schema validator) compiles schemas with `new Function`. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The console's build folder, or null when the package is not installed. */
function consoleDist(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve("@connector-proxy/console/package.json");
    return path.join(path.dirname(manifest), "dist");
  } catch {
    return null;
  }
}

/** Every file of the build by its URL path under /console (`/index.html`, `/assets/index-1a2b.js`...). */
function readAssets(dist: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const urlPath = `/${path.relative(dist, file).split(path.sep).join("/")}`;
    const type = getMimeType(entry.name) ?? "application/octet-stream";
    const body = new Uint8Array(readFileSync(file));
    const gzipped = COMPRESSIBLE.test(type) && body.byteLength > 1024 ? new Uint8Array(gzipSync(body)) : null;
    assets.set(urlPath, { body, gzipped, type });
  }
  return assets;
}

const NOT_BUILT =
  "The console is not built: run `npm run build` in the repository (it builds packages/console into its dist folder)";

export function consoleRoutes(): Hono {
  const app = new Hono();
  let assets: Map<string, Asset> | null = null;
  const load = () => {
    if (assets) return assets;
    const dist = consoleDist();
    try {
      assets = dist ? readAssets(dist) : null;
    } catch {
      assets = null; // not built yet: asked again on the next visit
    }
    return assets;
  };

  const send = (c: Context, urlPath: string) => {
    const asset = load()?.get(urlPath);
    if (!asset) {
      return urlPath === "/index.html" ? c.text(NOT_BUILT, 404) : c.json({ error: `No console file ${urlPath}` }, 404);
    }
    // hashed names never change content; the page itself is always asked again
    const cache = urlPath.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    const gzip = asset.gzipped !== null && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    return c.body(gzip && asset.gzipped ? asset.gzipped : asset.body, 200, {
      ...(gzip ? { "content-encoding": "gzip" } : {}),
      vary: "accept-encoding",
      "content-type": asset.type,
      "cache-control": cache,
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
  };

  // relative, so a proxy mounted under a path prefix keeps it; the build's asset URLs are relative too
  app.get("/console", (c) => c.redirect("console/", 301));
  app.get("/console/", (c) => send(c, "/index.html"));
  app.get("/console/*", (c) => send(c, c.req.path.slice("/console".length)));
  return app;
}
