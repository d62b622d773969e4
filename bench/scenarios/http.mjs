/**
 * http/GetRequestV2 through the proxy vs a minimal hand-written undici forwarder, both
 * calling the same local upstream in the same run (target >= 0.8 of the forwarder).
 * CPU time per call of each server (from /proc) is reported too: unlike req/s it holds
 * steady when the machine is shared. Context rows give, through the same proxy, example/Example
 * (no upstream call) and a minimal undici command (bench/fixtures): the proxy's own share.
 */
import { readFileSync } from "node:fs";

const CONFIG = {
  discover: false,
  connectors: {
    http: { package: "@connector-proxy/connector-http" },
    example: { package: "@connector-proxy/connector-example" },
    rawhttp: { path: "bench/fixtures/raw-http-connector.mjs" },
  },
};

/** User + system CPU milliseconds a process has used so far. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Load `url` and measure the CPU the serving child spent per request. */
async function measure(lib, child, url, body, seconds) {
  const before = cpuMs(child.pid);
  const result = await lib.load({ url, method: "POST", body, seconds });
  const cpuUs = Math.round(((cpuMs(child.pid) - before) * 1000) / Math.max(1, result.total));
  if (result.non2xx + result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { ...result, cpuUs };
}

export default async function http(lib) {
  const upstream = await lib.spawnServer("bench/servers/http-upstream.mjs");
  const forwarder = await lib.spawnServer("bench/servers/http-forwarder.mjs");
  const proxy = await lib.spawnProxy({ config: CONFIG });
  const body = { url: `${upstream.url}/item`, spiff__task_id: "bench", spiff__task_data: { a: 1 } };
  const target = `${proxy.url}/v1/do/http/GetRequestV2`;
  try {
    const warm = { method: "POST", body, seconds: 1 };
    await lib.load({ url: `${forwarder.url}/`, ...warm });
    await lib.load({ url: target, ...warm });
    await lib.load({ url: `${proxy.url}/v1/do/rawhttp/Get`, ...warm });
    const base = await measure(lib, forwarder, `${forwarder.url}/`, body, 8);
    const ours = await measure(lib, proxy, target, body, 8);
    const core = await measure(lib, proxy, `${proxy.url}/v1/do/example/Example`, { message: "hi" }, 3);
    const minimal = await measure(lib, proxy, `${proxy.url}/v1/do/rawhttp/Get`, body, 3);
    return [
      { figure: "hand-written undici forwarder, same upstream (baseline)", value: base.rps, unit: "req/s" },
      lib.ratioRow("http/GetRequestV2 through the proxy vs the forwarder", ours.rps, base.rps, 0.8),
      {
        figure: "http/GetRequestV2 p50 / p99 latency at 50 connections",
        value: ours.p50,
        unit: `ms (p99 ${ours.p99} ms)`,
      },
      {
        figure: "CPU per call: proxy http/GetRequestV2 vs forwarder",
        value: ours.cpuUs,
        unit: "µs",
        baseline: base.cpuUs,
        ratio: Math.round((base.cpuUs / Math.max(1, ours.cpuUs)) * 1000) / 1000,
      },
      {
        figure: "context: example/Example through the same proxy (no upstream call)",
        value: core.rps,
        unit: `req/s (${core.cpuUs} µs CPU per call)`,
      },
      {
        figure: "context: a minimal undici command (no checks, no parsing) in the same proxy",
        value: minimal.rps,
        unit: `req/s (${minimal.cpuUs} µs CPU per call)`,
      },
      { figure: "proxy peak RSS during the http run", value: await proxy.peakRssMiB(), unit: "MiB" },
    ];
  } finally {
    await Promise.all([upstream.close(), forwarder.close(), proxy.close()]);
  }
}
