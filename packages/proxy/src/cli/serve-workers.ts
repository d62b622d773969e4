/**
 * `serve --workers N`: how many worker processes, and the primary's side of serving with them.
 * More than one worker needs Redis: the SQLite job store (one writer, its recovery and purge
 * timers) and in-process OAuth state claims are single-process, so the proxy refuses to start
 * rather than run them in several processes at once.
 */
import os from "node:os";
import { startWorkerPool } from "../adapters/node-cluster.js";
import { loadConfig } from "../config/load-config.js";
import { createLogger } from "../log/logger.js";

export class WorkersError extends Error {
  override name = "WorkersError";
}

function parseCount(value: string | number, from: string): number {
  if (value === "auto") return os.availableParallelism();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1)
    throw new WorkersError(`${from} "${value}" is not a number of workers: use a whole number >= 1, or auto`);
  return count;
}

/** `--workers`, else CONNECTOR_PROXY_WORKERS, else the config's `workers` (default 1). */
export function workerCount(options: { workers?: string; config?: string }, env = process.env): number {
  if (options.workers !== undefined) return parseCount(options.workers, "--workers");
  if (env.CONNECTOR_PROXY_WORKERS) return parseCount(env.CONNECTOR_PROXY_WORKERS, "CONNECTOR_PROXY_WORKERS");
  const { config } = loadConfig({ env, ...(options.config ? { file: options.config } : {}) });
  return parseCount(config.workers, "workers (config)");
}

/** The primary: check the configuration once, fork the workers, log one line when all listen. */
export async function serveWorkers(
  options: { host: string; config?: string },
  count: number,
  env = process.env,
): Promise<void> {
  if (!env.CONNECTOR_PROXY_REDIS_URL) {
    throw new WorkersError(
      `${count} workers need Redis: the SQLite job store and in-process OAuth state are single-process. ` +
        "Set CONNECTOR_PROXY_REDIS_URL (jobs and OAuth state then live in Redis, shared by every worker), or serve with --workers 1",
    );
  }
  const loaded = loadConfig({ env, ...(options.config ? { file: options.config } : {}) });
  const logger = createLogger(env.CONNECTOR_PROXY_LOG_LEVEL ?? loaded.config.log_level, undefined, loaded.secrets);
  const pool = await startWorkerPool({ count, logger, shutdownSeconds: loaded.config.shutdown_timeout_seconds });
  logger.info(
    { port: pool.port, workers: count },
    `connector-proxy listening on ${options.host}:${pool.port} with ${count} workers`,
  );
  logger.flush();
}
