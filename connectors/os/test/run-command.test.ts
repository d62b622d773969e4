import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../src/run-command.js";

const root = realpathSync(mkdtempSync(path.join(tmpdir(), "os-connector-")));
const outside = realpathSync(mkdtempSync(path.join(tmpdir(), "os-outside-")));
symlinkSync(outside, path.join(root, "escape"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const config = {
  allowed_executables: ["echo", "cat", "false", "env", "pwd", "yes", "/usr/bin/sh"],
  cwd_roots: [root],
  env_allowlist: ["PATH", "GREETING"],
};

const run = (params: Record<string, unknown>, settings: Record<string, unknown> = config) =>
  callCommand(runCommand, params, { config: settings });

/** A pid still doing something (a zombie awaiting its reaper counts as gone). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("os/RunCommand", () => {
  it("runs an allowed executable with arguments and stdin, and answers exit code and output", async () => {
    const echoed = await run({ executable: "echo", args: ["hello", "world"] });
    expect(echoed.envelope.error).toBeNull();
    expect(echoed.envelope.command_response.body).toMatchObject({ exit_code: 0, stdout: "hello world\n", stderr: "" });
    const body = echoed.envelope.command_response.body as { duration_ms: number };
    expect(body.duration_ms).toBeGreaterThanOrEqual(0);

    const catted = await run({ executable: "cat", stdin: "from stdin\n" });
    expect(catted.envelope.command_response.body).toMatchObject({ exit_code: 0, stdout: "from stdin\n" });
  });

  it("is disabled without allowed executables", async () => {
    const { envelope } = await run({ executable: "echo" }, {});
    expect(envelope.error?.error_code).toBe("RunCommandDisabled");
  });

  it("refuses executables that are not listed exactly", async () => {
    for (const executable of ["ls", "/bin/echo", "sh", "../../usr/bin/echo"]) {
      const { envelope } = await run({ executable });
      expect(envelope.error?.error_code, executable).toBe("ExecutableNotAllowed");
    }
  });

  it("gives shell metacharacters no meaning", async () => {
    const trick = await run({ executable: "echo; touch pwned", args: [] });
    expect(trick.envelope.error?.error_code).toBe("ExecutableNotAllowed");

    const literal = await run({ executable: "echo", args: ["$(touch pwned)", "; touch pwned", "`id`", "*"] });
    expect(literal.envelope.command_response.body).toMatchObject({
      stdout: "$(touch pwned) ; touch pwned `id` *\n",
    });
    expect(() => readFileSync(path.join(root, "pwned"))).toThrow();
  });

  it("runs only inside the configured roots", async () => {
    const inRoot = await run({ executable: "pwd" });
    expect(inRoot.envelope.command_response.body).toMatchObject({ stdout: `${root}\n` });

    for (const cwd of ["/", outside, "..", "escape", path.join(root, "missing")]) {
      const { envelope } = await run({ executable: "pwd", cwd });
      expect(envelope.error?.error_code, cwd).toBe("CwdNotAllowed");
    }
  });

  it("passes only allowlisted environment variables", async () => {
    const { envelope } = await run({ executable: "env", env: { GREETING: "hi" } });
    const lines = String((envelope.command_response.body as { stdout: string }).stdout)
      .trim()
      .split("\n");
    expect(lines.map((line) => line.split("=")[0]).sort()).toEqual(["GREETING", "PATH"]);
    expect(lines).toContain("GREETING=hi");

    const refused = await run({ executable: "env", env: { LD_PRELOAD: "/tmp/x.so" } });
    expect(refused.envelope.error?.error_code).toBe("EnvNotAllowed");
  });

  it("answers ProcessFailed for arguments the system refuses", async () => {
    const { envelope } = await run({ executable: "echo", args: ["a\u0000b"] });
    expect(envelope.error?.error_code).toBe("ProcessFailed");
  });

  it("fails on a non-zero exit unless allow_nonzero", async () => {
    const failed = await run({ executable: "false" });
    expect(failed.envelope.error?.error_code).toBe("ProcessFailed");
    expect(failed.envelope.command_response.body).toMatchObject({ exit_code: 1 });

    const allowed = await run({ executable: "false", allow_nonzero: true });
    expect(allowed.envelope.error).toBeNull();
    expect(allowed.envelope.command_response.body).toMatchObject({ exit_code: 1 });
  });

  it("kills the whole process group on timeout", async () => {
    const started = Date.now();
    const { envelope } = await run({
      executable: "/usr/bin/sh",
      args: ["-c", "sleep 100 & echo $!; echo $$; sleep 100"],
      timeout_seconds: 1,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(envelope.error?.error_code).toBe("ProcessTimedOut");
    const pids = String((envelope.command_response.body as { stdout: string }).stdout)
      .trim()
      .split("\n")
      .map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(pid).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const pid of pids) expect(isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it("kills a process whose output passes the limit", async () => {
    const { envelope } = await run({ executable: "yes" }, { ...config, max_output_bytes: 10_000 });
    expect(envelope.error?.error_code).toBe("OutputTooLarge");
    expect(String((envelope.command_response.body as { stdout: string }).stdout).length).toBe(10_000);
  });
});
