/**
 * Concurrency: 10,000 simultaneous http/GetRequestV2 calls through the proxy to an upstream that
 * answers after 2 s. Ideal rate = concurrency / delay; target: every call succeeds at >= 0.9 of it,
 * and the proxy's peak RSS stays < 512 MiB. Two rounds: the first opens every connection (client to
 * proxy, proxy to upstream), the second reuses them as keep-alive clients do. With HTTP/1.1 the proxy
 * holds two sockets per call, so a per-process open-file limit under 20,200 lowers the concurrency
 * (the row says so). A round is cut after 15 s; its unfinished calls count as failed.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

const WANTED = 10_000;
const DELAY_MS = 2000;
/** A round still running after this is cut: its unfinished calls count as failures (keeps the suite bounded). */
const ROUND_LIMIT_MS = 15_000;

function openFileLimit() {
  const line = readFileSync("/proc/self/limits", "utf8")
    .split("\n")
    .find((row) => row.startsWith("Max open files"));
  return Number(line?.split(/\s{2,}/)[1] ?? 1024);
}

function post(agent, target, payload, signal) {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        signal,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => {
          try {
            const envelope = JSON.parse(text);
            resolve(
              response.statusCode === 200 && envelope.error === null && envelope.command_response.http_status === 200,
            );
          } catch {
            resolve(false);
          }
        });
      },
    );
    request.on("error", () => resolve(false));
    request.end(payload);
  });
}

async function round(agent, target, payload, concurrency) {
  const started = performance.now();
  const signal = AbortSignal.timeout(ROUND_LIMIT_MS);
  const results = await Promise.all(Array.from({ length: concurrency }, () => post(agent, target, payload, signal)));
  const seconds = (performance.now() - started) / 1000;
  const ok = results.filter(Boolean).length;
  const ideal = concurrency / (DELAY_MS / 1000);
  const rate = ok / seconds;
  return { ok, seconds, rate, ratio: Math.round((rate / ideal) * 1000) / 1000 };
}

export default async function concurrency(lib) {
  const limit = openFileLimit();
  const calls = Math.min(WANTED, Math.floor((limit - 200) / 2));
  const upstream = await lib.spawnServer("bench/servers/slow-upstream.mjs", { env: { DELAY_MS: String(DELAY_MS) } });
  const proxy = await lib.spawnProxy({
    config: { discover: false, connectors: { http: { package: "@connector-proxy/connector-http" } } },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, keepAliveMsecs: 30_000 });
  const target = new URL(`${proxy.url}/v1/do/http/GetRequestV2`);
  const payload = JSON.stringify({ url: `${upstream.url}/slow`, spiff__task_id: "bench", spiff__task_data: {} });
  try {
    const cold = await round(agent, target, payload, calls);
    const warm = await round(agent, target, payload, calls);
    const rss = await proxy.peakRssMiB();
    const label = calls === WANTED ? `${calls}` : `${calls} (open-file limit ${limit} caps it below ${WANTED})`;
    const describe = (name, result) =>
      `${name}: ${label} concurrent calls, upstream delay 2 s: ${result.ok}/${calls} succeeded in ${result.seconds.toFixed(2)} s, ${Math.round(result.rate)} req/s vs ideal ${calls / (DELAY_MS / 1000)}`;
    return [
      {
        figure: describe("first round (new connections)", cold),
        value: cold.ratio,
        unit: "of ideal rate",
        target: "all succeed, >= 0.9",
        pass: cold.ok === calls && cold.ratio >= 0.9,
      },
      {
        figure: describe("second round (keep-alive connections)", warm),
        value: warm.ratio,
        unit: "of ideal rate",
        target: "all succeed, >= 0.9",
        pass: warm.ok === calls && warm.ratio >= 0.9,
      },
      { figure: "proxy peak RSS during both rounds", value: rss, unit: "MiB", target: "< 512 MiB", pass: rss < 512 },
    ];
  } finally {
    agent.destroy();
    await Promise.all([proxy.close(), upstream.close()]);
  }
}
