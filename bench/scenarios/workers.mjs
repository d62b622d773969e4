/**
 * `serve --workers 2` beside `--workers 1` (the baseline), both through the real CLI with Redis
 * configured (more than one worker needs it): no-op example/Example and http/GetRequestV2 against
 * the same local upstream. On a 2-core machine the load generator shares the cores, so the gain is
 * bounded by what is left to the second worker.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const cli = (lib) => path.join(lib.root, "packages", "proxy", "dist", "cli", "main.js");

/** The CLI serving on a free port with `workers` workers; resolves once every worker listens. */
function serve(lib, configFile, workers) {
  const args = [cli(lib), "serve", "--port", "0", "--host", "127.0.0.1", "--workers", String(workers)];
  const child = spawn(process.execPath, [...args, "--config", configFile], {
    env: {
      ...process.env,
      CONNECTOR_PROXY_REDIS_URL: process.env.CONNECTOR_PROXY_REDIS_URL ?? "redis://127.0.0.1:6379",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = workers > 1 ? /"port":(\d+),"workers"/ : /"port":(\d+),"commands"/;
  return new Promise((resolve, reject) => {
    let text = "";
    child.once("exit", (code) => reject(new Error(`serve --workers ${workers} exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const match = ready.exec(text);
      if (!match) return;
      child.stdout.removeAllListeners("data");
      child.stdout.resume(); // access log lines keep flowing
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        close: () =>
          new Promise((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

export default async function workers(lib) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-workers-"));
  const configFile = path.join(dir, "connector-proxy.config.json");
  writeFileSync(
    configFile,
    JSON.stringify({
      discover: false,
      connectors: {
        http: { path: path.join(lib.root, "connectors", "http") },
        example: { path: path.join(lib.root, "connectors", "example") },
      },
      jobs: { redis_prefix: `cp-bench-workers-${process.pid}` },
    }),
  );
  const upstream = await lib.spawnServer("bench/servers/http-upstream.mjs");
  const noop = { message: "hi", spiff__task_id: "bench" };
  const get = { url: `${upstream.url}/item`, spiff__task_id: "bench" };
  const measured = {};
  try {
    for (const count of [1, 2]) {
      const proxy = await serve(lib, configFile, count);
      try {
        for (const [name, route, body] of [
          ["noop", "example/Example", noop],
          ["http", "http/GetRequestV2", get],
        ]) {
          await lib.load({ url: `${proxy.url}/v1/do/${route}`, method: "POST", body, seconds: 1 });
          const result = await lib.load({ url: `${proxy.url}/v1/do/${route}`, method: "POST", body, seconds: 6 });
          if (result.non2xx + result.errors > 0)
            throw new Error(`${route} with ${count} workers: ${result.non2xx} non-2xx, ${result.errors} errors`);
          measured[`${name}${count}`] = result;
        }
      } finally {
        await proxy.close();
      }
    }
  } finally {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (figure, ours, base) => ({
    ...lib.ratioRow(figure, ours.rps, base.rps, 0),
    target: "",
    pass: undefined,
    unit: `req/s (p99 ${ours.p99} ms)`,
  });
  return [
    {
      figure: "example/Example, --workers 1 (baseline)",
      value: measured.noop1.rps,
      unit: `req/s (p99 ${measured.noop1.p99} ms)`,
    },
    row("example/Example, --workers 2 vs 1", measured.noop2, measured.noop1),
    {
      figure: "http/GetRequestV2, --workers 1 (baseline)",
      value: measured.http1.rps,
      unit: `req/s (p99 ${measured.http1.p99} ms)`,
    },
    row("http/GetRequestV2, --workers 2 vs 1", measured.http2, measured.http1),
  ];
}
