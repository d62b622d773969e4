/**
 * Cold start: importing a bundled connector loads none of its own third-party dependencies
 * (protocol clients, parsers): they are imported on first use. Each connector is imported in a
 * fresh Node process that records every module it loads: ES modules through a resolve hook
 * (module.register), CommonJS ones through the require cache.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../..", import.meta.url));

const RECORD_HOOK = `import { writeSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  writeSync(1, "loaded " + result.url + "\\n");
  return result;
}`;

/** Every module (ES and CommonJS) a fresh process loads while importing `specifiers`, one per line. */
async function modulesLoadedBy(specifiers: readonly string[]): Promise<string[]> {
  const script = `import { createRequire, register } from "node:module";
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(RECORD_HOOK)}`)});
for (const specifier of ${JSON.stringify(specifiers)}) await import(specifier);
for (const file of Object.keys(createRequire(import.meta.url).cache)) console.log("loaded " + file);`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    timeout: 20_000,
  });
  return stdout.split("\n").filter((line) => line.startsWith("loaded "));
}

/** The connector's own runtime dependencies, other than workspace packages. */
function heavyDependencies(connector: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, "connectors", connector, "package.json"), "utf8"));
  const dependencies: Record<string, string> = manifest.dependencies ?? {};
  return Object.keys(dependencies).filter(
    (name) => !name.startsWith("@connector-proxy/") && !name.startsWith("@types/"),
  );
}

/** The dependencies among `libraries` that appear in `loaded`. */
function loadedAmong(loaded: readonly string[], libraries: readonly string[]): string[] {
  const normalised = loaded.map((line) => line.replaceAll(path.sep, "/"));
  return libraries.filter((library) => normalised.some((line) => line.includes(`/node_modules/${library}/`)));
}

const connectors = readdirSync(path.join(root, "connectors")).filter((name) =>
  readdirSync(path.join(root, "connectors", name)).includes("package.json"),
);
const withDependencies = connectors.filter((connector) => heavyDependencies(connector).length > 0);

describe("bundled connectors load their libraries on first use", () => {
  it("covers every connector that has third-party dependencies", () => {
    expect(withDependencies).toEqual(expect.arrayContaining(["amqp", "aws", "ftp", "http", "mqtt", "nats", "sftp"]));
  });

  it("detects each of those libraries when it is imported", async () => {
    const libraries = [...new Set(withDependencies.flatMap(heavyDependencies))];
    const loaded = await modulesLoadedBy(libraries);
    expect(loadedAmong(loaded, libraries).sort()).toEqual([...libraries].sort());
  });

  it.each(withDependencies)("importing connector-%s loads none of its dependencies", async (connector) => {
    const loaded = await modulesLoadedBy([`@connector-proxy/connector-${connector}`]);
    expect(loaded.some((line) => line.includes(`/connectors/${connector}/dist/index.js`))).toBe(true);
    expect(loadedAmong(loaded, heavyDependencies(connector))).toEqual([]);
  });
});
