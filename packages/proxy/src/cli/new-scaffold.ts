/**
 * Writing a connector scaffold: the template files of one language (`scaffold/<lang>/` in this
 * package, `*.tmpl` with `__PLACEHOLDER__`s) plus the files computed from this installation:
 * a TypeScript package's `package.json` (linking the SDK and the proxy this proxy runs from,
 * while they are not on the registry) or a Python server's proxy configuration.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

export type ScaffoldLanguage = "ts" | "python";

/** This package's folder (`dist/cli/` is two levels below it). */
const proxyRoot = realpathSync(fileURLToPath(new URL("../..", import.meta.url)));

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

const readManifest = (folder: string) =>
  JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as Manifest;

/** The folder of the SDK this proxy imports (the workspace package, or the installed one). */
function sdkRoot(): string {
  let folder = path.dirname(createRequire(import.meta.url).resolve("@connector-proxy/sdk"));
  while (!existsSync(path.join(folder, "package.json")) || readManifest(folder).name !== "@connector-proxy/sdk") {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error("Cannot find the folder of @connector-proxy/sdk beside this proxy");
    folder = parent;
  }
  return realpathSync(folder);
}

/** Copy `scaffold/<lang>/` into `target`, replacing each placeholder; `gitignore` becomes `.gitignore`. */
function copyTemplates(from: string, target: string, values: Record<string, string>): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const name = entry.name.replace(/\.tmpl$/, "").replace(/^gitignore$/, ".gitignore");
    if (entry.isDirectory()) {
      copyTemplates(source, path.join(target, name), values);
      continue;
    }
    let text = readFileSync(source, "utf8");
    for (const [key, value] of Object.entries(values)) text = text.replaceAll(`__${key}__`, value);
    writeFileSync(path.join(target, name), text);
  }
}

/** The package.json of a TypeScript connector: SDK and proxy linked from this installation. */
function typescriptManifest(name: string, links: Record<string, string>): string {
  const proxy = readManifest(proxyRoot);
  return `${JSON.stringify(
    {
      name: `connector-${name}`,
      version: "0.1.0",
      description: `The ${name} connector for connector-proxy`,
      keywords: ["connector-proxy", "connector"],
      type: "module",
      license: "MIT",
      engines: { node: ">=20.19" },
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
      files: ["dist", "src"],
      scripts: {
        build: "tsc",
        test: "tsc --noEmit && node --import tsx --test test/*.test.ts",
        dev: "connector-proxy dev",
        prepack: "tsc",
      },
      dependencies: { "@connector-proxy/sdk": links["@connector-proxy/sdk"] },
      devDependencies: {
        "@connector-proxy/proxy": links["@connector-proxy/proxy"],
        "@types/node": "^20.19.0",
        tsx: proxy.dependencies?.tsx ?? "^4.23.15",
        typescript: "^5.9.3",
      },
    },
    null,
    2,
  )}\n`;
}

/** The configuration entry that mounts a Python connector, process-hosted. */
export function pythonConfig(name: string, folder: string): string {
  const entry = { hosting: "process", process: { command: "python3", args: [path.join(folder, "server.py")] } };
  return stringify({ connectors: { [name]: entry } }).trimEnd();
}

/** Write the scaffold of connector `name` in `lang` into the (new or empty) `folder`. */
export function writeScaffold(name: string, lang: ScaffoldLanguage, folder: string): void {
  const values: Record<string, string> = { NAME: name, PACKAGE: `connector-${name}`, FOLDER: folder };
  if (lang === "python") {
    values.CONFIG = pythonConfig(name, folder);
    copyTemplates(path.join(proxyRoot, "scaffold", lang), folder, values);
    writeFileSync(path.join(folder, "connector-proxy.config.yaml"), `${values.CONFIG}\n`);
    return;
  }
  const links = { "@connector-proxy/sdk": `file:${sdkRoot()}`, "@connector-proxy/proxy": `file:${proxyRoot}` };
  values.LINKS = JSON.stringify(links, null, 2);
  values.SDK_RANGE = `^${readManifest(sdkRoot()).version}`;
  values.PROXY_RANGE = `^${readManifest(proxyRoot).version}`;
  copyTemplates(path.join(proxyRoot, "scaffold", lang), folder, values);
  writeFileSync(path.join(folder, "package.json"), typescriptManifest(name, links));
}
