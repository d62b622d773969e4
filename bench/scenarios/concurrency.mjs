/**
 * Concurrency: 10,000 simultaneous http/GetRequestV2 calls through the proxy to an upstream that
 * answers after 2 s. Ideal rate = concurrency / delay; target: every call succeeds at >= 0.9 of it,
 * and the proxy's peak RSS stays < 512 MiB. Baseline in the same run: a hand-written undici
 * forwarder under the same load. Every call opens its own connection, as Arena's do; the calls start
 * over the first 100 ms (see RAMP_MS). With HTTP/1.1 a server holds two sockets per call, so a
 * per-process open-file limit under 20,200 lowers the concurrency (the row says so). A round is cut
 * after 15 s; its unfinished calls count as failed.
 *
 * The load comes from bench/clients/one-shot-calls.mjs in its own process. A calibration round
 * against a server that waits 2 s and calls nothing (bench/servers/waiting-envelope.mjs) shows
 * the most this machine can measure; each row also gives the CPU each process spent per call and
 * how late the client started its last call, so a reader sees which process was the limit.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const WANTED = 10_000;
const DELAY_MS = 2000;
/**
 * Calls start spread over this many ms: 10,000 SYNs in the same instant overflow the kernel's accept
 * queue (net.core.somaxconn, 4096 here) and turn into 1-3 s SYN retransmits that measure the kernel,
 * not the server. It caps the reachable ratio at delay / (delay + ramp) = 0.95.
 */
const RAMP_MS = 100;
/** A round still running after this is cut: its unfinished calls count as failures (keeps the suite bounded). */
const ROUND_LIMIT_MS = 15_000;

function openFileLimit() {
  const line = readFileSync("/proc/self/limits", "utf8")
    .split("\n")
    .find((row) => row.startsWith("Max open files"));
  return Number(line?.split(/\s{2,}/)[1] ?? 1024);
}

/** User + system CPU a process has used so far, in ms (Linux clock ticks are 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Run the load generator against `url`; resolves with its summary and its own CPU time. */
function runClient(lib, url, body, calls) {
  const child = spawn(process.execPath, [path.join(lib.root, "bench", "clients", "one-shot-calls.mjs")], {
    env: {
      ...process.env,
      URL: url,
      BODY: body,
      CALLS: String(calls),
      RAMP_MS: String(RAMP_MS),
      LIMIT_MS: String(ROUND_LIMIT_MS),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`the load generator exited with ${code}`)),
    );
  });
}

/** One round through a server started by `start()`, with the CPU each process spent per call. */
async function measure(lib, start, route, upstream, calls) {
  const server = await start();
  const body = JSON.stringify({ url: `${upstream.url}/slow`, spiff__task_id: "bench", spiff__task_data: {} });
  try {
    const serverCpu = cpuMs(server.pid);
    const upstreamCpu = cpuMs(upstream.pid);
    const result = await runClient(lib, `${server.url}${route}`, body, calls);
    const perCall = (ms) => Math.round((ms * 1000) / calls);
    const ideal = calls / (DELAY_MS / 1000);
    return {
      ...result,
      rate: result.ok / result.seconds,
      ratio: Math.round((result.ok / result.seconds / ideal) * 1000) / 1000,
      cpuPerCallUs: {
        client: perCall(result.cpuMs),
        server: perCall(cpuMs(server.pid) - serverCpu),
        upstream: perCall(cpuMs(upstream.pid) - upstreamCpu),
      },
      rss: await server.peakRssMiB(),
    };
  } finally {
    await server.close();
  }
}

function describe(result, calls) {
  const { client, server, upstream } = result.cpuPerCallUs;
  const failures = Object.entries(result.failures).map(([why, count]) => `${count} ${why}`);
  return (
    `${result.ok}/${calls} ok${failures.length > 0 ? ` (failed: ${failures.join(", ")})` : ""} in ${result.seconds.toFixed(2)} s, ` +
    `${Math.round(result.rate)} req/s vs ideal ${calls / (DELAY_MS / 1000)}; last call started ${result.lastStartLateMs} ms late; ` +
    `latency p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms; ` +
    `CPU per call: server ${server} µs, client ${client} µs, upstream ${upstream} µs`
  );
}

export default async function concurrency(lib) {
  const limit = openFileLimit();
  const calls = Math.min(WANTED, Math.floor((limit - 200) / 2));
  const upstream = await lib.spawnServer("bench/servers/slow-upstream.mjs", { env: { DELAY_MS: String(DELAY_MS) } });
  try {
    const rig = await measure(
      lib,
      () => lib.spawnServer("bench/servers/waiting-envelope.mjs", { env: { DELAY_MS: String(DELAY_MS) } }),
      "/",
      upstream,
      calls,
    );
    const base = await measure(lib, () => lib.spawnServer("bench/servers/http-forwarder.mjs"), "/", upstream, calls);
    const ours = await measure(
      lib,
      () =>
        lib.spawnProxy({
          config: { discover: false, connectors: { http: { package: "@connector-proxy/connector-http" } } },
        }),
      "/v1/do/http/GetRequestV2",
      upstream,
      calls,
    );
    const label = calls === WANTED ? `${calls}` : `${calls} (open-file limit ${limit} caps it below ${WANTED})`;
    return [
      {
        figure: `calibration: a server that waits 2 s and calls no upstream (the most this machine can measure), ${label} concurrent calls: ${describe(rig, calls)}`,
        value: rig.ratio,
        unit: "of ideal rate",
      },
      {
        figure: `hand-written undici forwarder, ${label} concurrent calls, upstream delay 2 s (baseline): ${describe(base, calls)}`,
        value: base.ratio,
        unit: "of ideal rate",
      },
      {
        figure: `http/GetRequestV2 through the proxy, ${label} concurrent calls, upstream delay 2 s: ${describe(ours, calls)}`,
        value: ours.ratio,
        unit: "of ideal rate",
        baseline: base.ratio,
        ratio: base.ratio > 0 ? Math.round((ours.ratio / base.ratio) * 1000) / 1000 : 0,
        target: "all succeed, >= 0.9 of ideal",
        pass: ours.ok === calls && ours.ratio >= 0.9,
      },
      {
        figure: `proxy peak RSS during the ${label} calls (forwarder: ${base.rss} MiB, calibration server: ${rig.rss} MiB)`,
        value: ours.rss,
        unit: "MiB",
        target: "< 512 MiB",
        pass: ours.rss < 512,
      },
    ];
  } finally {
    await upstream.close();
  }
}
