/**
 * Core overhead: POST /v1/do/example/Example through the proxy vs a plain node:http server
 * doing the same JSON parse and reply (target >= 0.75 of the plain server).
 */
const BODY = { message: "hi", spiff__task_id: "bench", spiff__task_data: { a: 1 }, spiff__process_instance_id: 1 };

export default async function core(lib) {
  const plain = await lib.spawnServer("bench/servers/plain-json.mjs");
  const proxy = await lib.spawnProxy({ config: { include: ["example/*"] } });
  try {
    const warm = { method: "POST", body: BODY, seconds: 1 };
    await lib.load({ url: `${plain.url}/`, ...warm });
    await lib.load({ url: `${proxy.url}/v1/do/example/Example`, ...warm });
    const base = await lib.load({ url: `${plain.url}/`, method: "POST", body: BODY, seconds: 8 });
    const ours = await lib.load({ url: `${proxy.url}/v1/do/example/Example`, method: "POST", body: BODY, seconds: 8 });
    if (ours.non2xx + ours.errors > 0)
      throw new Error(`proxy answered ${ours.non2xx} non-2xx and ${ours.errors} errors`);
    return [
      { figure: "plain node:http, same JSON work (baseline)", value: base.rps, unit: "req/s" },
      lib.ratioRow("example/Example through the proxy vs plain node:http", ours.rps, base.rps, 0.75),
      {
        figure: "example/Example p50 / p99 latency at 50 connections",
        value: ours.p50,
        unit: `ms (p99 ${ours.p99} ms)`,
      },
    ];
  } finally {
    await Promise.all([plain.close(), proxy.close()]);
  }
}
