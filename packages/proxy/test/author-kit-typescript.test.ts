/**
 * SLOW (one `npm install`, about a minute): the author kit as a new user meets it, in an empty
 * folder outside the repository. `connector-proxy new acme --lang ts`, `npm install`, `npm test`,
 * then `connector-proxy dev` in it: acme/Greet answers the scaffold's greeting, an edit of the
 * command's source answers on a following call without a restart, and a type error or an
 * import error is reported while the previous version keeps answering.
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
let dev: CliChild | undefined;

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), "cp-author-ts-"));
  folder = path.join(workspace, "connector-acme");
}, 30_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe("connector-proxy new --lang ts, then dev", { timeout: 600_000 }, () => {
  it("scaffolds a package whose npm install and npm test pass at once", async () => {
    const created = await run(process.execPath, [cliScript, "new", "acme", "--lang", "ts"], { cwd: workspace });
    expect(created.stdout).toContain('cd "connector-acme"\n  npm install\n  npm test\n  npm run dev');
    // the repository's npm lock: concurrent installs share one cache
    await run("flock", ["/tmp/cp-npm.lock", "npm", "install", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: folder,
    });
    const tested = await run("npm", ["test"], { cwd: folder });
    expect(tested.stdout).toMatch(/# pass 4\n# fail 0/);
  });

  it("serves acme/Greet from its sources beside the other connectors", async () => {
    dev = await startCli(["dev", "--port", "0"], { cwd: folder, startMs: 120_000 });
    expect(await callServed(dev.url, "acme/Greet", { name: "Ada" })).toEqual({ greeting: "Hello, Ada." });
    // the bundled connectors, found from the proxy's own installation (the scaffold links it)
    expect(await callServed(dev.url, "example/Example", { message: "hi" })).toEqual({
      connector_response: "You passed the example connector: 'hi'. Have a good day!",
    });
  });

  it("answers an edit of the command's source on a following call, without a restart", async () => {
    const source = path.join(folder, "src", "index.ts");
    writeFileSync(source, readFileSync(source, "utf8").replace("`Hello, ", "`Howdy, "));
    const { answer, ms } = await pollUntilChanged(
      () => callServed(dev!.url, "acme/Greet", { name: "Ada" }),
      { greeting: "Hello, Ada." },
      10_000,
    );
    expect(answer).toEqual({ greeting: "Howdy, Ada." });
    expect(ms).toBeLessThan(2000);
    expect(dev?.child.exitCode).toBeNull();
    expect(await callServed(dev!.url, "example/Example", { message: "hi" })).toMatchObject({
      connector_response: expect.any(String),
    });
  });

  it("keeps the previous version on a type error, and on an import error", async () => {
    const source = path.join(folder, "src", "index.ts");
    const good = readFileSync(source, "utf8");
    writeFileSync(source, good.replace("`Howdy, ${name}", "`Typo, ${name.nope}"));
    await dev!.waitFor(/not reloaded, the previous version keeps serving: type errors:\n.*index\.ts.*nope/);
    expect(await callServed(dev!.url, "acme/Greet", { name: "Ada" })).toEqual({ greeting: "Howdy, Ada." });
    writeFileSync(source, `import "./missing.js";\n${good.replace("`Howdy, ", "`Hiya, ")}`);
    await dev!.waitFor(/not reloaded[^\n]*Cannot load connector[^\n]*missing\.js/);
    expect(await callServed(dev!.url, "acme/Greet", { name: "Ada" })).toEqual({ greeting: "Howdy, Ada." });
  });
});
