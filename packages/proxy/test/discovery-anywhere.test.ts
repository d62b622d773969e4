import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy } from "../src/proxy.js";
import { repoRoot, testProxy } from "./helpers/test-proxy.js";

const run = promisify(execFile);
let folder: string;
let bundledIds: string[];

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "cp-anywhere-"));
  const beside = await testProxy(); // the repository's node_modules: every bundled connector
  bundledIds = beside.catalogue.list().map((handle) => handle.id);
  await beside.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function memoryLog() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    sink,
    lines: () =>
      lines
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

describe("bundled connectors are found from anywhere", () => {
  it("every bundled connector is in the reference list", () => {
    const folders = readdirSync(path.join(repoRoot, "connectors"));
    const connectors = new Set(bundledIds.map((id) => id.split("/")[0]?.replace("_", "-")));
    for (const name of folders) expect(connectors).toContain(name);
  });

  it("a config file in another folder serves every bundled command, with its settings applied", async () => {
    const file = path.join(folder, "connector-proxy.config.yaml");
    writeFileSync(file, "connectors:\n  example:\n    commands: { Example: { timeout_seconds: 7 } }\n");
    const log = memoryLog();
    const proxy = await createProxy({ configFile: file, cwd: folder, env: {}, logDestination: log.sink });
    try {
      expect(proxy.catalogue.list().map((handle) => handle.id)).toEqual(bundledIds);
      const answer = await proxy.call("example/Example", { message: "from anywhere" });
      expect(answer.envelope.error).toBeNull();
      const startup = log.lines().find((line) => typeof line.commands === "number");
      expect(startup).toMatchObject({ level: 30, commands: bundledIds.length });
      expect(startup?.msg).toMatch(/^serving \d+ commands of \d+ connectors: .*example.*\(.*node_modules\)/);
      expect(Object.keys(startup?.sources ?? {})).toEqual([path.join(repoRoot, "node_modules")]);
    } finally {
      await proxy.close();
    }
  });

  it("the CLI, run in an empty folder with CONNECTOR_PROXY_CONFIG elsewhere, lists every bundled command", async () => {
    const elsewhere = path.join(folder, "connector-proxy.config.json");
    writeFileSync(elsewhere, JSON.stringify({ exclude: ["aws"] }));
    const cwd = mkdtempSync(path.join(tmpdir(), "cp-cwd-"));
    try {
      const bin = path.join(repoRoot, "packages", "proxy", "bin", "connector-proxy.js");
      const { stdout } = await run(process.execPath, [bin, "commands", "--json"], {
        cwd,
        env: { ...process.env, CONNECTOR_PROXY_CONFIG: elsewhere, CONNECTOR_PROXY_API_KEY: undefined },
      });
      const ids = (JSON.parse(stdout) as { id: string }[]).map((item) => item.id);
      expect(ids).toEqual(bundledIds.filter((id) => !id.startsWith("aws/")));
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("serving no command is a warning naming where discovery looked", async () => {
    const log = memoryLog();
    const file = path.join(folder, "nothing.json");
    writeFileSync(file, JSON.stringify({ include: ["no-such-connector"] }));
    const proxy = await createProxy({ configFile: file, env: {}, logDestination: log.sink });
    await proxy.close();
    const warning = log.lines().find((line) => line.level === 40);
    expect(warning?.msg).toContain(
      `serving no commands: no connector package found in ${path.join(folder, "node_modules")}`,
    );
    expect(warning?.msg).toContain(path.join(repoRoot, "node_modules"));
  });
});
