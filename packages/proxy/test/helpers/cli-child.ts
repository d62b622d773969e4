/**
 * Test helper: the real CLI in a child process (`serve`, `dev`, or an installed bin), with its
 * output kept, the port read from its "listening" line, and waits on later output lines.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const cliScript = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "dist",
  "cli",
  "main.js",
);

export interface CliChild {
  url: string;
  child: ChildProcess;
  /** Everything written so far on stdout and stderr. */
  output(): string;
  /** Resolves when the output matches `pattern` (checked as output arrives), rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Run `command args` (default: node and this CLI) and resolve once it listens. */
export function startCli(
  args: string[],
  options: { cwd: string; command?: string; startMs?: number },
): Promise<CliChild> {
  const child = spawn(options.command ?? process.execPath, options.command ? args : [cliScript, ...args], {
    cwd: options.cwd,
    env: { ...process.env, CONNECTOR_PROXY_API_KEY: undefined, CONNECTOR_PROXY_CONFIG: undefined, PORT: undefined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waitFor = (pattern: RegExp, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no ${pattern} within ${ms} ms; output:\n${output}`));
      }, ms);
      listeners.add(check);
      check();
    });
  const port = /"port":(\d+)|\[dev\] serving http:\/\/[^:]+:(\d+)/;
  const failed = exited.then(() => Promise.reject(new Error(`exited before listening:\n${output}`)));
  return Promise.race([waitFor(port, options.startMs ?? 60_000), failed]).then(() => {
    const match = port.exec(output);
    return {
      url: `http://127.0.0.1:${match?.[1] ?? match?.[2]}`,
      child,
      output: () => output,
      waitFor,
      stop: async () => {
        child.kill("SIGTERM");
        const stuck = setTimeout(() => child.kill("SIGKILL"), 15_000); // a test's cleanup must end
        await exited;
        clearTimeout(stuck);
      },
    };
  });
}

/** POST a JSON body to a served command; the envelope's body, or its error. */
export async function callServed(url: string, id: string, params: unknown): Promise<unknown> {
  const response = await fetch(`${url}/v1/do/${id}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  const envelope = (await response.json()) as { command_response: { body?: unknown }; error: unknown };
  return envelope.error ?? envelope.command_response.body;
}

/** Call until the answer differs from `before`; resolves with it and the milliseconds it took. */
export async function pollUntilChanged(
  call: () => Promise<unknown>,
  before: unknown,
  deadlineMs: number,
): Promise<{ answer: unknown; ms: number }> {
  const started = performance.now();
  const deadline = started + deadlineMs;
  for (;;) {
    const answer = await call();
    if (JSON.stringify(answer) !== JSON.stringify(before)) return { answer, ms: performance.now() - started };
    if (performance.now() > deadline)
      throw new Error(`the answer was still ${JSON.stringify(answer)} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
