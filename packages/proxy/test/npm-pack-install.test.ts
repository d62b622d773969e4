/**
 * SLOW (one `npm install` of the proxy's dependencies from the registry, minutes on a cold
 * cache): the packages install and run as published. `npm pack` of the SDK, the console, the
 * proxy and the example connector; `npm install` of the tarballs into an empty folder outside the
 * repository; then the installed `connector-proxy serve` answers example/Example, the SDK's
 * entry points import, and `connector-proxy new` links the installed SDK.
 */
import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliChild, callServed, startCli } from "./helpers/cli-child.js";
import { repoRoot } from "./helpers/test-proxy.js";

const run = promisify(execFile);
/** The proxy with every package of ours it depends on, and one connector. */
const PACKAGES = ["packages/sdk", "packages/console", "packages/proxy", "connectors/example"];
let workspace: string;
let app: string;
let served: CliChild | undefined;

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), "cp-pack-"));
  const tarballs = path.join(workspace, "tarballs");
  app = path.join(workspace, "app");
  mkdirSync(tarballs);
  mkdirSync(app);
  const workspaces = PACKAGES.flatMap((folder) => ["--workspace", folder]);
  await run("npm", ["pack", ...workspaces, "--pack-destination", tarballs], { cwd: repoRoot }); // prepack builds
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  const files = readdirSync(tarballs).map((file) => path.join(tarballs, file));
  expect(files).toHaveLength(PACKAGES.length);
  const proxy = JSON.parse(readFileSync(path.join(repoRoot, "packages", "proxy", "package.json"), "utf8"));
  const ours = Object.keys(proxy.dependencies).filter((name) => name.startsWith("@connector-proxy/"));
  const packed = PACKAGES.map(
    (folder) => JSON.parse(readFileSync(path.join(repoRoot, folder, "package.json"), "utf8")).name,
  );
  expect(
    packed,
    "a package of ours the proxy depends on is not packed (npm would look for it on the registry)",
  ).toEqual(expect.arrayContaining(ours));
  // one install, under the repository's npm lock, from the shared cache where it can
  await run("flock", ["/tmp/cp-npm.lock", "npm", "install", ...files, "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: app,
    maxBuffer: 16 * 1024 * 1024,
  });
}, 1_200_000);

afterAll(async () => {
  await served?.stop();
  rmSync(workspace, { recursive: true, force: true }); // a full node_modules: slow on a loaded machine
}, 300_000);

const installed = (name: string) => path.join(app, "node_modules", "@connector-proxy", name);

describe("npm pack, npm install of the tarballs in an empty folder", { timeout: 120_000 }, () => {
  it("installs copies whose manifests name registry ranges, no workspace links", () => {
    for (const name of ["sdk", "proxy", "connector-example"]) {
      expect(lstatSync(installed(name)).isSymbolicLink()).toBe(false);
      const manifest = readFileSync(path.join(installed(name), "package.json"), "utf8");
      expect(manifest).not.toMatch(/"(file|workspace|link):/);
      expect(readdirSync(installed(name))).toEqual(expect.arrayContaining(["README.md", "dist", "package.json"]));
    }
    expect(readdirSync(path.join(installed("sdk"), "dist"))).toEqual(
      expect.arrayContaining(["index.d.ts", "testing.d.ts"]),
    );
  });

  it("serves the installed connector with the installed CLI", async () => {
    served = await startCli(["serve", "--port", "0", "--host", "127.0.0.1"], {
      cwd: app,
      command: path.join(app, "node_modules", ".bin", "connector-proxy"),
    });
    expect(await callServed(served.url, "example/Example", { message: "hi" })).toEqual({
      connector_response: "You passed the example connector: 'hi'. Have a good day!",
    });
  });

  it("exports the SDK's entry points to a program of the folder", async () => {
    const program = `import { defineCommand, z } from "@connector-proxy/sdk";
import { callCommand } from "@connector-proxy/sdk/testing";
const echo = defineCommand({ name: "Echo", description: "d", params: z.object({ x: z.number() }), run: ({ x }) => ({ body: x }) });
console.log(JSON.stringify((await callCommand(echo, { x: 7 })).envelope.command_response.body));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", program], { cwd: app });
    expect(stdout.trim()).toBe("7");
  });

  it("scaffolds with the installed SDK and proxy linked", async () => {
    await run(path.join(app, "node_modules", ".bin", "connector-proxy"), ["new", "acme"], { cwd: app });
    const manifest = JSON.parse(readFileSync(path.join(app, "connector-acme", "package.json"), "utf8"));
    expect(manifest.dependencies["@connector-proxy/sdk"]).toBe(`file:${installed("sdk")}`);
    expect(manifest.devDependencies["@connector-proxy/proxy"]).toBe(`file:${installed("proxy")}`);
  });
});
