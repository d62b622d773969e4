/**
 * Inbound events: how many signed webhook events per second a proxy accepts (HMAC verified,
 * event stored in SQLite before the 202), and the latency from the webhook call to the message's
 * arrival at a stand-in for Arena's messages endpoint (p50/p99). Every accepted event is
 * delivered; the run checks that they all arrived.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const SECRET = "bench-hook-secret";
const LATENCY_EVENTS = 400;

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU time (user + system) a process has used, in ms. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function until(check, ms) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

export default async function triggers(lib) {
  const arrivals = new Map();
  let messages = 0;
  const arena = await lib.startServer((request, response) => {
    request.resume();
    request.on("end", () => {
      messages++;
      arrivals.set(new URL(request.url, "http://arena").searchParams.get("message_instance_uuid"), Date.now());
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"status":"completed"}');
    });
  });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-triggers-"));
  const proxy = await lib.spawnProxy({
    config: {
      discover: false,
      jobs: { data_dir: dataDir },
      engine: { api_url: `${arena.url}/v1.0`, auth: { type: "spiff_api_key", key: "bench-key" } },
      triggers: {
        orders: {
          webhook: { verify: { type: "hmac_sha256", header: "X-Signature-256", prefix: "sha256=", secret: SECRET } },
          message: "orders:order_created",
          payload: '{"order_id": id, "total": amount}',
        },
      },
    },
  });
  const url = `${proxy.url}/v1/hooks/orders`;
  const body = JSON.stringify({ id: "o-1", amount: 42, items: [{ sku: "A-1", quantity: 2 }] });
  const headers = { "X-Signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` };
  try {
    const warm = await lib.load({ url, method: "POST", body, headers, connections: 10, seconds: 1 });
    await until(() => messages >= warm.total - warm.non2xx - warm.errors, 20_000);
    const seconds = 5;
    const before = messages;
    const cpuBefore = cpuMs(proxy.pid);
    const run = await lib.load({ url, method: "POST", body, headers, connections: 20, seconds });
    const accepted = run.total - run.non2xx - run.errors;
    const drained = await until(() => messages - before >= accepted, 60_000);
    const cpuUs = Math.round(((cpuMs(proxy.pid) - cpuBefore) * 1000) / Math.max(1, accepted));

    const latencies = [];
    const workers = Array.from({ length: 8 }, async () => {
      while (latencies.length < LATENCY_EVENTS) {
        const sent = Date.now();
        const answer = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        });
        const { id } = await answer.json();
        await until(() => arrivals.has(id), 10_000);
        latencies.push((arrivals.get(id) ?? Number.NaN) - sent);
      }
    });
    await Promise.all(workers);
    latencies.sort((a, b) => a - b);
    return [
      {
        figure: "webhook events accepted per second, SQLite (HMAC verified, 202 after the event is stored)",
        value: Math.round(accepted / seconds),
        unit: `events/s (${run.non2xx + run.errors} refused/errors; all delivered: ${drained ? "yes" : "NO"}; p99 answer ${run.p99} ms; machine load ${os.loadavg()[0].toFixed(1)})`,
        target: ">= 2000 events/s",
        pass: accepted / seconds >= 2000 && drained,
      },
      {
        figure:
          "proxy CPU per webhook event: verify, store, answer 202, map, deliver, record (the most one core can take)",
        value: cpuUs,
        unit: `µs (≈ ${Math.round(1e6 / Math.max(1, cpuUs))} events/s per core)`,
      },
      {
        figure: "webhook event → engine message latency, 8 concurrent senders (p50)",
        value: percentile(latencies, 50),
        unit: `ms (p99 ${percentile(latencies, 99)} ms)`,
      },
    ];
  } finally {
    await Promise.all([proxy.close(), arena.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
