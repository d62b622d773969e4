/**
 * Test helpers for connector authors: run a command the way the proxy does, without a server,
 * and the two dead peers every connector's failure tests need (nothing listening, or a server
 * that accepts and never answers), on loopback.
 */
import { createServer, type Socket } from "node:net";
import type { Command } from "./define-command.js";
import type { OAuthProvider } from "./oauth-access.js";
import type { Outcome } from "./outcome.js";
import { runCommand } from "./run-command.js";
import { emptyReserved, type ReservedContext } from "./wire.js";

export interface CallOptions {
  config?: Record<string, unknown>;
  reserved?: Partial<ReservedContext>;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Stands in for the proxy's `ctx.oauth` (for example a fixed token set, or a counting fake). */
  oauth?: OAuthProvider;
  /** Call as a durable job: a command with `start` then starts, answering `{ body: { reference } }`. */
  jobId?: string;
}

/**
 * Validate and run a command in-process and return its Outcome (status + v2 envelope).
 *
 * @example
 * const { envelope } = await callCommand(example, { message: "hi" });
 * expect(envelope.error).toBeNull();
 */
export async function callCommand(
  command: Command,
  params: Record<string, unknown>,
  options: CallOptions = {},
): Promise<Outcome> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return runCommand(`test/${command.name}`, command, params, {
    config: options.config ?? {},
    reserved: { ...emptyReserved(), ...options.reserved },
    signal: AbortSignal.timeout(timeoutMs),
    deadline: Date.now() + timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.oauth ? { oauth: options.oauth } : {}),
    ...(options.jobId ? { jobId: options.jobId } : {}),
  });
}

/** A loopback port nothing listens on (bound by the system, then released): a server that is down. */
export async function closedPort(): Promise<number> {
  const server = await listenOnLoopback(createServer());
  const port = portOf(server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface SilentServer {
  port: number;
  /** Drop the connections it holds and stop listening. */
  close(): Promise<void>;
}

/** A loopback server that accepts connections and never answers: a peer that hangs. */
export async function silentServer(): Promise<SilentServer> {
  const sockets: Socket[] = [];
  const server = await listenOnLoopback(createServer((socket) => sockets.push(socket)));
  return {
    port: portOf(server.address()),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function listenOnLoopback<S extends ReturnType<typeof createServer>>(server: S): Promise<S> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const portOf = (address: ReturnType<ReturnType<typeof createServer>["address"]>) =>
  typeof address === "object" && address !== null ? address.port : 0;
