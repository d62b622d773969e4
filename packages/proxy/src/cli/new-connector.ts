/**
 * `connector-proxy new <name> [--lang ts|python] [--dir <folder>]`: scaffold a connector package
 * outside the proxy (a TypeScript package with a test, or a stdlib-only Python MCP server with
 * a test and the configuration that mounts it) and print the exact commands that come next.
 */
import { existsSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { type ScaffoldLanguage, writeScaffold } from "./new-scaffold.js";

export interface NewOptions {
  lang: string;
  dir?: string;
}

const NAME = /^[a-z][a-z0-9_-]*$/;
const LANGUAGES: readonly string[] = ["ts", "python"] satisfies ScaffoldLanguage[];

/** How to run this CLI again: `connector-proxy` when that is what PATH finds, else node and its script. */
function cliInvocation(): string {
  const script = process.argv[1] ?? "";
  const real = (file: string) => (existsSync(file) ? realpathSync(file) : file);
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "connector-proxy");
    if (dir && existsSync(candidate) && real(candidate) === real(script)) return "connector-proxy";
  }
  return `node ${JSON.stringify(script)}`;
}

export function newConnectorAction(name: string, options: NewOptions): void {
  if (!NAME.test(name)) {
    throw new Error(
      `Connector name "${name}" must be lowercase letters, digits, - or _, starting with a letter (it names the package connector-${name} and prefixes its command ids)`,
    );
  }
  if (!LANGUAGES.includes(options.lang)) {
    throw new Error(`--lang "${options.lang}" is not one of ${LANGUAGES.join(", ")}`);
  }
  const lang = options.lang as ScaffoldLanguage;
  const folder = path.resolve(options.dir ?? `connector-${name}`);
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new Error(`${folder} already exists and is not empty: pass another --dir`);
  }
  writeScaffold(name, lang, folder);
  const cd = `cd ${JSON.stringify(path.relative(process.cwd(), folder) || ".")}`;
  const steps =
    lang === "ts"
      ? [cd, "npm install", "npm test", "npm run dev"]
      : [cd, "python3 -m unittest", `${cliInvocation()} dev`];
  process.stdout.write(
    [
      `Created the ${lang === "ts" ? "TypeScript" : "Python"} connector "${name}" in ${folder}`,
      "",
      "Next:",
      ...steps.map((step) => `  ${step}`),
      "",
      `The last one serves ${name}/Greet beside the bundled connectors on port 8004 and reloads it when a file changes:`,
      `  curl -s -X POST localhost:8004/v1/do/${name}/Greet -H 'content-type: application/json' -d '{"name":"Ada"}'`,
      "",
    ].join("\n"),
  );
}
