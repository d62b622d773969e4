/**
 * The console in Chromium, catalogue and Try it: behind the API key, http/GetRequestV2 found by
 * search, its form generated from the schema (required mark, enum select, defaults), run against
 * a local upstream, and the answer's status, body, logs and copyable call shown.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../../src/adapters/node-server.js";
import { type TestProxy, testProxy } from "../helpers/test-proxy.js";
import { type ConsoleBrowser, ensureConsoleBuilt, openBrowser, signIn } from "./console-browser.js";

const KEY = "console-test-key-3f9a";
let proxy: TestProxy;
let server: RunningServer;
let upstream: Server;
let upstreamUrl: string;
let browser: ConsoleBrowser;

beforeAll(async () => {
  await ensureConsoleBuilt();
  upstream = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ greeting: "hello from the upstream", path: request.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/greeting`;
  proxy = await testProxy({}, { CONNECTOR_PROXY_API_KEY: KEY });
  server = await listen(proxy, 0, "127.0.0.1");
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
  upstream?.close();
});

describe("console: catalogue and Try it", () => {
  it("serves the page and its assets, and keeps its JSON behind the API key", async () => {
    const redirect = await fetch(`${server.url}/console`, { redirect: "manual" });
    expect(redirect.status).toBe(301);
    const page = await fetch(`${server.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}/console/${script}`, { headers: { "accept-encoding": "identity" } });
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const size = (await asset.arrayBuffer()).byteLength;
    const gzipped = await fetch(`${server.url}/console/${script}`, { headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    const sent = Number(gzipped.headers.get("content-length") ?? Number.NaN);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(size / 2);
    expect((await fetch(`${server.url}/v1/console/status`)).status).toBe(401);
    const keyed = await fetch(`${server.url}/v1/console/status`, { headers: { "Spiff-Connector-Proxy-Api-Key": KEY } });
    expect(keyed.status).toBe(200);
  });

  it("finds http/GetRequestV2 by search, runs it from its form against a local upstream and shows the answer", async () => {
    const { page } = browser;
    await signIn(page, server.url, KEY);
    // by keyboard: type in the search, Enter opens the first match
    const search = page.getByLabel(/Search \d+ commands/);
    await search.fill("GetRequestV2");
    const links = page.getByRole("navigation", { name: "Commands" }).getByRole("link");
    await expect.poll(() => links.allTextContents()).toEqual(["http/GetRequestV2"]);
    await search.press("Enter");
    await page.getByRole("heading", { name: "http/GetRequestV2" }).waitFor();

    // the form is the schema's: a required url, an enum as a select with its default, a default number
    const url = page.getByRole("textbox", { name: /^url/ });
    await expect
      .poll(
        async () =>
          (await page
            .locator("label", { has: page.getByText("url") })
            .first()
            .textContent()) ?? "",
      )
      .toContain("*");
    const bodyFormat = page.getByRole("combobox", { name: /^body_format/ });
    await expect
      .poll(() => bodyFormat.locator("option").allTextContents())
      .toEqual(expect.arrayContaining(["json", "form", "raw", "none"]));
    expect(await bodyFormat.locator("option:checked").textContent()).toBe("json");
    expect(await page.getByRole("spinbutton", { name: /^attempts/ }).inputValue()).toBe("1");
    await expect.poll(() => page.getByText("Tries in all").count()).toBeGreaterThan(0);
    // free-form parameters (any JSON) are JSON text areas, labelled like the rest
    expect(await page.getByRole("textbox", { name: /^headers/ }).getAttribute("placeholder")).toContain("JSON");
    await browser.screenshot("catalogue");

    await url.fill(upstreamUrl);
    await url.press("Enter"); // submits the form, as the Run button does
    await expect.poll(() => page.url()).toContain("#/try/http/GetRequestV2");
    const outer = page.getByTestId("outer-status");
    await outer.waitFor();
    expect(await outer.textContent()).toBe("200");
    expect(await page.getByTestId("inner-status").textContent()).toBe("200");
    expect(await page.getByTestId("response-body").textContent()).toContain("hello from the upstream");
    expect(await page.getByTestId("duration").textContent()).toMatch(/^\d+ ms$/);

    await page.getByText("Copy as curl").click();
    const curl = (await page.locator("details[open] pre").first().textContent()) ?? "";
    expect(curl).toContain(`${server.url}/v1/do/http/GetRequestV2`);
    expect(curl).toContain("$CONNECTOR_PROXY_API_KEY");
    expect(curl).not.toContain(KEY);
    await page.getByText("Copy as service-task parameters").click();
    expect(await page.locator("details[open] pre").nth(1).textContent()).toContain(
      `<spiffworkflow:parameter id="url" type="str" value="&quot;${upstreamUrl}&quot;" />`,
    );
    await browser.screenshot("try-it");
    expect(browser.nonLocalRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });

  it("generates a form for every command in the catalogue, without an unsupported field or an error", async () => {
    const { page } = browser;
    const ids = proxy.catalogue.list().map((handle) => handle.id);
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) {
      await page.goto(`${server.url}/console/#/catalogue/${id}`);
      await page.getByRole("heading", { name: id, exact: true }).waitFor();
      await page.getByRole("button", { name: "Run" }).waitFor();
      expect(await page.getByText(/Unsupported field/i).count(), id).toBe(0);
    }
    expect(browser.nonLocalRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  }, 120_000);
});
