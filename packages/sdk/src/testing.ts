/**
 * Test helpers for connector authors: run a command the way the proxy does, without a server.
 */
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
