import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/load-config.js";
import { createProxy } from "../src/proxy.js";
import { repoRoot } from "./helpers/test-proxy.js";

const sdk = pathToFileURL(path.join(repoRoot, "packages", "sdk", "dist", "index.js")).href;
let dir: string;

/** Write a package into `<dir>/node_modules/<name>` with `code` as its entry. */
function installPackage(name: string, code: string) {
  const folder = path.join(dir, "node_modules", name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, "package.json"),
    JSON.stringify({ name, version: "1.0.0", type: "module", main: "index.js" }),
  );
  writeFileSync(path.join(folder, "index.js"), code);
}

const connectorCode = (name: string, command: string) => `
import { defineCommand, defineConnector, z } from ${JSON.stringify(sdk)};
export default defineConnector({ name: ${JSON.stringify(name)}, commands: [
  defineCommand({ name: ${JSON.stringify(command)}, description: "d", params: z.object({}), run: () => ({ body: ${JSON.stringify(name)} }) }),
] });`;

/** The ids of this test's own connectors (the proxy's installation adds the bundled ones). */
const own = (proxy: { catalogue: { list(): { id: string }[] } }) =>
  proxy.catalogue
    .list()
    .map((handle) => handle.id)
    .filter((id) => /^(alpha|beta|gamma)\//.test(id));

const start = (raw: Record<string, unknown>) =>
  createProxy({
    config: { ...parseConfig({ node_modules: "node_modules", ...raw }, {}, "test"), baseDir: dir, file: null },
    env: {},
    logDestination: process.stderr,
  });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cp-discovery-"));
  installPackage("connector-alpha", connectorCode("alpha", "One"));
  installPackage("@acme/connector-beta", connectorCode("beta", "Two"));
  installPackage("not-a-connector", "export default 42;");
  mkdirSync(path.join(dir, "local"), { recursive: true });
  writeFileSync(path.join(dir, "local", "gamma.js"), connectorCode("gamma", "Three"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("discovery", () => {
  it("finds connector-* and @scope/connector-* packages in node_modules with no config", async () => {
    const proxy = await start({});
    expect(own(proxy)).toEqual(["alpha/One", "beta/Two"]);
    const answer = await proxy.call("beta/Two", {});
    expect(answer.envelope.command_response).toMatchObject({ body: "beta" });
  });

  it("also serves the connectors installed with the proxy; one beside the config replaces the bundled one of its name", async () => {
    const bundled = await start({});
    expect(bundled.catalogue.get("http/GetRequestV2")).toBeDefined();
    expect(bundled.catalogue.get("example/Example")).toBeDefined();
    installPackage("connector-example", connectorCode("example", "Mine"));
    try {
      const shadowed = await start({});
      expect(shadowed.catalogue.get("example/Mine")).toBeDefined();
      expect(shadowed.catalogue.get("example/Example")).toBeUndefined();
      expect(shadowed.catalogue.get("http/GetRequestV2")).toBeDefined();
    } finally {
      rmSync(path.join(dir, "node_modules", "connector-example"), { recursive: true });
    }
  });

  it("loads a connector listed in the config by path", async () => {
    const proxy = await start({ connectors: { gamma: { path: "local/gamma.js" } } });
    expect(proxy.catalogue.get("gamma/Three")).toBeDefined();
  });

  it("leaves out excluded and disabled connectors, and honours include", async () => {
    const excluded = await start({ exclude: ["alpha"] });
    expect(own(excluded)).toEqual(["beta/Two"]);
    const disabled = await start({ connectors: { beta: { enabled: false } } });
    expect(own(disabled)).toEqual(["alpha/One"]);
    const included = await start({ include: ["*/Two"] });
    expect(included.catalogue.list().map((handle) => handle.id)).toEqual(["beta/Two"]); // nothing bundled matches
  });

  it("a broken package stops start-up with a message naming it", async () => {
    installPackage("connector-broken", "import 'does-not-exist-anywhere';");
    await expect(start({})).rejects.toThrow(/connector-broken/);
    rmSync(path.join(dir, "node_modules", "connector-broken"), { recursive: true });
  });

  it("with two broken packages, start-up names the first in order and the other fails quietly", async () => {
    installPackage("connector-broken-a", "import 'does-not-exist-a';");
    installPackage("connector-broken-b", "import 'does-not-exist-b';");
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      await expect(start({})).rejects.toThrow(/connector-broken-a/);
      await new Promise((resolve) => setTimeout(resolve, 50)); // let a stray rejection surface
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
      for (const name of ["connector-broken-a", "connector-broken-b"]) {
        rmSync(path.join(dir, "node_modules", name), { recursive: true });
      }
    }
  });

  it("a package without a connector default export is refused by name", async () => {
    installPackage("connector-empty", "export default { name: 'x' };");
    await expect(start({})).rejects.toThrow(/connector-empty.*defineConnector/);
    rmSync(path.join(dir, "node_modules", "connector-empty"), { recursive: true });
  });

  it("duplicate command ids stop start-up naming both sources", async () => {
    writeFileSync(path.join(dir, "local", "alpha-again.js"), connectorCode("alpha", "One"));
    await expect(start({ connectors: { alpha: { path: "local/alpha-again.js" } } })).resolves.toBeDefined();
    await expect(
      start({ connectors: { other: { path: "local/alpha-again.js" } }, include: ["*"] }),
    ).resolves.toBeDefined();
    installPackage("connector-alpha2", connectorCode("alpha", "One"));
    await expect(start({})).rejects.toThrow(/"alpha\/One" is provided by both .*connector-alpha.*connector-alpha2/);
    rmSync(path.join(dir, "node_modules", "connector-alpha2"), { recursive: true });
  });

  it("invalid connector settings stop start-up naming the connector and field", async () => {
    await expect(
      createProxy({
        config: {
          ...parseConfig(
            {
              connectors: {
                sink: {
                  path: path.join(repoRoot, "packages/proxy/test/fixtures/connector-kitchen-sink"),
                  settings: { greeting: 5 },
                },
              },
              discover: false,
            },
            {},
            "test",
          ),
          baseDir: dir,
          file: null,
        },
        env: {},
      }),
    ).rejects.toThrow(/Settings of connector "sink".*greeting/);
  });

  it("a missing ${ENV} variable is a clear configuration error", () => {
    expect(() => parseConfig({ connectors: { a: { settings: { t: "${NOPE_NOT_SET}" } } } }, {}, "file.yaml")).toThrow(
      /NOPE_NOT_SET.*not set/,
    );
  });
});
