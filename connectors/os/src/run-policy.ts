/**
 * What a RunCommand call may do under the deployment's settings: which executable,
 * which working directory, which environment. Each refusal is a named error.
 */
import { constants } from "node:fs";
import { access, realpath } from "node:fs/promises";
import path from "node:path";
import { CommandError } from "@connector-proxy/sdk";
import type { OsSettings } from "./settings.js";

export const POLICY_ERRORS = {
  RunCommandDisabled: "The deployment lists no allowed executables, so RunCommand is off",
  ExecutableNotAllowed: "The executable is not in the deployment's allowed_executables",
  CwdNotAllowed: "The working directory is not inside one of the deployment's cwd_roots",
  EnvNotAllowed: "An env variable name is not in the deployment's env_allowlist",
  ExecutableNotFound: "The allowed executable does not exist (or is not executable) on the proxy's machine",
} as const;

/**
 * The absolute path of an allowed executable. It must be listed exactly (other names, paths
 * and shell syntax are refused); a bare name is looked up on the proxy's own PATH, never on
 * a PATH the diagram passes in `env`.
 */
export async function checkExecutable(executable: string, settings: OsSettings, proxyPath: string): Promise<string> {
  if (settings.allowed_executables.length === 0) {
    throw new CommandError(
      "RunCommandDisabled",
      "os/RunCommand is disabled: list the executables it may start in the os connector's allowed_executables setting",
      { httpStatus: 403 },
    );
  }
  if (!settings.allowed_executables.includes(executable)) {
    throw new CommandError(
      "ExecutableNotAllowed",
      `Executable "${executable}" is not allowed (allowed: ${settings.allowed_executables.join(", ")}); ask the deployment to add it to allowed_executables`,
      { httpStatus: 403 },
    );
  }
  const candidates = executable.includes("/")
    ? [path.resolve(executable)]
    : proxyPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, executable));
  for (const candidate of candidates) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new CommandError("ExecutableNotFound", `Executable "${executable}" is allowed but not found on this machine`, {
    httpStatus: 500,
  });
}

/** The real working directory, which must lie within a configured root (symlinks resolved). */
export async function checkCwd(cwd: string | undefined, settings: OsSettings): Promise<string | undefined> {
  const [firstRoot] = settings.cwd_roots;
  if (cwd === undefined) return firstRoot;
  const refuse = (why: string, cause?: unknown) =>
    new CommandError("CwdNotAllowed", `Working directory "${cwd}" is refused: ${why}`, { httpStatus: 403, cause });
  if (firstRoot === undefined) throw refuse("the deployment configures no cwd_roots");
  const base = path.resolve(firstRoot, cwd);
  let real: string;
  try {
    real = await realpath(base);
  } catch (cause) {
    throw refuse("it does not exist", cause);
  }
  for (const root of settings.cwd_roots) {
    const realRoot = await realpath(root).catch(() => null);
    if (realRoot === null) continue;
    const relative = path.relative(realRoot, real);
    if (relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))) return real;
  }
  throw refuse(`it is outside the allowed roots (${settings.cwd_roots.join(", ")})`);
}

/** The child's whole environment: allowlisted names from the proxy's environment, overridden by `env`. */
export function buildEnv(
  env: Readonly<Record<string, string>>,
  settings: OsSettings,
  inherited: NodeJS.ProcessEnv,
): Record<string, string> {
  const refused = Object.keys(env).filter((name) => !settings.env_allowlist.includes(name));
  if (refused.length > 0) {
    throw new CommandError(
      "EnvNotAllowed",
      `Environment variables ${refused.join(", ")} are not allowed (allowed: ${settings.env_allowlist.join(", ") || "none"})`,
      { httpStatus: 403 },
    );
  }
  const result: Record<string, string> = {};
  for (const name of settings.env_allowlist) {
    const value = env[name] ?? inherited[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}
