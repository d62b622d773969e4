/**
 * The Python half of the author kit, in an empty folder outside the repository: `connector-proxy
 * new pyacme --lang python` writes a stdlib-only MCP server whose own test passes, and the
 * configuration it writes mounts it process-hosted; `connector-proxy dev` in the folder serves
 * it and restarts it when server.py changes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliChild, callServed, cliScript, pollUntilChanged, startCli } from "./helpers/cli-child.js";

const run = promisify(execFile);
let workspace: string;
let folder: string;
const children: CliChild[] = [];

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), "cp-author-py-"));
  folder = path.join(workspace, "connector-pyacme");
});

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop()));
  rmSync(workspace, { recursive: true, force: true });
});

describe("connector-proxy new --lang python", { timeout: 120_000 }, () => {
  it("scaffolds a server whose own test passes with python3 alone", async () => {
    const created = await run(process.execPath, [cliScript, "new", "pyacme", "--lang", "python"], { cwd: workspace });
    expect(created.stdout).toContain('cd "connector-pyacme"\n  python3 -m unittest\n');
    const tested = await run("python3", ["-m", "unittest"], { cwd: folder });
    expect(tested.stderr).toMatch(/Ran 4 tests[\s\S]*\nOK\n/);
  });

  it("is mounted process-hosted by the configuration it wrote", async () => {
    const config = readFileSync(path.join(folder, "connector-proxy.config.yaml"), "utf8");
    expect(config).toContain("hosting: process");
    const served = await startCli(["serve", "--port", "0", "--config", "connector-proxy.config.yaml"], {
      cwd: folder,
    });
    children.push(served);
    expect(await callServed(served.url, "pyacme/Greet", { name: "Ada" })).toEqual({ greeting: "Hello, Ada." });
    expect(await callServed(served.url, "pyacme/Greet", { name: " " })).toMatchObject({ error_code: "EmptyName" });
    const catalogue = (await (await fetch(`${served.url}/v1/commands`)).json()) as Array<{
      id: string;
      "x-hosting": string;
    }>;
    expect(catalogue.find((item) => item.id === "pyacme/Greet")?.["x-hosting"]).toBe("process");
  });

  it("is served by dev and restarted when server.py changes", async () => {
    const dev = await startCli(["dev", "--port", "0"], { cwd: folder });
    children.push(dev);
    expect(await callServed(dev.url, "pyacme/Greet", { name: "Ada" })).toEqual({ greeting: "Hello, Ada." });
    const server = path.join(folder, "server.py");
    writeFileSync(server, readFileSync(server, "utf8").replace('f"Hello, ', 'f"Howdy, '));
    const { answer } = await pollUntilChanged(
      () => callServed(dev.url, "pyacme/Greet", { name: "Ada" }),
      { greeting: "Hello, Ada." },
      10_000,
    );
    expect(answer).toEqual({ greeting: "Howdy, Ada." });
    writeFileSync(server, "this is not python\n");
    await dev.waitFor(/pyacme not reloaded, the previous version keeps serving/);
    expect(await callServed(dev.url, "pyacme/Greet", { name: "Ada" })).toEqual({ greeting: "Howdy, Ada." });
  });
});
