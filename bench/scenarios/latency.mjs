/**
 * Added latency: p50/p99 of example/Example through the proxy minus the same percentiles of a plain
 * node:http server doing the same JSON work, both driven at the same fixed rate: 50% of the proxy's
 * measured maximum throughput (open loop, so a slow answer cannot slow the sender down). The two
 * are measured in alternating one-second slices, so a noisy neighbour hits both alike; each figure is
 * the median over the slice pairs of (proxy percentile - plain percentile).
 * Target: p99 added <= 1 ms.
 */
import { readFileSync } from "node:fs";
import { Pool } from "undici";

const BODY = { message: "hi", spiff__task_id: "bench", spiff__task_data: { a: 1 }, spiff__process_instance_id: 1 };
const SECONDS = 10;

/** A keep-alive undici pool to `url` (much cheaper per request than node:http, so it steals less CPU). */
function client(url) {
  const target = new URL(url);
  return { pool: new Pool(target.origin, { connections: 128 }), path: target.pathname };
}

/** Send POSTs at `rate` per second for `seconds` through `client`; pushes each latency (ms) to `latencies`. */
async function openLoop({ pool, path }, rate, seconds, latencies = []) {
  const payload = JSON.stringify(BODY);
  const headers = { "content-type": "application/json" };
  let failures = 0;
  const send = async () => {
    const started = process.hrtime.bigint();
    try {
      const { statusCode, body } = await pool.request({ path, method: "POST", headers, body: payload });
      await body.dump();
      if (statusCode === 200) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      else failures++;
    } catch {
      failures++;
    }
  };
  const pending = [];
  const begin = performance.now();
  await new Promise((done) => {
    const tick = () => {
      const elapsed = (performance.now() - begin) / 1000;
      if (elapsed >= seconds) return done();
      const due = Math.floor(elapsed * rate);
      while (pending.length < due) pending.push(send());
      setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  return failures;
}

/** User + system CPU milliseconds a process has used so far. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function percentiles(latencies) {
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

const round = (value) => Math.round(value * 1000) / 1000;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export default async function latency(lib) {
  const plain = await lib.spawnServer("bench/servers/plain-json.mjs");
  const proxy = await lib.spawnProxy({
    config: { discover: false, connectors: { example: { package: "@connector-proxy/connector-example" } } },
  });
  try {
    const route = `${proxy.url}/v1/do/example/Example`;
    await lib.load({ url: route, method: "POST", body: BODY, seconds: 1 });
    const max = await lib.load({ url: route, method: "POST", body: BODY, seconds: 3 });
    const rate = Math.max(1, Math.round(max.rps / 2));
    const plainClient = client(`${plain.url}/`);
    const proxyClient = client(route);
    await openLoop(plainClient, rate, 1);
    await openLoop(proxyClient, rate, 1);
    const slices = [];
    const cpu = { plain: 0, proxy: 0, calls: 0 };
    let failures = 0;
    for (let slice = 0; slice < SECONDS; slice++) {
      const plainLatencies = [];
      const proxyLatencies = [];
      let before = cpuMs(plain.pid);
      failures += await openLoop(plainClient, rate, 1, plainLatencies);
      cpu.plain += cpuMs(plain.pid) - before;
      before = cpuMs(proxy.pid);
      failures += await openLoop(proxyClient, rate, 1, proxyLatencies);
      cpu.proxy += cpuMs(proxy.pid) - before;
      cpu.calls += rate;
      slices.push({ base: percentiles(plainLatencies), ours: percentiles(proxyLatencies) });
    }
    await Promise.all([plainClient.pool.close(), proxyClient.pool.close()]);
    if (failures > 0) throw new Error(`${failures} requests failed`);
    // Median over slice pairs: a noisy neighbour's burst spoils one slice, not the figure.
    const added = (key) => round(median(slices.map((pair) => pair.ours[key] - pair.base[key])));
    const base = { p50: median(slices.map((pair) => pair.base.p50)), p99: median(slices.map((pair) => pair.base.p99)) };
    const ours = { p50: median(slices.map((pair) => pair.ours.p50)), p99: median(slices.map((pair) => pair.ours.p99)) };
    const addedP50 = added("p50");
    const addedP99 = added("p99");
    return [
      { figure: "proxy max throughput, example/Example, 50 connections", value: max.rps, unit: "req/s" },
      {
        figure: `p50 latency added at ${rate} req/s (50% of max): proxy ${round(ours.p50)} ms vs plain ${round(base.p50)} ms (medians of ${SECONDS} 1-s slices)`,
        value: addedP50,
        unit: "ms",
      },
      {
        figure: `p99 latency added at ${rate} req/s (50% of max): proxy ${round(ours.p99)} ms vs plain ${round(base.p99)} ms (medians of ${SECONDS} 1-s slices)`,
        value: addedP99,
        unit: "ms",
        target: "<= 1 ms",
        pass: addedP99 <= 1,
      },
      {
        figure: "CPU per call during those slices: proxy vs plain node:http (steady on a shared machine)",
        value: Math.round((cpu.proxy * 1000) / cpu.calls),
        unit: "µs",
        baseline: Math.round((cpu.plain * 1000) / cpu.calls),
        ratio: Math.round((cpu.plain / Math.max(1, cpu.proxy)) * 1000) / 1000,
      },
    ];
  } finally {
    await Promise.all([plain.close(), proxy.close()]);
  }
}
