import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort, startUntil } from "./helpers/spawn-until.js";
import { repoRoot } from "./helpers/test-proxy.js";

const run = promisify(execFile);
const bin = path.join(repoRoot, "packages", "proxy", "bin", "connector-proxy.js");
const cli = bin; // what npm links as `connector-proxy`
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

  it("call and commands print only their result: nothing on stderr (no start-up chatter)", async () => {
    const call = await run(process.execPath, [cli, "call", "example/Example", "--params", '{"message":"hi"}'], opts);
    expect(call.stderr).toBe("");
    const commands = await run(process.execPath, [cli, "commands"], opts);
    expect(commands.stderr).toBe("");
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

  it("--version and -v print the package version and exit 0", async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "packages", "proxy", "package.json"), "utf8"));
    for (const flag of ["--version", "-v"]) {
      const { stdout } = await run(process.execPath, [cli, flag], opts);
      expect(stdout.trim()).toBe(version);
    }
  });

  it("no arguments prints the help on stdout and exits 0", async () => {
    const { stdout } = await run(process.execPath, [cli], opts);
    expect(stdout).toMatch(/Usage: connector-proxy/);
    expect(stdout).toContain("serve");
  });

  it("the bin says to run npm run build when the compiled CLI is missing", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "cp-bin-"));
    try {
      mkdirSync(path.join(folder, "bin"));
      copyFileSync(bin, path.join(folder, "bin", "connector-proxy.js"));
      const failed = run(process.execPath, [path.join(folder, "bin", "connector-proxy.js"), "--version"], opts);
      await expect(failed).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("run `npm run build`") });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("connector-proxy serve", { timeout: 240_000 }, () => {
  it("npm start listens on PORT", async () => {
    const port = await freePort();
    const server = startUntil("npm", ["start"], { cwd: repoRoot, env: { PORT: String(port) } }, `:${port}`);
    try {
      await server.ready;
      expect(await (await fetch(`http://127.0.0.1:${port}/liveness`)).json()).toEqual({ ok: true });
    } finally {
      await server.stop();
    }
  });

  it("a port in use is refused naming --port and PORT", async () => {
    const taken = startUntil(process.execPath, [cli, "serve", "--port", "0"], { cwd: repoRoot }, "listening on");
    try {
      const line = await taken.ready;
      const port = /listening on [^:]+:(\d+)/.exec(line)?.[1];
      const refused = run(process.execPath, [cli, "serve", "--host", "0.0.0.0"], {
        ...opts,
        env: { ...opts.env, PORT: port },
      });
      await expect(refused).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(
          `port ${port} on 0.0.0.0 is already in use: choose another with --port <port> or PORT=<port>`,
        ),
      });
    } finally {
      await taken.stop();
    }
  });

  it("refuses to serve no command unless --allow-empty", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "cp-empty-"));
    const config = path.join(folder, "connector-proxy.config.json");
    try {
      copyFileSync(path.join(repoRoot, "packages", "proxy", "test", "fixtures", "empty.config.json"), config);
      const refused = run(process.execPath, [cli, "serve", "--port", "0", "--config", config], opts);
      await expect(refused).rejects.toMatchObject({
        code: 1,
        stdout: expect.stringContaining("serving no commands"),
        stderr: expect.stringContaining("pass --allow-empty"),
      });
      const allowed = startUntil(
        process.execPath,
        [cli, "serve", "--port", "0", "--config", config, "--allow-empty"],
        { cwd: repoRoot },
        "listening on",
      );
      try {
        expect(await allowed.ready).toContain('"commands":0');
      } finally {
        await allowed.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
