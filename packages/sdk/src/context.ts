/**
 * What a command receives besides its parameters. Every capability comes in here,
 * never through globals, so a command is testable without patching anything.
 */
import type { OAuthAccess, OAuthOptions } from "./oauth-access.js";

/** The capabilities handed to `run(params, ctx)`. */
export interface CommandContext {
  /** This connector's settings from the proxy configuration (secrets already interpolated). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The task's data (`spiff__task_data`). */
  readonly taskData: Readonly<Record<string, unknown>>;
  readonly processInstanceId: number | null;
  readonly processModelIdentifier: string | null;
  readonly taskId: string | null;
  /** Where Arena accepts the asynchronous completion (`spiff__callback_url`). */
  readonly callbackUrl: string | null;
  /** Fires on timeout, cancellation or client disconnect: pass it to every I/O call. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds after which the command is abandoned. */
  readonly deadline: number;
  /** Adds a line to `spiff__logs` (shown to diagram authors: never log credentials). */
  log(message: string): void;
  /** W3C trace context to send on outbound calls (`traceparent` header), when the call is traced. */
  readonly traceparent: string | null;
  /** Outbound fetch; injectable for tests and tracing. */
  readonly fetch: typeof fetch;
  /**
   * A valid access token for an OAuth2 token set (an object, or the JSON string Arena
   * substitutes for `secret:xero/OAuth`), refreshed first when it is about to expire.
   * Once called, the command's answer carries the current token set back to Arena.
   *
   * @example
   * const { accessToken } = await ctx.oauth(params.access_token);
   */
  oauth(tokenSetOrSecretValue: unknown, options?: OAuthOptions): Promise<OAuthAccess>;
}
