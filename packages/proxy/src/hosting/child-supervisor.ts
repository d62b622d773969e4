/**
 * One supervised MCP child process. Started eagerly or on first call; after a crash, an exit,
 * a memory overrun or a hang it is restarted with backoff, and only the calls in flight on it
 * fail (`ConnectorCrashed`). Concurrent calls share the one stdio connection, at most
 * `maxInFlight` at once.
 */
import { type Outcome, proxyErrorOutcome, thrownOutcome } from "@connector-proxy/sdk";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  type CallToolResult,
  ErrorCode,
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log/logger.js";
import { CALL_KEY, contextMeta } from "../mcp/call-context.js";
import { outcomeFromToolResult } from "../mcp/tool-result.js";
import { metrics } from "../observability/metrics.js";
import type { Invocation } from "./command-handle.js";
import type { HostStatus } from "./host-status.js";
import { watchMemory } from "./memory-watch.js";
import { Slots } from "./slots.js";

export interface ChildSpec {
  /** The connector name, for messages. */
  name: string;
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  maxInFlight: number;
  memoryLimitMb?: number;
}

interface Running {
  client: Client;
  /** Settles with the reason once this child is gone. */
  gone: Promise<string>;
  kill(reason: string): void;
}

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;
const START_TIMEOUT_MS = 20_000;
const PING_TIMEOUT_MS = 2_000;

export class ChildSupervisor {
  private running: Promise<Running> | null = null;
  private backoffMs = FIRST_BACKOFF_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private sequence = 0;
  /** Set while an abandoned call's child is being checked for a hang: new calls wait for the verdict. */
  private suspect: Promise<void> | null = null;
  private readonly slots: Slots;
  private readonly logSinks = new Map<string, (line: string) => void>();
  /** For status(): the child answering now, restarts so far, and why the last one went away. */
  private live: { pid: number | null } | null = null;
  private restarts = 0;
  private lastExit: { reason: string; at: string } | null = null;

  constructor(
    private readonly spec: ChildSpec,
    private readonly logger: Logger,
  ) {
    this.slots = new Slots(spec.maxInFlight);
  }

  /**
   * The running child, starting it (or waiting for its restart) when needed. A start that fails
   * is forgotten, so the next call starts the child again (a restart after a crash retries itself).
   */
  ensure(): Promise<Running> {
    if (this.closed) return Promise.reject(new Error("the proxy is shutting down"));
    if (!this.running) {
      const starting = this.spawn();
      this.running = starting;
      starting.catch(() => {
        if (this.running === starting) this.running = null;
      });
    }
    return this.running;
  }

  async listTools(): Promise<Tool[]> {
    const { client } = await this.ensure();
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  /** What the console shows of this child. */
  status(): Omit<HostStatus, "name" | "hosting" | "commands"> {
    const state = this.live ? "up" : !this.running ? "idle" : this.restarts > 0 ? "down" : "starting";
    return { state, pid: this.live?.pid ?? null, restarts: this.restarts, last_exit: this.lastExit };
  }

  /** Stop the child without restarting it; the next call starts it again. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    this.live = null;
    if (running) await (await running).client.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    this.running = null;
    if (this.restartTimer) {
      // waiting out a restart backoff: no child is up, and the pending restart never resolves
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
      return;
    }
    if (running) await running.then((child) => child.client.close()).catch(() => {});
  }

  /** Call tool `toolName` for command `id`; never throws. */
  async call(id: string, toolName: string, invocation: Invocation): Promise<Outcome> {
    if (!(await this.slots.acquire(invocation.signal))) return cancelled(id);
    const callId = String(++this.sequence);
    const logs: string[] = [];
    try {
      let child: Running;
      try {
        if (this.suspect) await this.suspect;
        child = await this.ensure();
      } catch (error) {
        return this.crashed(id, `could not be started (${(error as Error).message})`, logs);
      }
      this.logSinks.set(callId, (line) => {
        logs.push(line);
        invocation.log(line);
      });
      const request = child.client.callTool(
        { name: toolName, arguments: invocation.params, _meta: contextMeta(invocation, callId) },
        undefined,
        { signal: invocation.signal, timeout: Math.max(1, invocation.deadline - Date.now()) + PING_TIMEOUT_MS },
      );
      const settled = await Promise.race([
        request.then(
          (result) => ({ result: result as CallToolResult }),
          (error: unknown) => ({ error }),
        ),
        child.gone.then((reason) => ({ gone: reason })),
      ]);
      if ("gone" in settled) return this.crashed(id, settled.gone, logs);
      if ("result" in settled) {
        this.backoffMs = FIRST_BACKOFF_MS;
        return outcomeFromToolResult(settled.result, logs);
      }
      if (invocation.signal.aborted) {
        this.suspect ??= this.probe(child).finally(() => {
          this.suspect = null;
        });
        return cancelled(id);
      }
      return this.failed(id, settled.error, logs);
    } finally {
      this.logSinks.delete(callId);
      this.slots.release();
    }
  }

  private failed(id: string, error: unknown, logs: string[]): Outcome {
    const code = (error as { code?: unknown }).code;
    const message = String((error as Error).message).replace(/^MCP error -?\d+: /, "");
    if (code === ErrorCode.InvalidParams) {
      return proxyErrorOutcome("InvalidParameters", `Invalid parameters for "${id}": ${message}`, logs);
    }
    if (code === ErrorCode.ConnectionClosed) return this.crashed(id, "closed the connection", logs);
    if (code === ErrorCode.RequestTimeout) {
      return proxyErrorOutcome("CommandTimeout", `Command "${id}" timed out in its process: ${message}`, logs);
    }
    return thrownOutcome(error, logs);
  }

  private crashed(id: string, reason: string, logs: string[]): Outcome {
    return proxyErrorOutcome(
      "ConnectorCrashed",
      `The process of connector "${this.spec.name}" ${reason} during "${id}"; it is being restarted (retry the task)`,
      logs,
    );
  }

  /** After an abandoned call: a child that cannot answer a ping is hung, and is killed. */
  private async probe(child: Running): Promise<void> {
    try {
      await child.client.ping({ timeout: PING_TIMEOUT_MS });
    } catch {
      child.kill(`hung (no answer to a ping ${PING_TIMEOUT_MS / 1000} s after a call was abandoned)`);
      await child.gone; // by then the restart is scheduled, and waiting calls go to the new child
    }
  }

  private async spawn(): Promise<Running> {
    const { spec } = this;
    const transport = new StdioClientTransport({
      command: spec.command,
      args: [...spec.args],
      env: spec.env,
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) =>
      this.logger.warn({ connector: spec.name, stderr: String(chunk).trimEnd() }, "connector process wrote to stderr"),
    );
    const client = new Client({ name: "connector-proxy", version: "0.1.0" });
    client.setNotificationHandler(LoggingMessageNotificationSchema, (note) => this.routeLog(note));
    let killedFor: string | null = null;
    let markGone: (reason: string) => void = () => {};
    const gone = new Promise<string>((resolve) => {
      markGone = resolve;
    });
    client.onclose = () => markGone(killedFor ?? "exited");
    const kill = (reason: string) => {
      killedFor ??= reason;
      if (transport.pid) process.kill(transport.pid, "SIGKILL");
    };
    await client.connect(transport, { timeout: START_TIMEOUT_MS }).catch(async (error: unknown) => {
      await transport.close().catch(() => {}); // a child that did not answer in time must not linger
      throw error;
    });
    const stopWatch =
      spec.memoryLimitMb && transport.pid
        ? watchMemory(transport.pid, spec.memoryLimitMb, (mb) =>
            kill(`exceeded its memory limit (${mb} MB > ${spec.memoryLimitMb} MB)`),
          )
        : () => {};
    const running: Running = { client, gone, kill };
    const live = { pid: transport.pid ?? null };
    this.live = live;
    const self = this.running;
    void gone.then((reason) => {
      stopWatch();
      if (this.live === live) this.live = null;
      if (this.running !== self || this.closed) return; // stopped on purpose
      this.logger.warn({ connector: spec.name, reason }, `connector process ${reason}; restarting`);
      metrics.connectorRestarts.inc({ connector: spec.name });
      this.restarts += 1;
      this.lastExit = { reason, at: new Date().toISOString() };
      this.restartAfterBackoff();
    });
    return running;
  }

  private restartAfterBackoff(): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    const attempt = new Promise<void>((resolve) => {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        resolve();
      }, delay);
    }).then(() => this.spawn());
    this.running = attempt;
    attempt.catch((error: unknown) => {
      if (this.running !== attempt || this.closed) return;
      this.logger.error({ connector: this.spec.name, err: error }, "connector process failed to restart");
      this.restartAfterBackoff();
    });
  }

  private routeLog(note: LoggingMessageNotification): void {
    const { data, _meta } = note.params;
    const line = typeof data === "string" ? data : JSON.stringify(data);
    const callId = _meta?.[CALL_KEY];
    const sink =
      typeof callId === "string" && this.logSinks.has(callId)
        ? this.logSinks.get(callId)
        : this.logSinks.size === 1
          ? [...this.logSinks.values()][0]
          : undefined;
    if (sink) sink(line);
    else this.logger.info({ connector: this.spec.name, log: line }, "connector process log");
  }
}

function cancelled(id: string): Outcome {
  return proxyErrorOutcome("CommandCancelled", `Command "${id}" was abandoned before its process answered`);
}
