/**
 * /docs works offline: loaded in headless Chromium with every request to anything but the
 * proxy refused, the page renders one operation per command and nothing leaves the machine.
 */
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { type ObservedProxy, observedProxy } from "./helpers/observed-proxy.js";
import { type LaunchedChromium, launchChromium } from "./support/chromium.js";

let proxy: ObservedProxy;
let server: RunningServer;
let context: BrowserContext;
let chromium: LaunchedChromium;

beforeAll(async () => {
  proxy = await observedProxy();
  server = await listen(proxy, 0, "127.0.0.1");
  chromium = await launchChromium();
  context = chromium.context;
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close(1000);
  await proxy?.close();
});

describe("/docs in a browser without internet", { timeout: 120_000 }, () => {
  it("renders every operation from the proxy's own assets; no request leaves the machine", async () => {
    const proxyOrigin = new URL(server.url).origin;
    const elsewhere: string[] = [];
    const page = await context.newPage();
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === proxyOrigin) return route.continue();
      elsewhere.push(url);
      return route.abort("addressunreachable");
    });
    await page.goto(`${server.url}/docs`);
    const ids = proxy.catalogue.list().map((handle) => handle.id);
    await page.getByText(`/v1/do/${ids[0]}`, { exact: true }).waitFor({ timeout: 90_000 });
    const paths = await page.locator(".opblock-summary-path").allTextContents();
    for (const id of ids) expect(paths.map((text) => text.replace(/\u200b/g, ""))).toContain(`/v1/do/${id}`);
    expect(elsewhere).toEqual([]);
  });

  it("serves only the assets it names", async () => {
    expect((await fetch(`${server.url}/docs/assets/swagger-ui.css`)).headers.get("content-type")).toContain("text/css");
    expect((await fetch(`${server.url}/docs/assets/package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
