/**
 * Several worker processes behind one port (node:cluster). The primary forks the workers, each
 * running the ordinary `serve` path (the kernel port is shared through the primary), replaces a
 * worker that dies after it was serving, and on SIGTERM/SIGINT asks every worker to drain and exits
 * once all have stopped. The primary serves nothing itself.
 */
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../log/logger.js";

/** What the primary sends a worker when it must drain and stop (a worker ignores it if already stopping). */
export const DRAIN_MESSAGE = "connector-proxy:drain";

/** A worker that dies this many times in a row within `CRASH_WINDOW_MS` of starting stops the proxy. */
const CRASH_LOOP_LIMIT = 5;
const CRASH_WINDOW_MS = 10_000;

export interface WorkerPoolOptions {
  count: number;
  logger: Logger;
  /** Grace for the workers' own drain, plus a margin, before the primary kills what is left. */
  shutdownSeconds: number;
}

/** True in a process the primary forked. */
export const isClusterWorker = (): boolean => cluster.isWorker;

/** In a worker: call `stop` when the primary asks this worker to drain. */
export function onDrainRequest(stop: (signal: NodeJS.Signals) => void): void {
  process.on("message", (message: unknown) => {
    if (typeof message === "object" && message && (message as { type?: unknown }).type === DRAIN_MESSAGE)
      stop((message as { signal: NodeJS.Signals }).signal);
  });
}

/**
 * In the primary: fork `count` workers (same command line), resolve with the port once all listen.
 * A worker that exits before it ever listened stops the whole proxy (its error is on stderr: a
 * port in use, a bad connector...); one that dies later is replaced, unless it keeps dying.
 */
export function startWorkerPool(options: WorkerPoolOptions): Promise<{ port: number }> {
  const { count, logger } = options;
  let stopping = false;
  let crashes = 0;
  const listened = new WeakSet<Worker>();
  const startedAt = new WeakMap<Worker, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    return worker;
  };

  const stop = (signal: NodeJS.Signals, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => Boolean(worker));
    logger.info({ signal, workers: workers.length }, "shutting down: every worker drains its in-flight requests");
    for (const worker of workers) if (worker.isConnected()) worker.send({ type: DRAIN_MESSAGE, signal });
    setTimeout(
      () => {
        for (const worker of workers) worker.process.kill("SIGKILL");
        process.exit(1);
      },
      options.shutdownSeconds * 1000 + 5000,
    ).unref();
    const allGone = () => Object.keys(cluster.workers ?? {}).length === 0;
    if (allGone()) process.exit(exitCode);
    cluster.on("exit", () => {
      if (allGone()) {
        logger.info({ signal }, "stopped");
        logger.flush();
        process.exit(exitCode);
      }
    });
  };
  process.once("SIGTERM", () => stop("SIGTERM", 0));
  process.once("SIGINT", () => stop("SIGINT", 0));

  return new Promise((resolve, reject) => {
    let ready = 0;
    cluster.on("listening", (worker, address) => {
      listened.add(worker);
      if (ready < count) {
        ready += 1;
        if (ready === count) resolve({ port: address.port });
        return;
      }
      crashes = 0;
      logger.info({ pid: worker.process.pid, port: address.port }, "replacement worker listening");
      logger.flush();
    });
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) return;
      const how = { pid: worker.process.pid, code, signal };
      if (!listened.has(worker)) {
        logger.error(how, "a worker stopped before it was serving (its error is above): stopping the proxy");
        logger.flush();
        reject(new Error("a worker could not start: see its error above"));
        stop("SIGTERM", 1);
        return;
      }
      crashes = Date.now() - (startedAt.get(worker) ?? 0) < CRASH_WINDOW_MS ? crashes + 1 : 1;
      if (crashes >= CRASH_LOOP_LIMIT) {
        logger.error(how, `workers keep dying (${crashes} in a row within ${CRASH_WINDOW_MS / 1000} s): stopping`);
        stop("SIGTERM", 1);
        return;
      }
      logger.warn(how, "a worker died: starting a replacement");
      fork();
    });
    for (let index = 0; index < count; index++) fork();
  });
}
