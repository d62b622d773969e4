/**
 * `${ENV_VAR}` interpolation in configuration values. Every interpolated value is
 * remembered as a secret so it can be scrubbed from logs and answers.
 */

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export class MissingVariableError extends Error {
  override name = "MissingVariableError";
}

/** Replace `${NAME}` (or `${NAME:-default}`) in every string of `value`, collecting the substituted values. */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, secrets: Set<string>, where = "config"): unknown {
  if (typeof value === "string") {
    return value.replace(PATTERN, (_match, name: string, fallback: string | undefined) => {
      const found = env[name] ?? fallback;
      if (found === undefined) {
        throw new MissingVariableError(
          `${where} uses \${${name}} but the environment variable ${name} is not set (set it, or write \${${name}:-default})`,
        );
      }
      if (env[name] !== undefined) secrets.add(found);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolate(item, env, secrets, `${where}[${index}]`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, env, secrets, `${where}.${key}`)]),
    );
  }
  return value;
}
