import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoDir } from "./helpers/observed-proxy.js";

const cli = path.join(repoDir, "packages", "proxy", "dist", "cli", "main.js");
const hasScript = spawnSync("script", ["--version"]).status === 0;
const cwd = mkdtempSync(path.join(tmpdir(), "cp-pretty-")); // no config file, no connectors
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Run `serve` (no connectors) with stdout on a pseudo-terminal or a pipe; resolves with what it printed first. */
function firstOutput(onTerminal: boolean): Promise<string> {
  const args = [cli, "serve", "--port", "0", "--host", "127.0.0.1"];
  const env = { ...process.env, CONNECTOR_PROXY_CONFIG: "", NO_COLOR: "1" };
  const command = `${process.execPath} ${args.join(" ")}`;
  const child = onTerminal
    ? spawn("script", ["-qfec", command, "/dev/null"], { cwd, env, stdio: ["ignore", "pipe", "inherit"] })
    : spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no "listening" line: ${text}`));
    }, 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes("listening on")) return;
      clearTimeout(timer);
      child.once("exit", () => resolve(text));
      child.kill("SIGTERM");
    });
  });
}

describe("log format", () => {
  it("writes JSON lines when stdout is not a terminal", async () => {
    const line = (await firstOutput(false)).split("\n")[0] ?? "";
    expect(JSON.parse(line)).toMatchObject({ level: 30, service: "connector-proxy" });
  });

  it.skipIf(!hasScript)("pretty-prints when stdout is a terminal", async () => {
    const text = await firstOutput(true);
    expect(text).toMatch(/INFO.*connector-proxy listening on 127\.0\.0\.1:\d+/);
    expect(text.trimStart().startsWith("{")).toBe(false);
  });
});
