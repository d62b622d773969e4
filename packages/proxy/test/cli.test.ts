import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/test-proxy.js";

const run = promisify(execFile);
const cli = path.join(repoRoot, "packages", "proxy", "dist", "cli", "main.js");
const opts = { cwd: repoRoot, env: { ...process.env, CONNECTOR_PROXY_API_KEY: undefined } };

describe("connector-proxy CLI", { timeout: 90_000 }, () => {
  it("call prints the documented envelope", async () => {
    const { stdout } = await run(
      process.execPath,
      [cli, "call", "example/Example", "--params", '{"message":"hi"}'],
      opts,
    );
    const envelope = JSON.parse(stdout);
    expect(envelope.command_response.body).toEqual({
      connector_response: "You passed the example connector: 'hi'. Have a good day!",
    });
    expect(envelope.error).toBeNull();
  });

  it("call passes task data and exits 1 with the error envelope on failure", async () => {
    const ok = await run(
      process.execPath,
      [cli, "call", "example/ReadTaskData", "--params", '{"key":"a"}', "--task-data", '{"a": 42}'],
      opts,
    );
    expect(JSON.parse(ok.stdout).command_response.body).toEqual({ key: "a", value: 42 });
    const failed = run(process.execPath, [cli, "call", "example/ReadTaskData", "--params", '{"key":"b"}'], opts);
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining("KeyNotInTaskData") });
  });

  it("call refuses bad --params JSON with a clear message", async () => {
    const failed = run(process.execPath, [cli, "call", "example/Example", "--params", "{nope"], opts);
    await expect(failed).rejects.toMatchObject({ stderr: expect.stringMatching(/--params is not valid JSON/) });
  });

  it("commands prints the catalogue as JSON and as a table", async () => {
    const json = await run(process.execPath, [cli, "commands", "--json"], opts);
    expect(JSON.parse(json.stdout).map((item: { id: string }) => item.id)).toContain("example/Example");
    const table = await run(process.execPath, [cli, "commands"], opts);
    expect(table.stdout).toMatch(/example\/Example\s+inline\s+message\*:str/);
  });

  it("--help describes every command", async () => {
    const { stdout } = await run(process.execPath, [cli, "--help"], opts);
    for (const word of ["serve", "commands", "call"]) expect(stdout).toContain(word);
    const serveHelp = await run(process.execPath, [cli, "serve", "--help"], opts);
    expect(serveHelp.stdout).toMatch(/--port/);
  });
});
