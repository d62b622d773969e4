/**
 * Start-up: process start to the first `/v1/commands` answer of `connector-proxy serve` (the real CLI)
 * with every bundled connector enabled (target < 500 ms, median of 5), and with a catalogue of 500
 * generated commands: start-up time and `/v1/commands` latency under load.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const RUNS = 5; // a median of 5 moves less with the machine's noise than a median of 3

/** Spawn the CLI with `config`; resolves once /v1/commands answered, with the elapsed time. */
async function coldStart(root, config) {
  const dir = mkdtempSync(path.join(tmpdir(), "cp-bench-startup-"));
  const file = path.join(dir, "connector-proxy.config.json");
  writeFileSync(file, JSON.stringify({ node_modules: path.join(root, "node_modules"), ...config }));
  const cli = path.join(root, "packages", "proxy", "dist", "cli", "main.js");
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--host", "127.0.0.1", "--config", file], {
    cwd: root,
    env: { ...process.env, CONNECTOR_PROXY_LOG_LEVEL: "info" }, // the "listening" line is at info
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () =>
    new Promise((done) => {
      rmSync(dir, { recursive: true, force: true });
      if (child.exitCode !== null) return done();
      child.once("exit", done);
      child.kill("SIGKILL");
    });
  try {
    const port = await new Promise((resolve, reject) => {
      let text = "";
      const timer = setTimeout(() => reject(new Error("no listening line within 20 s")), 20_000);
      child.stdout.on("data", (chunk) => {
        text += chunk;
        const match = /"port":(\d+)/.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const response = await fetch(`${url}/v1/commands`);
    const commands = await response.json();
    return { ms: Math.round(performance.now() - started), count: commands.length, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A connector package with `count` generated commands, each with a few typed parameters. */
function generatedConnector(root, count) {
  const dir = path.join(root, "node_modules", ".cache", "connector-proxy-bench", "connector-generated");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    '{ "name": "connector-generated", "type": "module", "main": "index.js" }\n',
  );
  writeFileSync(
    path.join(dir, "index.js"),
    `import { defineCommand, defineConnector, z } from "@connector-proxy/sdk";
const commands = Array.from({ length: ${count} }, (_, i) =>
  defineCommand({
    name: \`Command\${i}\`,
    description: \`Generated command number \${i}\`,
    params: z.object({
      url: z.string().describe("Where to send it"),
      count: z.number().int().optional().describe("How many"),
      flag: z.boolean().default(false).describe("A switch"),
      payload: z.record(z.string(), z.unknown()).optional().describe("Anything"),
    }),
    errors: { Rejected: "The target said no" },
    run: (params) => ({ body: params }),
  }),
);
export default defineConnector({ name: "generated", description: "${count} generated commands", commands });
`,
  );
  return dir;
}

/** Up to RUNS cold starts (fewer once `budgetMs` is spent); keeps the last one running when `keep`. */
async function coldStarts(root, config, budgetMs, keep = false) {
  const times = [];
  const began = Date.now();
  let last;
  for (let run = 0; run < RUNS; run++) {
    last = await coldStart(root, config);
    times.push(last.ms);
    const more = run < RUNS - 1 && Date.now() - began < budgetMs;
    if (!more && keep) break;
    await last.stop();
    if (!more) break;
  }
  return { times, ms: median(times), last };
}

/** The floor: a plain node:http process from spawn to its first answer. */
async function plainStart(lib) {
  const started = performance.now();
  const plain = await lib.spawnServer("bench/servers/plain-json.mjs");
  await fetch(`${plain.url}/`, { method: "POST", body: '{"message":"x"}' });
  const ms = Math.round(performance.now() - started);
  await plain.close();
  return ms;
}

export default async function startup(lib) {
  const floor = await plainStart(lib);
  const bundled = await coldStarts(lib.root, {}, 12_000);
  const count = bundled.last.count;
  const rows = [
    { figure: "plain node:http process, spawn to first answer (floor)", value: floor, unit: "ms" },
    {
      figure: `cold start to first /v1/commands, every bundled connector (${count} commands), median of ${bundled.times.length} (${bundled.times.join(", ")} ms)`,
      value: bundled.ms,
      unit: "ms",
      baseline: floor,
      ratio: Math.round((bundled.ms / floor) * 100) / 100,
      target: "< 500 ms",
      pass: bundled.ms < 500,
    },
  ];

  const connector = generatedConnector(lib.root, 500);
  const generated = await coldStarts(
    lib.root,
    { discover: false, connectors: { generated: { path: connector } } },
    8_000,
    true,
  );
  const server = generated.last;
  try {
    if (server.count !== 500) throw new Error(`expected 500 generated commands, got ${server.count}`);
    rows.push({
      figure: `cold start to first /v1/commands, 500 generated commands, median of ${generated.times.length} (${generated.times.join(", ")} ms)`,
      value: generated.ms,
      unit: "ms",
      baseline: floor,
      ratio: Math.round((generated.ms / floor) * 100) / 100,
    });
    await lib.load({ url: `${server.url}/v1/commands`, connections: 10, seconds: 1 });
    const listed = await lib.load({ url: `${server.url}/v1/commands`, connections: 10, seconds: 3 });
    if (listed.errors + listed.non2xx > 0)
      throw new Error(`/v1/commands failed ${listed.errors + listed.non2xx} times`);
    rows.push({
      figure: "GET /v1/commands with 500 commands, 10 connections: p50 latency",
      value: listed.p50,
      unit: `ms (p99 ${listed.p99} ms, ${listed.rps} req/s)`,
    });
  } finally {
    await server.stop();
  }
  return rows;
}
