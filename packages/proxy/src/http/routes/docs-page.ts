/**
 * `GET /docs`: an API reference page (Swagger UI, from the `swagger-ui-dist` package) reading
 * `/openapi.json`, with every asset served by the proxy itself: the page works on a machine
 * without internet, and no request leaves it. Assets are read on first use and kept in memory.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Hono } from "hono";

/** The files of swagger-ui-dist the page uses, and their types; nothing else is served. */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

// Relative URLs, so the page also works behind a path prefix: from /docs they resolve
// to /docs/assets/… and /openapi.json.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>connector-proxy API reference</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script>
SwaggerUIBundle({ url: "openapi.json", dom_id: "#docs", validatorUrl: null, deepLinking: true });
</script>
</body>
</html>
`;

let assetDir: string | undefined;
const loaded = new Map<string, Promise<Buffer>>();

function asset(name: string): Promise<Buffer> {
  assetDir ??= path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  let file = loaded.get(name);
  if (!file) {
    file = readFile(path.join(assetDir, name));
    file.catch(() => loaded.delete(name)); // a failed read is tried again next time
    loaded.set(name, file);
  }
  return file;
}

export function docsPage(): Hono {
  const app = new Hono();
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/assets/:name", async (c) => {
    const name = c.req.param("name");
    const type = ASSETS[name];
    if (!type) return c.notFound();
    const body = await asset(name);
    return c.body(new Uint8Array(body), 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
  return app;
}
