/**
 * Assembling a proxy: configuration, catalogue, logger and the HTTP app.
 * Runtime-neutral: listening on a port is the adapters' job.
 */

import path from "node:path";
import { type Outcome, proxyErrorOutcome } from "@connector-proxy/sdk";
import type { Hono } from "hono";
import { type AuthService, createAuthService } from "./auth/auth-service.js";
import { buildCatalogue } from "./catalogue/build-catalogue.js";
import type { Catalogue } from "./catalogue/catalogue.js";
import { StartupError } from "./catalogue/load-connector.js";
import type { HostingRuntime } from "./catalogue/mount-hosted.js";
import type { ProxyConfig } from "./config/config-schema.js";
import { type LoadedConfig, loadConfig } from "./config/load-config.js";
import { createEngine, type Engine, engineSecrets, engineSettings } from "./engine/engine.js";
import type { CallOptions } from "./execution/execute.js";
import type { HostStatusSource } from "./hosting/host-status.js";
import { createApp } from "./http/create-app.js";
import { JobService } from "./jobs/job-service.js";
import { createLogger, type DestinationStream, type Logger } from "./log/logger.js";
import { mockCommands } from "./mock/mock-answers.js";
import { loadFixtures } from "./mock/mock-fixture.js";
import { recordCalls } from "./mock/record-calls.js";
import { createTracing, otlpTracesUrl } from "./observability/tracing.js";
import { configureTriggers, type TriggerKind } from "./triggers/configure-triggers.js";
import { TriggerService } from "./triggers/trigger-service.js";
import { webhookTrigger } from "./triggers/webhook/webhook-trigger.js";

export interface ProxyOptions {
  /** Explicit config file (else CONNECTOR_PROXY_CONFIG, else a known file name in cwd). */
  configFile?: string;
  /** Configuration given directly instead of read from a file. */
  config?: LoadedConfig;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where log lines go (default stdout). */
  logDestination?: DestinationStream;
  /** Answer commands from the mock fixtures in this folder (overrides the config's `mock.folder`). */
  mockFolder?: string;
  /** Write every call and its answer as a mock fixture into this folder. */
  recordTo?: string;
}

export type { CallOptions };

/** Everything the proxy is, except its HTTP app (which is built from this). */
export interface ProxyCore {
  readonly config: ProxyConfig;
  readonly catalogue: Catalogue;
  /** Authentication handlers: `/v1/auths`, browser OAuth flows and `ctx.oauth`. */
  readonly auth: AuthService;
  readonly logger: Logger;
  /** Values scrubbed from every answer and log line. */
  readonly secrets: ReadonlySet<string>;
  readonly apiKey: string | null;
  readonly corsOrigins: readonly string[];
  /** Run a command by id with a request body (reserved `spiff__*` keys included). */
  call(id: string, body: Record<string, unknown>, options?: CallOptions): Promise<Outcome>;
  /** The workflow engine (Arena): API URL and the credentials requests to it carry (`engine` config). */
  readonly engine: Engine;
  /** Durable async jobs: dispatch decides sync or 202, and the jobs routes operate on them. */
  readonly jobs: JobService;
  /** Inbound events: webhooks, subscriptions and pollers, their durable store and delivery to the engine. */
  readonly triggers: TriggerService;
  /** The trigger kinds this proxy offers, by name (the source key in `triggers`). */
  readonly triggerKinds: ReadonlyMap<string, TriggerKind>;
  /** The status of every process- and remote-hosted connector (the console shows them). */
  readonly hosts: readonly HostStatusSource[];
  /** Release pools, children and timers (running jobs get their grace period). */
  close(): Promise<void>;
}

export interface ConnectorProxy extends ProxyCore {
  /** The HTTP app: a function from Request to Response (`app.fetch`). */
  readonly app: Hono;
}

function readApiKey(env: NodeJS.ProcessEnv): string | null {
  const key = env.CONNECTOR_PROXY_API_KEY;
  if (key === undefined) return null;
  if (key.trim() === "") {
    throw new StartupError("CONNECTOR_PROXY_API_KEY is set but empty: set a real key, or unset it to run without one");
  }
  return key;
}

/** Build a proxy from configuration; throws a clear StartupError/ConfigError instead of half-starting. */
export async function createProxy(options: ProxyOptions = {}): Promise<ConnectorProxy> {
  const env = options.env ?? process.env;
  const loaded =
    options.config ??
    loadConfig({
      env,
      ...(options.configFile ? { file: options.configFile } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
  const apiKey = readApiKey(env);
  const secrets = new Set(loaded.secrets);
  if (apiKey) secrets.add(apiKey);
  for (const value of engineSecrets(engineSettings(loaded.config).auth)) secrets.add(value);
  const logger = createLogger(
    env.CONNECTOR_PROXY_LOG_LEVEL ?? loaded.config.log_level,
    options.logDestination,
    secrets,
  );
  const { tracing: tracingSettings } = loaded.config;
  const tracing = await createTracing(otlpTracesUrl(tracingSettings.otlp_endpoint, env), tracingSettings.service_name);
  const engine = createEngine(loaded.config, logger);
  const { mock } = loaded.config;
  const mockFolder = options.mockFolder ?? (mock ? path.resolve(loaded.baseDir, mock.folder) : undefined);
  const fixtures = mockFolder ? await loadFixtures(mockFolder) : null;
  const closers: HostingRuntime["closers"] = [];
  const hosts: HostStatusSource[] = [];
  const auth = createAuthService({
    settings: loaded.config.auth,
    logger,
    secrets,
    redisUrl: env.CONNECTOR_PROXY_REDIS_URL,
  });
  closers.push(() => auth.close());
  /** Children, remote pools, auth timers and tracing: closed by close(), or when a later start-up step fails. */
  const release = async () => {
    await Promise.all(closers.map((close) => close()));
    await tracing.close();
  };
  const releasing = async (error: unknown): Promise<never> => {
    await release();
    throw error;
  };
  const catalogue = await buildCatalogue(loaded, { logger, closers, hosts }, auth).catch(releasing);
  if (fixtures) mockCommands(catalogue, fixtures, logger);
  if (options.recordTo) catalogue.decorate(recordCalls(options.recordTo, secrets, logger));
  const jobs = await JobService.create({
    config: loaded.config,
    baseDir: loaded.baseDir,
    env,
    catalogue,
    engine,
    logger,
    execution: { secrets, tracing },
  }).catch(releasing);
  const triggerKinds = new Map<string, TriggerKind>([["webhook", { trigger: webhookTrigger, connector: null }]]);
  for (const [name, kind] of catalogue.triggers) if (!triggerKinds.has(name)) triggerKinds.set(name, kind);
  const triggers = await Promise.resolve()
    .then(() =>
      TriggerService.create({
        triggers: configureTriggers(loaded.config.triggers, triggerKinds, engine),
        dataDir: path.resolve(loaded.baseDir, loaded.config.jobs.data_dir),
        redisUrl: env.CONNECTOR_PROXY_REDIS_URL,
        redisPrefix: loaded.config.jobs.redis_prefix,
        retentionHours: loaded.config.jobs.retention_hours,
        logger,
        secrets,
      }),
    )
    .catch(async (error: unknown) => {
      await jobs.close();
      return releasing(error);
    });
  const corsOrigins = (env.CONNECTOR_PROXY_CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);

  const core: ProxyCore = {
    config: loaded.config,
    catalogue,
    auth,
    logger,
    secrets,
    apiKey,
    corsOrigins,
    engine,
    async call(id, body, callOptions = {}) {
      const handle = catalogue.get(id);
      if (!handle) {
        return proxyErrorOutcome(
          "command_not_found",
          `No command "${id}" on this proxy: GET /v1/commands lists the available ones`,
        );
      }
      const outcome = await jobs.dispatch(handle, body, callOptions);
      if (outcome.crash) logger.error({ command: id, err: outcome.crash }, `command "${id}" threw`); // the stack stays here
      return outcome;
    },
    jobs,
    triggers,
    triggerKinds,
    hosts,
    async close() {
      await triggers.close(Date.now() + loaded.config.shutdown_timeout_seconds * 1000);
      await jobs.close();
      await release();
    },
  };
  return { ...core, app: createApp(core) };
}
