/**
 * Cold start of the proxy itself: libraries that only some requests need are imported by the
 * first of those requests, not at start-up. Checked in a fresh Node process running the built
 * proxy, whose CommonJS module cache shows what was loaded.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Start a proxy serving the example connector, then make `requests`; which libraries were loaded after each step. */
async function librariesLoadedAlong(requests: readonly string[], libraries: readonly string[]) {
  const script = `import { createRequire } from "node:module";
import { createProxy, parseConfig } from "@connector-proxy/proxy";
const cache = createRequire(import.meta.url).cache;
const loaded = () => ${JSON.stringify(libraries)}.filter((library) =>
  Object.keys(cache).some((file) => file.replaceAll("\\\\", "/").includes("/node_modules/" + library + "/")));
const raw = { discover: false, connectors: { example: { package: "@connector-proxy/connector-example" } } };
const { config, secrets } = parseConfig(raw, {}, "test config");
const proxy = await createProxy({
  config: { config, secrets, baseDir: process.cwd(), file: null },
  env: { CONNECTOR_PROXY_LOG_LEVEL: "silent" }, // stdout carries the answer
});
const steps = [{ after: "start", loaded: loaded() }];
for (const route of ${JSON.stringify(requests)}) {
  const response = await proxy.app.request(route);
  if (response.status !== 200) throw new Error(route + " answered " + response.status);
  await response.text();
  steps.push({ after: route, loaded: loaded() });
}
await proxy.close();
console.log(JSON.stringify(steps));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, CONNECTOR_PROXY_LOG_LEVEL: "silent" },
    timeout: 20_000,
  });
  // the last line: start-up log lines (the proxy's own env is empty, so it logs at info) come before it
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as { after: string; loaded: string[] }[];
}

describe("proxy start-up", () => {
  it("imports prom-client only when /metrics is first scraped", async () => {
    const steps = await librariesLoadedAlong(["/v1/commands", "/metrics"], ["prom-client"]);
    expect(steps).toEqual([
      { after: "start", loaded: [] },
      { after: "/v1/commands", loaded: [] },
      { after: "/metrics", loaded: ["prom-client"] },
    ]);
  });
});
