/**
 * The job service: decides whether a call runs now or as a durable job, accepts jobs
 * (202), runs them through the same `execute` as synchronous calls, delivers callbacks,
 * and answers the operations API. The store (SQLite or BullMQ) decides when work happens.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { type Outcome, proxyErrorOutcome, resultOutcome, splitReserved } from "@connector-proxy/sdk";
import type { Dispatcher } from "undici";
import type { Catalogue } from "../catalogue/catalogue.js";
import type { CommandSettings, ProxyConfig } from "../config/config-schema.js";
import type { Engine } from "../engine/engine.js";
import { type CallOptions, type ExecutionSettings, execute } from "../execution/execute.js";
import type { CommandHandle } from "../hosting/command-handle.js";
import type { Logger } from "../log/logger.js";
import { addJobCountsSource } from "../observability/metrics.js";
import { acceptedOutcome } from "./accepted-outcome.js";
import { BudgetCall } from "./budget-call.js";
import type { DeliveryPolicy } from "./callback-delivery.js";
import { DefaultBudget } from "./default-budget.js";
import { FINAL_STATUSES, type JobRecord, newJob, UNFINISHED_STATUSES } from "./job-record.js";
import type { JobQuery, JobStore } from "./job-store.js";
import { createJobWorker, type RunningCommands, toDelivering } from "./job-worker.js";
import type { JobsConfig } from "./jobs-config.js";
import { SqliteJobStore } from "./sqlite-job-store.js";

export interface JobServiceOptions {
  config: ProxyConfig;
  /** Folder the configuration's relative paths start from. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  catalogue: Catalogue;
  /** Arena: the callbacks' credentials and allowed origins. */
  engine: Engine;
  /** How commands are executed (secrets to scrub, tracing), as for synchronous calls. */
  execution: ExecutionSettings;
  logger: Logger;
}

/** A job, or the error envelope to answer instead. */
export type JobAnswer = { job: JobRecord } | { error: Outcome };

const HOUR = 3_600_000;

export class JobService {
  private readonly running: RunningCommands = new Map();
  /** `jobs.async_after_seconds` for commands without async settings of their own. */
  private readonly defaultBudget: DefaultBudget;
  private readonly jobs: JobsConfig;
  private readonly policy: DeliveryPolicy;
  private closing = false;
  private purgeTimer: NodeJS.Timeout | null = null;
  /** Removes this service's store from the `connector_proxy_jobs` gauge. */
  private stopCounting: (() => void) | null = null;
  /** Keep-alive connections to Arena's callback endpoint. */
  /** The callbacks' connection pool, created (and undici loaded) at the first delivery. */
  private callbacksPool: Promise<Dispatcher> | undefined;
  private readonly callbacks = () =>
    (this.callbacksPool ??= import("undici").then(
      ({ Agent }) => new Agent({ keepAliveTimeout: 10_000, connections: 64 }),
    ));

  private constructor(
    private readonly options: JobServiceOptions,
    private readonly store: JobStore,
  ) {
    this.jobs = options.config.jobs;
    this.defaultBudget = new DefaultBudget(this.jobs, options.engine, options.logger);
    this.policy = {
      initialMs: this.jobs.retry_initial_seconds * 1000,
      maxMs: this.jobs.retry_max_seconds * 1000,
      periodMs: this.jobs.delivery_period_hours * HOUR,
      timeoutMs: this.jobs.callback_timeout_seconds * 1000,
    };
  }

  /** Open the configured store (BullMQ when CONNECTOR_PROXY_REDIS_URL is set, else SQLite) and resume its work. */
  static async create(options: JobServiceOptions): Promise<JobService> {
    const jobs = options.config.jobs;
    const redisUrl = options.env.CONNECTOR_PROXY_REDIS_URL;
    let store: JobStore;
    if (redisUrl) {
      const { BullmqJobStore } = await import("./bullmq-job-store.js");
      store = new BullmqJobStore(redisUrl, jobs, options.logger);
    } else {
      store = new SqliteJobStore(path.resolve(options.baseDir, jobs.data_dir, "jobs.sqlite"), jobs.concurrency);
    }
    const service = new JobService(options, store);
    service.defaultBudget.announce();
    await store.start(
      createJobWorker({
        catalogue: options.catalogue,
        execution: options.execution,
        logger: options.logger,
        policy: service.policy,
        credentials: options.engine.credentials,
        dispatcher: service.callbacks,
        running: service.running,
      }),
    );
    service.schedulePurge();
    service.stopCounting = addJobCountsSource(() => store.countByStatus());
    return service;
  }

  get storeKind(): JobStore["kind"] {
    return this.store.kind;
  }

  /** Answer a call: synchronously, or as a job (202) when the command is async and Arena sent a callback URL. */
  dispatch(handle: CommandHandle, body: Record<string, unknown>, options: CallOptions): Promise<Outcome> {
    const callbackUrl = body.spiff__callback_url;
    // not async: the common call returns execute's own promise, without a resolution step more
    if (typeof callbackUrl !== "string" || callbackUrl === "") return this.executeNow(handle, body, options);
    return this.dispatchWithCallback(handle, body, options, callbackUrl);
  }

  private async dispatchWithCallback(
    handle: CommandHandle,
    body: Record<string, unknown>,
    options: CallOptions,
    callbackUrl: string,
  ): Promise<Outcome> {
    const settings = this.commandSettings(handle.id);
    const asJobAlways = handle.longRunning || settings?.async === true || handle.completesExternally === true;
    if (!asJobAlways && settings?.async_after_seconds === undefined) {
      const budget = this.defaultBudget.forCall(settings, callbackUrl);
      if (budget === null) return this.executeNow(handle, body, options);
      return this.runWithBudget(handle, body, callbackUrl, budget, options);
    }
    const invalid = this.checkCallbackUrl(callbackUrl) ?? handle.validate?.(splitReserved(body).params);
    if (invalid) return invalid;
    if (asJobAlways) return this.accept(handle.id, body, callbackUrl, options.traceparent);
    return this.runWithBudget(handle, body, callbackUrl, (settings?.async_after_seconds ?? 0) * 1000, options);
  }

  async get(id: string): Promise<JobAnswer> {
    const job = await this.store.get(id);
    return job ? { job } : { error: proxyErrorOutcome("JobNotFound", `No job "${id}": GET /v1/jobs lists them`) };
  }

  list(query: JobQuery): Promise<JobRecord[]> {
    return this.store.list(query);
  }

  /** Deliver a dead job's result again, with a fresh delivery period. */
  async retry(id: string): Promise<JobAnswer> {
    const found = await this.get(id);
    if ("error" in found) return found;
    if (found.job.status !== "dead" || !found.job.envelope) {
      return {
        error: proxyErrorOutcome(
          "JobNotRetryable",
          `Job "${id}" is ${found.job.status}: only dead jobs can be retried`,
        ),
      };
    }
    const now = Date.now();
    const job: JobRecord = {
      ...found.job,
      status: "delivering",
      nextAttemptAt: now,
      deliverBy: now + this.policy.periodMs,
      finishedAt: null,
      updatedAt: now,
    };
    // changed meanwhile (retried by another call): answer for its state now
    return (await this.store.transition(job, ["dead"])) ? { job } : this.retry(id);
  }

  /** Cancel a job that has not finished (aborting its command when it runs here); no callback is sent. */
  async cancel(id: string): Promise<JobAnswer> {
    const found = await this.get(id);
    if ("error" in found || FINAL_STATUSES.has(found.job.status)) return found;
    const now = Date.now();
    const job: JobRecord = { ...found.job, status: "cancelled", nextAttemptAt: null, finishedAt: now, updatedAt: now };
    // finished meanwhile (its callback delivered, say): it stays finished, and that is the answer
    if (!(await this.store.transition(job, UNFINISHED_STATUSES))) return this.get(id);
    this.running.get(id)?.abort(new Error("cancelled by an operator"));
    return { job };
  }

  /** Complete a job waiting for an external system with its result (`{body, ...}`, a v2 envelope, or `{error}`). */
  async complete(id: string, result: Record<string, unknown>): Promise<JobAnswer> {
    const found = await this.get(id);
    if ("error" in found) return found;
    if (found.job.status !== "waiting") {
      return {
        error: proxyErrorOutcome(
          "JobNotWaiting",
          `Job "${id}" is ${found.job.status}: only waiting jobs can be completed`,
        ),
      };
    }
    const shorthandError = !("body" in result) && result.command_response_version === undefined && "error" in result;
    const outcome = resultOutcome(shorthandError ? { ...result, command_response_version: 2 } : result, []);
    if (outcome.envelope.error?.error_code === "InvalidCommandResult") {
      return { error: proxyErrorOutcome("InvalidRequestBody", outcome.envelope.error.message) };
    }
    const job = toDelivering(found.job, outcome, this.policy);
    // completed or cancelled meanwhile by another call: answer for its state now
    return (await this.store.transition(job, ["waiting"])) ? { job } : this.complete(id, result);
  }

  /** Stop taking jobs, let running ones finish until the grace deadline, leave the rest to resume. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.stopCounting?.();
    await this.store.close(Date.now() + this.options.config.shutdown_timeout_seconds * 1000);
    for (const controller of this.running.values()) controller.abort(new Error("the proxy is shutting down"));
    if (this.callbacksPool) await (await this.callbacksPool).close();
  }

  /** A callback URL must be http(s), and on an allowed origin when the engine lists some. */
  private checkCallbackUrl(callbackUrl: string): Outcome | null {
    const problem = this.options.engine.checkCallbackUrl(callbackUrl);
    return problem ? proxyErrorOutcome("InvalidParameters", problem) : null;
  }

  private commandSettings(id: string): CommandSettings | undefined {
    const slash = id.lastIndexOf("/");
    return this.options.config.connectors[id.slice(0, slash)]?.commands[id.slice(slash + 1)];
  }

  private executeNow(handle: CommandHandle, body: Record<string, unknown>, options: CallOptions) {
    return execute(handle, body, this.options.execution, options);
  }

  private async accept(
    command: string,
    body: Record<string, unknown>,
    callbackUrl: string,
    traceparent: string | undefined,
  ): Promise<Outcome> {
    if (this.closing) return proxyErrorOutcome("Overloaded", "The proxy is shutting down: retry in a moment");
    const job = { ...newJob(randomUUID(), command, body, callbackUrl), ...(traceparent ? { traceparent } : {}) };
    const limit = this.jobs.concurrency + this.jobs.backlog;
    if (await this.store.add(job, limit)) return acceptedOutcome(job.id);
    return proxyErrorOutcome(
      "Overloaded",
      `${limit} jobs are running or waiting (jobs.concurrency ${this.jobs.concurrency} + jobs.backlog ${this.jobs.backlog}): retry later, or raise them`,
    );
  }

  /** Run now; past `budgetMs`, answer 202 and hand the still running call to the store. */
  private async runWithBudget(
    handle: CommandHandle,
    body: Record<string, unknown>,
    callbackUrl: string,
    budgetMs: number,
    options: CallOptions,
  ): Promise<Outcome> {
    const call = new BudgetCall(options);
    const running = this.executeNow(handle, body, call);
    let timer: NodeJS.Timeout | undefined;
    const overBudget = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budgetMs);
    });
    const early = await Promise.race([running, overBudget]);
    clearTimeout(timer);
    call.detach();
    if (early) return early;
    const job = newJob(randomUUID(), handle.id, body, callbackUrl);
    this.running.set(job.id, call);
    void running.finally(() => this.running.delete(job.id));
    await this.store.adopt(job, running, handle.timeoutMs);
    return acceptedOutcome(job.id);
  }

  private schedulePurge(): void {
    const retentionMs = this.jobs.retention_hours * HOUR;
    const purge = () =>
      void this.store
        .purge(Date.now() - retentionMs)
        .catch((error: unknown) => this.options.logger.warn({ err: error }, "purging old jobs failed"));
    purge();
    this.purgeTimer = setInterval(purge, Math.min(retentionMs, HOUR));
    this.purgeTimer.unref();
  }
}
