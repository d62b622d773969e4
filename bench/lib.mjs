/**
 * Shared pieces of the benchmark suite. Servers under test run in CHILD processes so the
 * load generator (autocannon, in this process) never shares an event loop with them.
 *
 *   spawnProxy({ config, env })     → { url, pid, close(), peakRssMiB() }   a real proxy (packages/proxy/dist) on 127.0.0.1:0
 *   spawnServer(script, { env })    → { url, pid, close(), peakRssMiB() }   any bench/servers/*.mjs that prints "READY <port>"
 *   startServer(handler)            → { url, close() }                     a node:http server in this process (light upstreams)
 *   load({ url, method, body, headers, connections, seconds }) → { rps, p50, p99, errors, non2xx, total }
 *   ratioRow(figure, value, baseline, target, unit)            → a result row with ratio and pass/fail
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Start a child that prints `READY <port>` on stdout; resolves with its URL. */
export function spawnServer(script, { env = {}, args = [], nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, path.resolve(root, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`${script} did not print READY within 20 s`)), 20_000);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before READY`)));
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      const match = /READY (\d+)/.exec(buffer);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        pid: child.pid,
        peakRssMiB: () => peakRss(child.pid),
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGKILL");
          }),
      });
    });
  });
}

/** A real proxy in a child process, configured by a config object (see docs/configuration.md). */
export function spawnProxy({ config = {}, env = {} } = {}) {
  return spawnServer("bench/servers/proxy.mjs", { env: { ...env, BENCH_PROXY_CONFIG: JSON.stringify(config) } });
}

/** Peak resident set (VmHWM) of a process, in MiB. */
async function peakRss(pid) {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** A node:http server in this process; `handler(req, res)`. */
export function startServer(handler) {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Run autocannon against one URL. */
export async function load({
  url,
  method = "GET",
  body,
  headers = {},
  connections = 50,
  seconds = 5,
  pipelining = 1,
  amount,
}) {
  const result = await autocannon({
    url,
    method,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    connections,
    pipelining,
    ...(amount ? { amount } : { duration: seconds }),
  });
  return {
    rps: Math.round(result.requests.average),
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** A row comparing `value` to `baseline` measured in the same run; `target` is a minimum ratio. */
export function ratioRow(figure, value, baseline, minRatio, unit = "req/s") {
  const ratio = baseline > 0 ? Math.round((value / baseline) * 1000) / 1000 : 0;
  return { figure, value, unit, baseline, ratio, target: `ratio >= ${minRatio}`, pass: ratio >= minRatio };
}
