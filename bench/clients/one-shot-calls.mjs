/**
 * Bench child: the load generator of the concurrency scenario. It makes CALLS POST requests to
 * URL, each on its own new connection, started evenly over RAMP_MS, and prints one JSON summary.
 * It speaks HTTP/1.1 over raw sockets (one prepared request, the answer read until the server
 * closes) because node:http's client spent ~0.3 ms of CPU per call here: on 2 cores, 10,000 calls
 * made it the bottleneck, starting its last call 2-3 s late. A call succeeds when the answer is
 * 200 with a v2 envelope whose error is null and whose upstream status is 200.
 *
 *   URL=... BODY=... CALLS=... RAMP_MS=... LIMIT_MS=... node bench/clients/one-shot-calls.mjs
 *   → {"ok":...,"seconds":...,"lastStartLateMs":...,"latencyMs":{...},"failures":{...},"cpuMs":...}
 */
import net from "node:net";

const url = new URL(process.env.URL ?? "");
const body = process.env.BODY ?? "{}";
const calls = Number(process.env.CALLS ?? 100);
const rampMs = Number(process.env.RAMP_MS ?? 100);
const limitMs = Number(process.env.LIMIT_MS ?? 15_000);

const request = Buffer.from(
  `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
);

/** The body of a chunked answer. */
function unchunk(data) {
  const parts = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Why a complete answer does not count as a success, or null when it does. */
function verdict(answer) {
  const headEnd = answer.indexOf("\r\n\r\n");
  if (headEnd < 0) return "no complete answer";
  const head = answer.subarray(0, headEnd).toString("latin1");
  if (!head.startsWith("HTTP/1.1 200 ")) return head.split("\r\n")[0];
  const rest = answer.subarray(headEnd + 4);
  const text = (/\r\ntransfer-encoding: *chunked/i.test(head) ? unchunk(rest) : rest).toString("utf8");
  try {
    const envelope = JSON.parse(text);
    if (envelope.error !== null) return `error ${envelope.error?.error_code}`;
    return envelope.command_response?.http_status === 200 ? null : `upstream ${envelope.command_response?.http_status}`;
  } catch {
    return "not a JSON envelope";
  }
}

const started = new Float64Array(calls);
const ended = new Float64Array(calls);
const failures = new Map();
let ok = 0;
let done = 0;
let finish;
const finished = new Promise((resolve) => {
  finish = resolve;
});

function settle(index, failure) {
  if (ended[index] !== 0) return;
  ended[index] = performance.now();
  if (failure === null) ok++;
  else failures.set(failure, (failures.get(failure) ?? 0) + 1);
  if (++done === calls) finish();
}

function call(index) {
  started[index] = performance.now();
  const chunks = [];
  const socket = net.connect({ host: url.hostname, port: Number(url.port) });
  socket.on("data", (chunk) => chunks.push(chunk));
  socket.once("end", () => settle(index, verdict(Buffer.concat(chunks))));
  socket.once("error", (error) => settle(index, error.code ?? error.message));
  socket.once("close", () => settle(index, "closed without an answer"));
  socket.write(request); // no half-close: node:http would take it for a client that went away
  return socket;
}

const sockets = [];
const t0 = performance.now();
let next = 0;
/** Start every call whose time has come; the ramp runs on a 1 ms timer. */
function pump() {
  const now = performance.now() - t0;
  while (next < calls && (next / calls) * rampMs <= now) {
    sockets.push(call(next));
    next++;
  }
  if (next < calls) setTimeout(pump, 1);
}
pump();

const cut = setTimeout(() => {
  for (const [index, socket] of sockets.entries()) {
    socket.destroy();
    settle(index, "cut at the round limit");
  }
}, limitMs);
await finished;
clearTimeout(cut);

const seconds = (Math.max(...ended) - t0) / 1000;
const lateness = Array.from(started, (at, index) => at - t0 - (index / calls) * rampMs);
const latencies = Array.from(ended, (at, index) => at - started[index]).sort((a, b) => a - b);
const percentile = (p) => Math.round(latencies[Math.min(calls - 1, Math.floor(p * calls))]);
process.stdout.write(
  `${JSON.stringify({
    ok,
    seconds,
    lastStartLateMs: Math.round(Math.max(...lateness)),
    latencyMs: { p50: percentile(0.5), p99: percentile(0.99), max: percentile(1) },
    failures: Object.fromEntries(failures),
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
  })}\n`,
);
