/**
 * `connector-proxy serve`: start the server and stop it gracefully on SIGTERM/SIGINT:
 * stop accepting, let in-flight requests finish (up to shutdown_timeout_seconds),
 * release pools and children, exit 0. A second signal exits at once.
 * With more than one worker (`--workers`), this process is the primary of a node:cluster pool
 * and each worker runs the single-process path below.
 */

import path from "node:path";
import { isClusterWorker, onDrainRequest } from "../adapters/node-cluster.js";
import { listen, type RunningServer } from "../adapters/node-server.js";
import { bufferedLogDestination } from "../log/logger.js";
import { type ConnectorProxy, createProxy } from "../proxy.js";
import { serveWorkers, workerCount } from "./serve-workers.js";

export interface ServeOptions {
  port: string;
  host: string;
  config?: string;
  workers?: string;
  /** Folder of mock fixtures answering the commands they name. */
  mock?: string;
  /** Folder every call is recorded into as a mock fixture (`connector-proxy record`). */
  recordTo?: string;
}

export async function serveAction(options: ServeOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port "${options.port}" is not a port number`);
  if (!isClusterWorker()) {
    const workers = workerCount(options);
    if (workers > 1) return serveWorkers(options, workers);
  }
  const proxy = await createProxy({
    ...(options.config ? { configFile: options.config } : {}),
    ...(options.mock ? { mockFolder: path.resolve(options.mock) } : {}),
    ...(options.recordTo ? { recordTo: path.resolve(options.recordTo) } : {}),
    // request lines go out in batches; a terminal gets them pretty and at once
    ...(process.stdout.isTTY ? {} : { logDestination: bufferedLogDestination(1) }),
  });
  await listenUntilSignalled(proxy, port, options.host);
}

/** Listen, and on SIGTERM/SIGINT drain, close the proxy and `release` what the caller added to it, then exit 0. */
export async function listenUntilSignalled(
  proxy: ConnectorProxy,
  port: number,
  host: string,
  release: () => Promise<void> = async () => {},
): Promise<RunningServer> {
  const server = await listen(proxy, port, host);
  proxy.logger.info(
    { port: server.port, commands: proxy.catalogue.list().length },
    `connector-proxy listening on ${host}:${server.port}`,
  );
  proxy.logger.flush(); // whoever waits for this line (a supervisor, a test) sees it now
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return; // a worker is asked by its primary and may get the terminal's signal too
    stopping = true;
    process.once(signal, () => process.exit(1));
    const graceSeconds = proxy.config.shutdown_timeout_seconds;
    proxy.logger.info({ signal, grace_seconds: graceSeconds }, "shutting down: finishing in-flight requests");
    setTimeout(() => process.exit(1), graceSeconds * 1000 + 5000).unref(); // something hangs on close
    await server.close(graceSeconds * 1000);
    await proxy.close();
    await release();
    proxy.logger.info({ signal }, "stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  if (isClusterWorker()) onDrainRequest((signal) => void stop(signal));
  return server;
}
