/**
 * The proxy's view of one executable command, whatever hosts it (this process,
 * a child process, another proxy). Discovery produces handles; execution invokes them.
 */
import type {
  CommandAnnotations,
  DeclaredError,
  JsonSchema,
  Outcome,
  PublishedExample,
  ReservedContext,
  SpiffParameter,
} from "@connector-proxy/sdk";

export type Hosting = "inline" | "process" | "remote";

/** One call, as every host receives it. */
export interface Invocation {
  params: Record<string, unknown>;
  reserved: ReservedContext;
  signal: AbortSignal;
  deadline: number;
  /** Incoming W3C trace context, when the caller sent one. */
  traceparent?: string;
  log(line: string): void;
  /** Set when the call runs as a durable job (a command with `start` then starts external work). */
  jobId?: string;
}

export interface CommandHandle {
  readonly id: string;
  readonly description: string;
  readonly parameters: readonly SpiffParameter[];
  readonly inputSchema: JsonSchema;
  readonly errors: readonly DeclaredError[];
  readonly hosting: Hosting;
  readonly longRunning: boolean;
  /** Declared effects (read only, destructive, idempotent), shown to MCP clients as tool annotations. */
  readonly annotations?: CommandAnnotations;
  /** JSON Schema of the result's `body`, when the command declares one (the MCP tool's `outputSchema`). */
  readonly outputSchema?: JsonSchema;
  readonly timeoutMs: number;
  /** Examples the command declares (published in the catalogue; `conformance` runs the safe ones). */
  readonly examples?: readonly PublishedExample[];
  invoke(call: Invocation): Promise<Outcome>;
  /** Check parameters without running: the error outcome, or null when valid. Hosts that cannot check leave it out. */
  validate?(params: Record<string, unknown>): Outcome | null;
  /** True when a job of this command is started here and completed by an external system. */
  readonly completesExternally?: boolean;
}
