/**
 * Crash isolation of process hosting: a child that exits, throws in a callback, loops forever
 * or allocates without bound fails only its own call (with a named error, within the deadline),
 * another connector under concurrent load sees no failure, and the next call runs in a new child.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import type { ExecuteOptions } from "../src/execution/execute.js";
import { fixtures, repoRoot, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const TIMEOUT_S = 4;
let proxy: TestProxy;
let server: RunningServer;

beforeAll(async () => {
  proxy = await testProxy({
    discover: false,
    connectors: {
      crashy: {
        path: "connector-crashy",
        hosting: "process",
        timeout_seconds: TIMEOUT_S,
        process: { memory_limit_mb: 160 },
        // The call after a crash waits for the new child to start: slow on a loaded machine.
        commands: {
          Pid: { timeout_seconds: 30 },
          Sleep: { timeout_seconds: 30 },
          AwaitAbort: { timeout_seconds: 0.5 },
        },
      },
      example: { package: "@connector-proxy/connector-example", hosting: "process" },
    },
  });
  server = await listen(proxy, 0, "127.0.0.1");
});

afterAll(async () => {
  await server?.close();
  await proxy?.close();
});

/** Calls example/Example over HTTP in `connections` loops until stopped; counts answers. */
function loadExample(connections = 4) {
  let running = true;
  const counts = { ok: 0, failed: [] as string[] };
  const loops = Array.from({ length: connections }, async (_, n) => {
    while (running) {
      try {
        const response = await fetch(`${server.url}/v1/do/example/Example`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ message: `m${n}` }),
        });
        const envelope = (await response.json()) as { error: unknown };
        if (response.status === 200 && envelope.error === null) counts.ok++;
        else counts.failed.push(`${response.status} ${JSON.stringify(envelope.error)}`);
      } catch (error) {
        counts.failed.push(String(error));
      }
    }
  });
  const done = Promise.all(loops);
  return {
    async stop() {
      running = false;
      await done;
      return counts;
    },
  };
}

async function pid(): Promise<number> {
  const outcome = await proxy.call("crashy/Pid", {});
  expect(outcome.envelope.error).toBeNull();
  return (outcome.envelope.command_response as { body: { pid: number } }).body.pid;
}

describe.each([
  ["Exit", "ConnectorCrashed"],
  ["ThrowLater", "ConnectorCrashed"],
  ["Allocate", "ConnectorCrashed"],
  ["Loop", "CommandTimeout"],
])("crashy/%s", (command, code) => {
  it(`answers ${code} within the deadline, others keep answering, and the next call succeeds`, async () => {
    const before = await pid();
    const load = loadExample();
    let after: number;
    try {
      const started = Date.now();
      const outcome = await proxy.call(`crashy/${command}`, {});
      const elapsed = Date.now() - started;
      expect(outcome.envelope.error?.error_code).toBe(code);
      expect(outcome.status).toBe(500);
      expect(elapsed).toBeLessThan(TIMEOUT_S * 1000 + 500);
      after = await pid();
    } finally {
      await load.stop();
    }
    const counts = await load.stop();
    expect(counts.failed).toEqual([]);
    expect(counts.ok).toBeGreaterThan(0);
    expect(after).not.toBe(before);
  }, 60_000);
});

/** The crashy connector's MCP child behind fixtures/flaky-start.mjs, which fails the starts its env names. */
const FLAKY_CRASHY_CHILD = {
  command: process.execPath,
  args: [
    path.join(fixtures, "flaky-start.mjs"),
    path.join(repoRoot, "packages/proxy/dist/cli/main.js"),
    "mcp",
    path.join(fixtures, "connector-crashy", "index.js"),
  ],
};

it("fails only the calls in flight on the crashed child", { timeout: 30_000 }, async () => {
  // the Sleep runs in the child once it logs: only then is it in flight there
  let inChild: () => void = () => {};
  const logged = new Promise<void>((resolve) => {
    inChild = resolve;
  });
  const watching: ExecuteOptions = { onLog: (line) => line.startsWith("sleeping") && inChild() };
  const sleeping = proxy.call("crashy/Sleep", { ms: 30_000 }, watching);
  await logged;
  const exit = proxy.call("crashy/Exit", {});
  const [slept, exited] = await Promise.all([sleeping, exit]);
  expect(slept.envelope.error?.error_code).toBe("ConnectorCrashed");
  expect(slept.envelope.error?.message).toContain('connector "crashy"');
  expect(exited.envelope.error?.error_code).toBe("ConnectorCrashed");
  const next = await proxy.call("crashy/Sleep", { ms: 10 });
  expect(next.envelope.error).toBeNull();
  expect(next.envelope.spiff__logs).toEqual(["sleeping 10 ms"]);
});

it("multiplexes concurrent calls on one child", async () => {
  const started = Date.now();
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => proxy.call("crashy/Sleep", { ms: 500 })));
  expect(outcomes.map((outcome) => outcome.envelope.error)).toEqual(Array(8).fill(null));
  const pids = new Set(outcomes.map((o) => (o.envelope.command_response as { body: { pid: number } }).body.pid));
  expect(pids.size).toBe(1);
  expect(Date.now() - started).toBeLessThan(2000);
});

it("cancels a timed-out call in the child (MCP cancellation) without restarting a healthy child", async () => {
  const before = await pid();
  const outcome = await proxy.call("crashy/AwaitAbort", {});
  expect(outcome.envelope.error?.error_code).toBe("CommandTimeout");
  type Seen = { body: { lastAbort: { aborted: boolean; pid: number } | null; pid: number } };
  const deadline = Date.now() + 5000;
  let seen: Seen | undefined;
  while (!seen?.body.lastAbort && Date.now() < deadline) {
    seen = (await proxy.call("crashy/LastAbort", {})).envelope.command_response as Seen;
  }
  expect(seen?.body).toEqual({ lastAbort: { aborted: true, pid: before }, pid: before });
});

it("holds calls beyond max_in_flight until a slot frees", { timeout: 30_000 }, async () => {
  const narrow = await testProxy({
    discover: false,
    connectors: { crashy: { path: "connector-crashy", hosting: "process", process: { max_in_flight: 2 } } },
  });
  try {
    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => narrow.call("crashy/Sleep", { ms: 400 })));
    expect(outcomes.map((outcome) => outcome.envelope.error)).toEqual(Array(4).fill(null));
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  } finally {
    await narrow.close();
  }
});

it("closes promptly while a crashed child waits out its restart backoff", { timeout: 30_000 }, async () => {
  const own = await testProxy({
    discover: false,
    connectors: { crashy: { path: "connector-crashy", hosting: "process", timeout_seconds: TIMEOUT_S } },
  });
  const crashed = await own.call("crashy/Exit", {});
  expect(crashed.envelope.error?.error_code).toBe("ConnectorCrashed");
  const started = Date.now();
  await own.close();
  expect(Date.now() - started).toBeLessThan(5_000);
});

it("starts a lazy child again on the next call when its start failed", { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), "cp-flaky-"));
  const counter = path.join(folder, "starts");
  const own = await testProxy({
    discover: false,
    connectors: {
      crashy: {
        path: "connector-crashy",
        hosting: "process",
        commands: { Pid: { timeout_seconds: 30 } },
        process: {
          start: "lazy",
          ...FLAKY_CRASHY_CHILD,
          // start 1 lists the tools; start 2, the first call's, fails
          env: { FLAKY_COUNT_FILE: counter, FLAKY_FAIL_START: "2" },
        },
      },
    },
  });
  try {
    const first = await own.call("crashy/Pid", {});
    expect(first.envelope.error?.error_code).toBe("ConnectorCrashed");
    expect(first.envelope.error?.message).toContain("could not be started");
    const second = await own.call("crashy/Pid", {});
    expect(second.envelope.error).toBeNull();
    expect(readFileSync(counter, "utf8")).toBe("3");
  } finally {
    await own.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

it("stops its children when the job store fails to start", { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), "cp-badstore-"));
  writeFileSync(path.join(folder, "jobs.sqlite"), "this is not a database, it is text".repeat(100));
  const pidFile = path.join(folder, "pid");
  const starting = testProxy({
    discover: false,
    jobs: { data_dir: folder },
    connectors: {
      crashy: {
        path: "connector-crashy",
        hosting: "process",
        process: {
          ...FLAKY_CRASHY_CHILD,
          env: { FLAKY_COUNT_FILE: path.join(folder, "starts"), FLAKY_PID_FILE: pidFile },
        },
      },
    },
  });
  try {
    await expect(starting).rejects.toThrow(/not a database/);
    const pid = Number(readFileSync(pidFile, "utf8"));
    // closing the child ends it (SIGTERM, then SIGKILL): wait for that, as long as the test may take
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
