/**
 * Finding, reading and validating the configuration file (JSON or YAML).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
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
}

export class ConfigError extends Error {
  override name = "ConfigError";
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

/** Validate a raw configuration object (already parsed), interpolating `${ENV}` values. */
export function parseConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv,
  where: string,
): { config: ProxyConfig; secrets: Set<string> } {
  const secrets = new Set<string>();
  const interpolated = interpolate(raw ?? {}, env, secrets, where);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in ${where}: ${problems.join("; ")}`);
  }
  return { config: result.data, secrets };
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
  return { ...parseConfig(raw, env, file), baseDir: path.dirname(file), file };
}
