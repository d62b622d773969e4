/**
 * Running one process without a shell, in its own process group, with a time limit and an
 * output limit. When it ends (or is stopped) the rest of its group is killed, so nothing
 * it started outlives the call.
 */
import { spawn } from "node:child_process";

export interface SpawnRequest {
  file: string;
  args: readonly string[];
  cwd: string | undefined;
  env: Record<string, string>;
  stdin: string | undefined;
  timeoutMs: number;
  maxOutputBytes: number;
  signal: AbortSignal;
}

export interface ProcessResult {
  /** How it ended: exited by itself, or stopped by us. */
  ending: "exited" | "timeout" | "output_limit" | "aborted";
  exit_code: number | null;
  /** The signal that ended it, when one did. */
  exit_signal: string | null;
  stdout: string;
  stderr: string;
  duration_ms: number;
}

/** Spawn and wait; rejects only when the process cannot be started at all. */
export function spawnProcess(request: SpawnRequest): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(request.file, [...request.args], {
      cwd: request.cwd,
      env: request.env,
      detached: true,
      shell: false,
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
    }); // throws (rejecting this promise) for arguments spawn refuses, e.g. with NUL bytes
    const stdout = new OutputBuffer(request.maxOutputBytes);
    const stderr = new OutputBuffer(request.maxOutputBytes);
    let ending: ProcessResult["ending"] = "exited";

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group is already gone
      }
    };
    const stop = (why: ProcessResult["ending"]) => {
      if (ending === "exited") ending = why;
      killGroup();
    };

    const timer = setTimeout(() => stop("timeout"), request.timeoutMs);
    const onAbort = () => stop("aborted");
    request.signal.addEventListener("abort", onAbort, { once: true });
    if (request.signal.aborted) onAbort();

    child.stdout.on("data", (chunk: Buffer) => stdout.add(chunk) || stop("output_limit"));
    child.stderr.on("data", (chunk: Buffer) => stderr.add(chunk) || stop("output_limit"));
    child.stdin.on("error", () => {}); // a process that exits without reading its stdin
    child.stdin.end(request.stdin ?? "");

    child.on("error", (error) => {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onAbort);
      reject(error);
    });
    child.on("exit", () => killGroup()); // children left behind would hold the pipes open
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onAbort);
      resolve({
        ending,
        exit_code: code,
        exit_signal: signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        duration_ms: Math.round(performance.now() - started),
      });
    });
  });
}

/** Collects a stream up to a byte limit; `add` answers false once the limit is passed. */
class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): boolean {
    const room = this.limit - this.size;
    if (room > 0) this.chunks.push(chunk.subarray(0, room));
    this.size += chunk.length;
    return this.size <= this.limit;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}
