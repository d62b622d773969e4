/**
 * Hosting overhead: the no-op example/Example command served inline, from a supervised
 * child process (MCP over stdio), and through a front proxy mounting the inline proxy as
 * `remote`, in one run. Targets: process >= 0.3 and remote >= 0.5 of inline throughput.
 * CPU time per call of all the processes serving each path (from /proc) is reported too:
 * unlike req/s it holds steady when the machine is shared.
 */
import { readFileSync } from "node:fs";

const BODY = { message: "hi", spiff__task_id: "bench", spiff__task_data: { a: 1 } };
const EXAMPLE = "@connector-proxy/connector-example";
const SECONDS = 3;
const ROUNDS = 2;

/** User + system CPU milliseconds of a process and its direct children. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const own = (Number(fields[11]) + Number(fields[12])) * 10;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean);
  return own + children.reduce((sum, child) => sum + cpuMs(Number(child)), 0);
}

async function once(lib, target) {
  const before = target.pids.map(cpuMs);
  const result = await lib.load({ url: target.url, method: "POST", body: BODY, seconds: SECONDS });
  if (result.non2xx + result.errors > 0) {
    throw new Error(`${target.url} answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
  const spent = target.pids.reduce((sum, pid, index) => sum + cpuMs(pid) - before[index], 0);
  return { ...result, cpuUs: Math.round((spent * 1000) / Math.max(1, result.total)) };
}

/** Warm every target, then measure them in interleaved rounds (fair on a busy machine); best round wins. */
async function measure(lib, targets) {
  for (const target of targets) await lib.load({ url: target.url, method: "POST", body: BODY, seconds: 1 });
  const best = targets.map(() => null);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, target] of targets.entries()) {
      const result = await once(lib, target);
      if (!best[index] || result.rps > best[index].rps) best[index] = result;
    }
  }
  return best;
}

const detail = (figure, result) => ({
  figure,
  value: result.cpuUs,
  unit: `µs CPU per call; p50 ${result.p50} ms, p99 ${result.p99} ms at 50 connections`,
});

export default async function hosting(lib) {
  const inline = await lib.spawnProxy({ config: { discover: false, connectors: { example: { package: EXAMPLE } } } });
  const processHosted = await lib.spawnProxy({
    config: {
      discover: false,
      connectors: { example: { package: EXAMPLE, hosting: "process", process: { max_in_flight: 64 } } },
    },
  });
  const front = await lib.spawnProxy({
    config: { discover: false, connectors: { upstream: { hosting: "remote", remote: { url: inline.url } } } },
  });
  try {
    const path = "/v1/do/example/Example";
    const [base, child, remote] = await measure(lib, [
      { url: `${inline.url}${path}`, pids: [inline.pid] },
      { url: `${processHosted.url}${path}`, pids: [processHosted.pid] },
      { url: `${front.url}${path}`, pids: [front.pid, inline.pid] },
    ]);
    return [
      { figure: "no-op command, inline (baseline)", value: base.rps, unit: "req/s" },
      lib.ratioRow("no-op command, process-hosted (MCP stdio child) vs inline", child.rps, base.rps, 0.3),
      lib.ratioRow("no-op command, remote (front proxy -> inline proxy) vs inline", remote.rps, base.rps, 0.5),
      detail("inline: the proxy", base),
      detail("process-hosted: proxy + child", child),
      detail("remote: front proxy + upstream proxy", remote),
    ];
  } finally {
    await Promise.all([front.close(), processHosted.close(), inline.close()]);
  }
}
