/**
 * `serve --workers N`: several processes behind one port. A worker killed mid-stream is replaced
 * and every call after that is answered; async jobs go through Redis shared by the workers;
 * SIGTERM drains every worker; without Redis the proxy refuses to start.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { type CallbackServer, startCallbackServer } from "./helpers/callback-server.js";
import { dropJobQueue, REDIS_URL } from "./helpers/jobs-proxy.js";
import { fixtures, repoRoot } from "./helpers/test-proxy.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

const cli = path.join(repoRoot, "packages", "proxy", "dist", "cli", "main.js");
const prefix = `cp-workers-test-${process.pid}-${Date.now()}`;
const { CONNECTOR_PROXY_API_KEY: _key, CONNECTOR_PROXY_WORKERS: _workers, ...baseEnv } = process.env;
const ARENA_CALLBACK = "http://127.0.0.1:9/v1.0/authentication_callback/";
let dir: string;
let arena: CallbackServer;
const started: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-workers-"));
  writeFileSync(
    path.join(dir, "connector-proxy.config.json"),
    JSON.stringify({
      discover: false,
      connectors: {
        slow: { path: path.join(fixtures, "connector-slow") },
        oauth2: {
          path: path.join(repoRoot, "connectors", "oauth2"),
          settings: {
            authorization_url: "http://127.0.0.1:9/authorize",
            token_url: "http://127.0.0.1:9/token",
            client_id: "workers-test-client",
            client_secret: "workers-test-client-secret",
          },
        },
      },
      auth: { state_secret: "workers-test-state-secret-0123456789abcdef", redirect_allowlist: [ARENA_CALLBACK] },
      jobs: { redis_prefix: prefix, retry_initial_seconds: 0.05 },
      shutdown_timeout_seconds: 10,
    }),
  );
  arena = await startCallbackServer();
});
afterAll(async () => {
  for (const primary of started) {
    if (primary.exitCode !== null) continue;
    for (const pid of workerPids(primary.pid as number)) process.kill(pid, "SIGKILL"); // a failed test leaves nothing running
    primary.kill("SIGKILL");
  }
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
  await dropJobQueue(prefix);
});

interface Primary {
  child: ChildProcess;
  url: string;
  exited: Promise<number | string>;
  /** Resolves when the primary's log has a line matching `pattern` (after what was already seen). */
  logLine(pattern: RegExp): Promise<string>;
}

function startPrimary(env: NodeJS.ProcessEnv): Promise<Primary> {
  const args = [cli, "serve", "--port", "0", "--host", "127.0.0.1", "--workers", "2"];
  const child = spawn(process.execPath, [...args, "--config", path.join(dir, "connector-proxy.config.json")], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.push(child);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let text = "";
  let waiters: (() => void)[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  const logLine = (pattern: RegExp, from = text.length) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const line = text
          .slice(from)
          .split("\n")
          .find((item) => pattern.test(item));
        if (line) return resolve(line);
        if (child.exitCode !== null) return reject(new Error(`the primary exited; its log:\n${text}`));
        waiters.push(look);
      };
      look();
    });
  void exited.then(() => {
    const pending = waiters;
    waiters = [];
    for (const wake of pending) wake();
  });
  return logLine(/"workers":2/, 0).then((line) => ({
    child,
    exited,
    url: `http://127.0.0.1:${JSON.parse(line).port}`,
    logLine: (pattern) => logLine(pattern),
  }));
}

/** The primary's worker processes, from /proc. */
function workerPids(primary: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === primary;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** A GET on a new connection (so consecutive ones spread over the workers): status, Location and body. */
function getFresh(url: string): Promise<{ status: number; location: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (incoming) => {
      let text = "";
      incoming.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      incoming.on("end", () =>
        resolve({ status: incoming.statusCode ?? 0, location: incoming.headers.location, text }),
      );
    })
      .on("error", reject)
      .end();
  });
}

/** One call on a new connection (no keep-alive), so consecutive calls spread over the workers. */
function sleepCall(url: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/v1/do/slow/Sleep`,
      { method: "POST", agent: false, headers: { "content-type": "application/json" } },
      (incoming) => {
        let text = "";
        incoming.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text) }));
        incoming.on("error", reject);
        incoming.on("aborted", () => reject(new Error("answer cut short")));
      },
    );
    outgoing.on("error", reject);
    outgoing.setTimeout(20_000, () => outgoing.destroy(new Error("no answer within 20 s")));
    outgoing.end(JSON.stringify(body));
  });
}

const pidOf = (answer: { body: Record<string, unknown> }) =>
  (answer.body.command_response as { body: { pid: number } }).body.pid;

describe("connector-proxy serve --workers", { timeout: 120_000 }, () => {
  it("replaces a worker killed with SIGKILL mid-stream, runs async jobs and single-use OAuth state through Redis, and drains every worker on SIGTERM", async () => {
    const primary = await startPrimary({ ...baseEnv, CONNECTOR_PROXY_REDIS_URL: REDIS_URL });
    const pid = primary.child.pid as number;
    expect(workerPids(pid)).toHaveLength(2);

    // both workers answer
    const first = await Promise.all(Array.from({ length: 20 }, () => sleepCall(primary.url, { ms: 0 })));
    expect(first.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(first.map(pidOf)).size).toBe(2);

    // a stream of calls; one worker is killed while it runs
    let streaming = true;
    const failures: unknown[] = [];
    const stream = (async () => {
      while (streaming) await sleepCall(primary.url, { ms: 5 }).catch((error: unknown) => failures.push(error));
    })();
    const [victim] = workerPids(pid);
    const replaced = primary.logLine(/replacement worker listening/);
    process.kill(victim as number, "SIGKILL");
    await replaced;
    streaming = false;
    await stream;

    const survivors = workerPids(pid);
    expect(survivors).toHaveLength(2);
    expect(survivors).not.toContain(victim);
    const after = await Promise.all(Array.from({ length: 40 }, (_, i) => sleepCall(primary.url, { ms: i % 3 })));
    expect(after.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    expect(new Set(after.map(pidOf))).toEqual(new Set(survivors));

    // async: 202, then the callback, with the job in Redis shared by both workers
    const accepted = await sleepCall(primary.url, {
      ms: 50,
      tag: "workers-async",
      spiff__callback_url: `${arena.url}/callback/workers-async`,
    });
    expect(accepted.status).toBe(202);
    const [callback] = await arena.waitFor(1, 30_000);
    expect(callback?.path).toBe("/callback/workers-async");

    // OAuth: a flow started at one worker is finished at any (shared state_secret); its state is
    // single-use across workers (claims in Redis). The provider's refusal comes after the claim.
    for (let flow = 0; flow < 4; flow++) {
      const flowStart = await getFresh(`${primary.url}/v1/auth/oauth2/OAuth?redirect_url=${ARENA_CALLBACK}x`);
      expect(flowStart.status).toBe(302);
      const state = new URL(flowStart.location ?? "").searchParams.get("state") ?? "";
      const callback = `${primary.url}/v1/auth/oauth2/OAuth/callback?state=${encodeURIComponent(state)}&error=access_denied`;
      const first = await getFresh(callback);
      expect(first.text).toContain("OAuthProviderError");
      const replayed = await getFresh(callback);
      expect(replayed.status).toBe(400);
      expect(replayed.text).toContain("OAuthStateReused");
    }

    // SIGTERM: the calls in flight on both workers finish, then everything exits 0
    // (5 s calls: both workers must be scraped while all ten still run, even on a loaded machine)
    const inFlight = Array.from({ length: 10 }, () => sleepCall(primary.url, { ms: 5000 }));
    await waitUntil(async () => (await inFlightByWorker(primary.url)) === 10, "10 calls in flight across the workers");
    primary.child.kill("SIGTERM");
    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(await primary.exited).toBe(0);
    expect(workerPids(pid)).toEqual([]);
  });

  it("refuses more than one worker without Redis, naming CONNECTOR_PROXY_REDIS_URL", async () => {
    const { CONNECTOR_PROXY_REDIS_URL: _redis, ...env } = baseEnv;
    const run = promisify(execFile)(process.execPath, [cli, "serve", "--port", "0", "--workers", "2"], {
      env,
      cwd: dir,
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/2 workers need Redis.*CONNECTOR_PROXY_REDIS_URL.*--workers 1/),
    });
  });

  it("says what a bad worker count should be", async () => {
    const run = promisify(execFile)(process.execPath, [cli, "serve", "--port", "0", "--workers", "two"], {
      env: baseEnv,
      cwd: dir,
    });
    await expect(run).rejects.toMatchObject({
      stderr: expect.stringContaining('--workers "two" is not a number of workers: use a whole number >= 1, or auto'),
    });
  });
});

/** One worker's calls of slow/Sleep in flight, from a /metrics scrape on a new connection. */
async function inFlightOnOneWorker(url: string): Promise<number> {
  const text = await new Promise<string>((resolve, reject) => {
    request(`${url}/metrics`, { agent: false }, (incoming) => {
      let body = "";
      incoming.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      incoming.on("end", () => resolve(body));
    })
      .on("error", reject)
      .end();
  });
  const row = text
    .split("\n")
    .find((line) => line.startsWith('connector_proxy_commands_in_flight{command="slow/Sleep"}'));
  return Number(row?.split(" ").at(-1) ?? 0);
}

/**
 * Calls running on both workers: each worker has its own metrics, and the primary hands new
 * connections to the workers in turn, so two scrapes one after the other read one worker each.
 */
async function inFlightByWorker(url: string): Promise<number> {
  return (await inFlightOnOneWorker(url)) + (await inFlightOnOneWorker(url));
}

async function waitUntil(check: () => Promise<boolean>, what = "the condition", timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} did not hold within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
