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

export const DEFAULT_PORT = 8004;

export interface ServeOptions {
  port?: string;
  host: string;
  config?: string;
  workers?: string;
  /** Folder of mock fixtures answering the commands they name. */
  mock?: string;
  /** Folder every call is recorded into as a mock fixture (`connector-proxy record`). */
  recordTo?: string;
  allowEmpty?: boolean;
}

/** The port from --port, else PORT, else 8004; a bad value names where it came from. */
export function choosePort(option: string | undefined, env: NodeJS.ProcessEnv): number {
  const [text, from] =
    option !== undefined ? [option, "--port"] : env.PORT ? [env.PORT, "PORT"] : [String(DEFAULT_PORT), "default"];
  const port = Number(text);
  if (text.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${from} "${text}" is not a port number (0-65535)`);
  return port;
}

/** Listen; a port in use (or a privileged one) says which option or variable changes it. */
async function listenOn(proxy: ConnectorProxy, port: number, host: string): Promise<RunningServer> {
  try {
    return await listen(proxy, port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new Error(`port ${port} on ${host} is already in use: choose another with --port <port> or PORT=<port>`);
    if (code === "EACCES")
      throw new Error(
        `port ${port} on ${host} needs privileges: choose one above 1023 with --port <port> or PORT=<port>`,
      );
    throw error;
  }
}

export async function serveAction(options: ServeOptions): Promise<void> {
  const port = choosePort(options.port, process.env);
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
  const triggers = Object.keys(proxy.config.triggers).length; // a proxy may serve inbound events only
  if (proxy.catalogue.list().length === 0 && triggers === 0 && !options.allowEmpty) {
    proxy.logger.flush();
    await proxy.close();
    throw new Error(
      "no command or trigger to serve (see the start-up line above for where connectors were looked for): install or configure connectors, check include/exclude, or pass --allow-empty to start anyway",
    );
  }
  await listenUntilSignalled(proxy, port, options.host);
}

/** Listen, and on SIGTERM/SIGINT drain, close the proxy and `release` what the caller added to it, then exit 0. */
export async function listenUntilSignalled(
  proxy: ConnectorProxy,
  port: number,
  host: string,
  release: () => Promise<void> = async () => {},
): Promise<RunningServer> {
  const server = await listenOn(proxy, port, host).catch(async (error: unknown) => {
    await proxy.close();
    await release();
    throw error;
  });
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
    // let the batched destination finish its pending write first: a write still in flight at exit
    // can land after the synchronous final flush, putting request lines after "stopped"
    await new Promise<void>((done) => proxy.logger.flush(() => done()));
    proxy.logger.info({ signal }, "stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  if (isClusterWorker()) onDrainRequest((signal) => void stop(signal));
  return server;
}
