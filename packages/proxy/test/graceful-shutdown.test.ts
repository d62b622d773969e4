import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { observedConnector, repoDir } from "./helpers/observed-proxy.js";

const cli = path.join(repoDir, "packages", "proxy", "dist", "cli", "main.js");
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; at: number }>;
  /** Everything the process wrote to stdout (its log lines) so far. */
  output(): string;
}

/** `connector-proxy serve` as a real process, on a free port, serving observed/*. */
async function serve(config: Record<string, unknown>): Promise<Served> {
  const dir = mkdtempSync(path.join(tmpdir(), "cp-shutdown-"));
  const file = path.join(dir, "connector-proxy.config.json");
  writeFileSync(
    file,
    JSON.stringify({
      node_modules: path.join(repoDir, "node_modules"),
      discover: false,
      connectors: { observed: { path: observedConnector } },
      ...config,
    }),
  );
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--host", "127.0.0.1", "--config", file], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanup.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  const exited = new Promise<{ code: number | null; at: number }>(
    (resolve) => child.once("close", (code) => resolve({ code, at: Date.now() })), // "close": after stdout is drained too
  );
  let text = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /"port":(\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code} before listening`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, exited, output: () => text };
}

async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split("\n")
    .find((row) => row.startsWith('connector_proxy_commands_in_flight{command="observed/Slow"}'));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

const slow = (url: string, ms: number) =>
  fetch(`${url}/v1/do/observed/Slow`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms }),
  }).then(async (response) => ({
    status: response.status,
    connection: response.headers.get("connection"),
    body: (await response.json()) as { command_response: { body: unknown } },
  }));

describe("graceful shutdown of connector-proxy serve", () => {
  it("on SIGTERM finishes every in-flight request, refuses new ones, and exits 0 before the deadline", async () => {
    const served = await serve({ shutdown_timeout_seconds: 10 });
    const calls = Array.from({ length: 40 }, () => slow(served.url, 1500));
    while ((await inFlight(served.url)) < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    const signalled = Date.now();
    served.child.kill("SIGTERM");
    const results = await Promise.all(calls);
    expect(results.map((result) => result.status)).toEqual(Array(40).fill(200));
    for (const result of results) expect(result.body.command_response.body).toEqual({ slept: 1500 });
    // answered while draining: each tells the client to close, so no kept-alive connection is reused
    expect(new Set(results.map((result) => result.connection))).toEqual(new Set(["close"]));
    await expect(fetch(`${served.url}/liveness`)).rejects.toThrow();
    const { code, at } = await served.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
    // log lines are written in batches: every request line and the last line still reach stdout
    const lines = served
      .output()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.command === "observed/Slow" && line.status === 200)).toHaveLength(40);
    expect(lines.at(-1)).toMatchObject({ msg: "stopped", signal: "SIGTERM" });
  });

  it("cuts requests still running at the deadline and still exits 0", async () => {
    const served = await serve({ shutdown_timeout_seconds: 0.5 });
    const call = slow(served.url, 20_000).catch((error: unknown) => error);
    while ((await inFlight(served.url)) < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const signalled = Date.now();
    served.child.kill("SIGINT");
    const { code, at } = await served.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(3000);
    expect(await call).toBeInstanceOf(Error);
  });
});
