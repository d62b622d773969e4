/**
 * Durable async jobs: how many async calls per second a proxy accepts (202, job persisted
 * before answering) with the SQLite store and with Redis (BullMQ), and the end-to-end latency
 * from the call to the callback's arrival (p50/p99). The command is example/Example made
 * async by configuration, so the proxy also runs every job and delivers every callback.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";

const REDIS_URL = "redis://127.0.0.1:6379";
const LATENCY_JOBS = 400;

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function until(check, ms) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

async function measure(lib, kind) {
  const arrivals = new Map();
  let callbacks = 0;
  const arena = await lib.startServer((request, response) => {
    request.resume();
    request.on("end", () => {
      callbacks++;
      arrivals.set(request.headers["idempotency-key"], Date.now());
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"ok":true}');
    });
  });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-jobs-"));
  const prefix = `cp-bench-jobs-${process.pid}-${Date.now()}`;
  const proxy = await lib.spawnProxy({
    config: {
      discover: false,
      connectors: {
        example: { package: "@connector-proxy/connector-example", commands: { Example: { async: true } } },
      },
      jobs: { data_dir: dataDir, backlog: 1_000_000, redis_prefix: prefix },
    },
    env: kind === "redis" ? { CONNECTOR_PROXY_REDIS_URL: REDIS_URL } : {},
  });
  const url = `${proxy.url}/v1/do/example/Example`;
  const body = { message: "hi", spiff__task_id: "bench", spiff__callback_url: `${arena.url}/callback` };
  try {
    await lib.load({ url, method: "POST", body, connections: 10, seconds: 1 }); // warm-up
    await until(() => callbacks >= arrivals.size, 10_000);
    const seconds = 5;
    const before = callbacks;
    const run = await lib.load({ url, method: "POST", body, connections: 20, seconds });
    const accepted = run.total - run.non2xx - run.errors;
    const drained = await until(() => callbacks - before >= accepted, 30_000);

    const latencies = [];
    const workers = Array.from({ length: 8 }, async () => {
      while (latencies.length < LATENCY_JOBS) {
        const sent = Date.now();
        const answer = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const jobId = (await answer.json()).command_response?.body?.job_id;
        await until(() => arrivals.has(jobId), 10_000);
        latencies.push((arrivals.get(jobId) ?? Number.NaN) - sent);
      }
    });
    await Promise.all(workers);
    latencies.sort((a, b) => a - b);
    const name = kind === "sqlite" ? "SQLite" : "Redis (BullMQ)";
    return [
      {
        figure: `async jobs accepted per second, ${name} (202 after the job is stored)`,
        value: Math.round(accepted / seconds),
        unit: `jobs/s (${run.non2xx + run.errors} refused/errors; all callbacks delivered: ${drained ? "yes" : "NO"}; machine load ${os.loadavg()[0].toFixed(1)})`,
        ...(kind === "sqlite" ? { target: ">= 2000 jobs/s", pass: accepted / seconds >= 2000 && drained } : {}),
      },
      {
        figure: `call → callback latency, ${name}, 8 concurrent callers (p50)`,
        value: percentile(latencies, 50),
        unit: `ms (p99 ${percentile(latencies, 99)} ms)`,
      },
    ];
  } finally {
    await Promise.all([proxy.close(), arena.close()]);
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === "redis") {
      const queue = new Queue("jobs", { connection: { host: "127.0.0.1", port: 6379 }, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }
}

export default async function jobs(lib) {
  return [...(await measure(lib, "sqlite")), ...(await measure(lib, "redis"))];
}
