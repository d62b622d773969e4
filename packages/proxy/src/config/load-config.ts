/**
 * Finding, reading and validating the configuration file (JSON or YAML).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describeIssues, unknownKeyPaths } from "./config-problems.js";
import { configSchema, type ProxyConfig } from "./config-schema.js";
import { interpolate } from "./interpolate.js";

export const CONFIG_FILE_NAMES = [
  "connector-proxy.config.json",
  "connector-proxy.config.yaml",
  "connector-proxy.config.yml",
];

export interface LoadedConfig {
  config: ProxyConfig;
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
  /** The file it came from, if any. */
  file: string | null;
  /** Values that came from the environment: scrubbed from every log and answer. */
  secrets: Set<string>;
  /**
   * Unknown keys found in the file: start-up goes on far enough to check connector and command
   * names too, then fails listing every problem at once (see `configError`).
   */
  problems?: readonly string[];
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** One error listing every problem of a configuration, one per line. */
export function configError(where: string, problems: readonly string[]): ConfigError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new ConfigError(
    `Invalid configuration in ${where} (${count}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}

/** Find the config file: the explicit path, else CONNECTOR_PROXY_CONFIG, else a known name in `cwd`. */
export function findConfigFile(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | null {
  const chosen = explicit ?? env.CONNECTOR_PROXY_CONFIG;
  if (chosen) {
    const file = path.resolve(cwd, chosen);
    if (!existsSync(file))
      throw new ConfigError(`Config file ${file} does not exist (check --config or CONNECTOR_PROXY_CONFIG)`);
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((file) => existsSync(file)) ?? null;
}

function withoutKeys(value: unknown, paths: readonly PropertyKey[][]): unknown {
  const copy = structuredClone(value) as Record<PropertyKey, unknown>;
  for (const keyPath of paths) {
    const parent = keyPath
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)?.[key], copy);
    if (parent !== null && typeof parent === "object")
      delete (parent as Record<PropertyKey, unknown>)[keyPath.at(-1) ?? ""];
  }
  return copy;
}

/**
 * Validate a raw configuration object (already parsed), interpolating `${ENV}` values. Unknown
 * keys alone do not stop it: they come back as `problems` with the configuration without them.
 */
export function checkConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv,
  where: string,
): { config: ProxyConfig; secrets: Set<string>; problems: string[] } {
  const secrets = new Set<string>();
  const interpolated = interpolate(raw ?? {}, env, secrets, where);
  const result = configSchema.safeParse(interpolated);
  if (result.success) return { config: result.data, secrets, problems: [] };
  const problems = describeIssues(result.error.issues);
  const unknown = unknownKeyPaths(result.error.issues);
  const rest = unknown ? configSchema.safeParse(withoutKeys(interpolated, unknown)) : null;
  if (rest?.success) return { config: rest.data, secrets, problems };
  throw configError(where, rest ? [...problems, ...describeIssues(rest.error.issues)] : problems);
}

/** Validate a raw configuration object (already parsed); every problem, unknown keys included, throws. */
export function parseConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv,
  where: string,
): { config: ProxyConfig; secrets: Set<string> } {
  const { problems, ...checked } = checkConfig(raw, env, where);
  if (problems.length > 0) throw configError(where, problems);
  return checked;
}

/** YAML is parsed by the `yaml` package, loaded only when a YAML file is used. */
function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text);
}

/** Load the configuration from a file (or defaults when there is none). */
export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = findConfigFile(options.file, env, cwd);
  if (!file) return { ...parseConfig({}, env, "defaults"), baseDir: cwd, file: null };
  let raw: unknown;
  try {
    const text = readFileSync(file, "utf8");
    raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`);
  }
  return { ...checkConfig(raw, env, file), baseDir: path.dirname(file), file };
}
