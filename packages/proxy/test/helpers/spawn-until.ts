/**
 * Test helper: start a long-running program (a server) and wait for a line of its output,
 * never for a fixed time; stop it (and its children) afterwards.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";

export interface Started {
  /** The first output line containing the awaited text; rejects with the output if the program exits first. */
  ready: Promise<string>;
  stop(): Promise<void>;
}

export function startUntil(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
  text: string,
): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, CONNECTOR_PROXY_API_KEY: undefined, ...options.env },
    detached: true, // its own process group: stop() reaches npm's children too
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    const scan = (chunk: Buffer) => {
      output += chunk;
      const line = output.split("\n").find((candidate) => candidate.includes(text));
      if (line !== undefined) resolve(line);
    };
    child.stdout.on("data", scan);
    child.stderr.on("data", scan);
    child.once("exit", (code) =>
      reject(new Error(`${command} ${args.join(" ")} exited (${code}) before "${text}":\n${output}`)),
    );
  });
  ready.catch(() => {});
  return {
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-(child.pid as number), "SIGTERM");
        } catch {
          // already gone
        }
        await exited;
      }
    },
  };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
