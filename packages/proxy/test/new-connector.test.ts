/**
 * `connector-proxy new` refuses what it cannot scaffold, saying what to change, and writes
 * nothing then; `--dir` chooses the folder.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliScript } from "./helpers/cli-child.js";

const run = promisify(execFile);
let workspace: string;
const scaffold = (...args: string[]) => run(process.execPath, [cliScript, "new", ...args], { cwd: workspace });

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), "cp-new-"));
});

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe("connector-proxy new", { timeout: 60_000 }, () => {
  it("refuses a name that cannot be a package and a command prefix", async () => {
    await expect(scaffold("Bad Name")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Connector name "Bad Name" must be lowercase letters, digits, - or _'),
    });
    expect(readdirSync(workspace)).toEqual([]);
  });

  it("refuses an unknown language, naming the known ones", async () => {
    await expect(scaffold("acme", "--lang", "rust")).rejects.toMatchObject({
      stderr: expect.stringContaining('--lang "rust" is not one of ts, python'),
    });
  });

  it("never writes into a folder that is not empty", async () => {
    const taken = path.join(workspace, "taken");
    mkdirSync(taken);
    writeFileSync(path.join(taken, "notes.txt"), "mine");
    await expect(scaffold("acme", "--dir", "taken")).rejects.toMatchObject({
      stderr: expect.stringContaining(`${taken} already exists and is not empty: pass another --dir`),
    });
    expect(readdirSync(taken)).toEqual(["notes.txt"]);
  });

  it("writes into --dir, naming the package after the connector", async () => {
    const { stdout } = await scaffold("billing", "--dir", "somewhere/else");
    const folder = path.join(workspace, "somewhere", "else");
    expect(stdout).toContain('cd "somewhere/else"');
    expect(JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")).name).toBe("connector-billing");
    expect(readFileSync(path.join(folder, "src", "index.ts"), "utf8")).toContain('name: "billing"');
    expect(existsSync(path.join(folder, ".gitignore"))).toBe(true);
  });
});
