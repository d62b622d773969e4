/**
 * Importing one connector module (by package name or path; JavaScript, or TypeScript sources
 * through tsx) and checking that its default export is a connector definition. Every failure
 * names the package.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Connector, isConnector } from "@connector-proxy/sdk";

export class StartupError extends Error {
  override name = "StartupError";
}

/** Where a connector comes from: an npm package resolved from a folder, or a file/folder path. */
export type ConnectorSource = { package: string; from: string } | { path: string };

export function describeSource(source: ConnectorSource): string {
  return "package" in source ? `package "${source.package}"` : `path "${source.path}"`;
}

/** Resolve the file to import for a source. */
export function resolveEntry(source: ConnectorSource): string {
  if ("package" in source) {
    return createRequire(path.join(source.from, "noop.js")).resolve(source.package);
  }
  if (!existsSync(source.path)) throw new Error(`${source.path} does not exist`);
  if (!statSync(source.path).isDirectory()) return source.path;
  const manifest = path.join(source.path, "package.json");
  if (!existsSync(manifest)) return path.join(source.path, "index.js");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; main?: string; exports?: unknown };
  const built = path.join(source.path, exportTarget(pkg.exports) ?? pkg.main ?? "index.js");
  const sources = path.join(source.path, "src", "index.ts");
  return !existsSync(built) && existsSync(sources) ? sources : built; // a package not built yet runs from its sources
}

const TYPESCRIPT = /\.[mc]?ts$/;

/** TypeScript sources load through tsx (imported only then), in a fresh module namespace each time: a reload sees every edit. */
async function importTypeScript(url: string): Promise<unknown> {
  const { tsImport } = await import("tsx/esm/api");
  return tsImport(url, import.meta.url);
}

function exportTarget(exports: unknown): string | undefined {
  if (typeof exports === "string") return exports;
  if (exports === null || typeof exports !== "object") return undefined;
  const dot = (exports as Record<string, unknown>)["."] ?? exports;
  if (typeof dot === "string") return dot;
  if (dot !== null && typeof dot === "object") {
    const conditions = dot as Record<string, unknown>;
    const target = conditions.import ?? conditions.default ?? conditions.node;
    return typeof target === "string" ? target : exportTarget(target);
  }
  return undefined;
}

/**
 * Import a connector (with `importModule` when given: `connector-proxy dev` imports each version
 * afresh); throws a StartupError naming the source on any failure.
 */
export async function loadConnector(
  source: ConnectorSource,
  importModule?: (url: string) => Promise<unknown>,
): Promise<Connector> {
  let module: { default?: unknown };
  try {
    const url = pathToFileURL(resolveEntry(source)).href;
    const imported = importModule ?? ((url: string) => (TYPESCRIPT.test(url) ? importTypeScript(url) : import(url)));
    module = (await imported(url)) as { default?: unknown };
  } catch (error) {
    throw new StartupError(`Cannot load connector ${describeSource(source)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const candidate = module.default;
  if (!isConnector(candidate)) {
    throw new StartupError(
      `Connector ${describeSource(source)} has no valid default export: export default defineConnector({ name, commands }) from @connector-proxy/sdk`,
    );
  }
  return candidate;
}
