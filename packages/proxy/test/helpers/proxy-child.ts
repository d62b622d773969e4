/**
 * Test helper: the real CLI (`connector-proxy serve --port 0`) in a child process, from a
 * config object written to a file. The port is read from the "listening" log line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "cli", "main.js");

export interface ProxyChild {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the child is gone. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** `command` is the CLI command and its own options (default `serve`); port, host and config are added. */
export function startProxyChild(
  configFile: string,
  config: object,
  env: NodeJS.ProcessEnv,
  command: readonly string[] = ["serve"],
): Promise<ProxyChild> {
  writeFileSync(configFile, JSON.stringify(config));
  const args = [cli, ...command, "--port", "0", "--host", "127.0.0.1", "--config", configFile];
  const child = spawn(process.execPath, args, {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let errors = "";
  child.stderr?.on("data", (chunk) => {
    errors += chunk;
  });
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`the proxy did not start within 20 s: ${errors}`)), 20_000);
    void exited.then((code) => reject(new Error(`the proxy exited with ${code} before listening: ${errors}`)));
    child.stdout?.on("data", (chunk) => {
      buffer += chunk;
      const match = /"port":(\d+)/.exec(buffer);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume();
      resolve({ url: `http://127.0.0.1:${match[1]}`, child, exited, kill: (signal) => child.kill(signal) });
    });
  });
}

/** POST a JSON body to a child proxy. */
export async function postTo(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
