/**
 * http/GetRequestV2 through the proxy vs a minimal hand-written undici forwarder, both
 * calling the same local upstream in the same run (target >= 0.8 of the forwarder).
 */
const CONFIG = { discover: false, connectors: { http: { package: "@connector-proxy/connector-http" } } };

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
    const base = await lib.load({ url: `${forwarder.url}/`, method: "POST", body, seconds: 8 });
    const ours = await lib.load({ url: target, method: "POST", body, seconds: 8 });
    if (base.non2xx + base.errors > 0) throw new Error(`forwarder: ${base.non2xx} non-2xx, ${base.errors} errors`);
    if (ours.non2xx + ours.errors > 0) throw new Error(`proxy: ${ours.non2xx} non-2xx, ${ours.errors} errors`);
    return [
      { figure: "hand-written undici forwarder, same upstream (baseline)", value: base.rps, unit: "req/s" },
      lib.ratioRow("http/GetRequestV2 through the proxy vs the forwarder", ours.rps, base.rps, 0.8),
      {
        figure: "http/GetRequestV2 p50 / p99 latency at 50 connections",
        value: ours.p50,
        unit: `ms (p99 ${ours.p99} ms)`,
      },
      { figure: "proxy peak RSS during the http run", value: await proxy.peakRssMiB(), unit: "MiB" },
    ];
  } finally {
    await Promise.all([upstream.close(), forwarder.close(), proxy.close()]);
  }
}
