/**
 * The os connector's settings: nothing runs unless the deployment lists the executables,
 * the working-directory roots and the environment variables a diagram may use.
 */
import { z } from "@connector-proxy/sdk";

export const osSettingsSchema = z.object({
  allowed_executables: z
    .array(z.string().min(1))
    .default([])
    .describe(
      "Executables RunCommand may start, exactly as diagrams name them (absolute path or a name found on PATH); empty disables RunCommand",
    ),
  cwd_roots: z
    .array(z.string().min(1))
    .default([])
    .describe("Directories a command may run in (or below); the first is the default working directory"),
  env_allowlist: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
    .default(["PATH", "LANG", "TZ"])
    .describe(
      "The only environment variable names a command sees: inherited from the proxy or set by the env parameter",
    ),
  max_output_bytes: z.number().int().positive().default(1_048_576).describe("Limit on stdout and on stderr, each"),
  max_timeout_seconds: z.number().positive().default(300).describe("Upper bound for the timeout_seconds parameter"),
});

export type OsSettings = z.output<typeof osSettingsSchema>;

/** Parse `ctx.config` (already validated by the proxy at start-up; parsed again for its types and defaults). */
export function readOsSettings(config: Readonly<Record<string, unknown>>): OsSettings {
  return osSettingsSchema.parse(config);
}
