/**
 * `os/RunCommand`: run an allowed executable with execFile semantics (no shell) and answer
 * its exit code and output.
 */
import { CommandError, defineCommand, z } from "@connector-proxy/sdk";
import { buildEnv, checkCwd, checkExecutable, POLICY_ERRORS } from "./run-policy.js";
import { readOsSettings } from "./settings.js";
import { type ProcessResult, spawnProcess } from "./spawn-process.js";

export const runCommand = defineCommand({
  name: "RunCommand",
  description: "Runs an executable the deployment allows, without a shell, and answers its exit code and output",
  params: z.object({
    executable: z.string().min(1).describe("An executable listed in the deployment's allowed_executables"),
    args: z.array(z.string()).default([]).describe("Arguments, passed as they are (no shell: no globbing, no $(...))"),
    stdin: z.string().optional().describe("Text written to the process's standard input"),
    cwd: z.string().optional().describe("Working directory, inside one of the deployment's cwd_roots"),
    env: z.record(z.string(), z.string()).default({}).describe("Environment variables (names from env_allowlist)"),
    timeout_seconds: z.number().positive().default(30).describe("The process group is killed after this long"),
    allow_nonzero: z.boolean().default(false).describe("Answer a non-zero exit code instead of failing"),
  }),
  errors: {
    ...POLICY_ERRORS,
    ProcessFailed: "The process exited with a non-zero code or was killed by a signal",
    ProcessTimedOut: "The process ran past timeout_seconds and was killed with its children",
    OutputTooLarge: "stdout or stderr passed max_output_bytes; the process was killed",
  },
  run: async (params, ctx) => {
    const settings = readOsSettings(ctx.config);
    const file = await checkExecutable(params.executable, settings, process.env.PATH ?? "");
    const cwd = await checkCwd(params.cwd, settings);
    const env = buildEnv(params.env, settings, process.env);
    const timeoutSeconds = Math.min(params.timeout_seconds, settings.max_timeout_seconds);
    const result = await spawnProcess({
      file,
      args: params.args,
      cwd,
      env,
      stdin: params.stdin,
      timeoutMs: timeoutSeconds * 1000,
      maxOutputBytes: settings.max_output_bytes,
      signal: ctx.signal,
    }).catch((cause: unknown) => {
      throw new CommandError("ProcessFailed", `"${params.executable}" could not be started: ${String(cause)}`, {
        httpStatus: 500,
        cause,
      });
    });
    ctx.log(`${params.executable} ended (${result.ending}) after ${result.duration_ms} ms`);
    const answer = {
      exit_code: result.exit_code,
      stdout: result.stdout,
      stderr: result.stderr,
      duration_ms: result.duration_ms,
    };
    const failure = describeFailure(params.executable, result, timeoutSeconds, settings.max_output_bytes);
    if (failure && !(result.ending === "exited" && params.allow_nonzero)) {
      throw new CommandError(failure.code, failure.message, { httpStatus: failure.httpStatus, body: answer });
    }
    return { body: answer };
  },
});

function describeFailure(
  executable: string,
  result: ProcessResult,
  timeoutSeconds: number,
  maxOutputBytes: number,
): { code: string; message: string; httpStatus: number } | null {
  switch (result.ending) {
    case "timeout":
      return {
        code: "ProcessTimedOut",
        message: `"${executable}" ran past ${timeoutSeconds} s and was killed with its children (raise timeout_seconds)`,
        httpStatus: 504,
      };
    case "output_limit":
      return {
        code: "OutputTooLarge",
        message: `"${executable}" wrote more than ${maxOutputBytes} bytes to stdout or stderr and was killed`,
        httpStatus: 500,
      };
    case "aborted":
      return { code: "ProcessFailed", message: `"${executable}" was killed: the call was cancelled`, httpStatus: 500 };
    case "exited":
      if (result.exit_code === 0) return null;
      return {
        code: "ProcessFailed",
        message:
          result.exit_code === null
            ? `"${executable}" was killed by ${result.exit_signal ?? "a signal"}`
            : `"${executable}" exited with code ${result.exit_code} (set allow_nonzero to accept it)`,
        httpStatus: 500,
      };
  }
}
