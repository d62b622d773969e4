/**
 * `connector-proxy dev [<folder>]`: serve the proxy with the connector in `folder` (TypeScript
 * sources, or a Python `server.py`) beside every configured and bundled connector, and reload
 * that one connector when one of its files changes: no restart, the others keep serving. A
 * type, import or start-up error is printed and the previous version keeps answering.
 */
import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import { type LoadedConfig, loadConfig } from "../config/load-config.js";
import { bufferedLogDestination } from "../log/logger.js";
import { createProxy } from "../proxy.js";
import { type DevConnector, isPythonFolder, pythonConnector, typescriptConnector } from "./dev-connector.js";
import { listenUntilSignalled } from "./serve.js";

export interface DevOptions {
  port: string;
  host: string;
  config?: string;
}

const IGNORED = /(^|[/\\])(node_modules|dist|\.git|__pycache__)([/\\]|$)/;
const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);

/** The configuration without the dev connector's own entry (dev mounts it), and that entry. */
function splitConfig(loaded: LoadedConfig, name: string) {
  const { [name]: settings, ...others } = loaded.config.connectors;
  return { loaded: { ...loaded, config: { ...loaded.config, connectors: others } }, settings };
}

/** Reload on every change, one reload at a time; changes during a reload cause one more. */
function watchAndReload(connector: DevConnector): FSWatcher[] {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const reload = async () => {
    const started = performance.now();
    try {
      const ids = await connector.mount();
      say(`reloaded ${connector.name} in ${Math.round(performance.now() - started)} ms: ${ids.join(", ")}`);
    } catch (error) {
      process.stderr.write(
        `[dev] ${connector.name} not reloaded, the previous version keeps serving: ${(error as Error).message}\n`,
      );
    }
  };
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = reload().finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
  };
  const changed = (file: string | null) => {
    if (file && IGNORED.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(run, 50); // an editor's save is often several writes
  };
  return [
    ...connector.watch.recursive.map((dir) => watch(dir, { recursive: true }, (_event, file) => changed(file))),
    ...connector.watch.flat.map((dir) => watch(dir, (_event, file) => changed(file))),
  ];
}

export async function devAction(folderArgument: string | undefined, options: DevOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port "${options.port}" is not a port number`);
  const folder = path.resolve(folderArgument ?? ".");
  const found = isPythonFolder(folder) ? pythonConnector(folder) : await typescriptConnector(folder);
  const { loaded, settings } = splitConfig(loadConfig(options.config ? { file: options.config } : {}), found.name);
  const proxy = await createProxy({
    config: loaded,
    ...(process.stdout.isTTY ? {} : { logDestination: bufferedLogDestination(1) }),
  });
  const connector = found.attach(proxy, loaded.config, settings);
  try {
    await connector.mount();
  } catch (error) {
    await proxy.close();
    throw new Error(`Cannot serve the connector in ${folder}: ${(error as Error).message}`);
  }
  let watchers: FSWatcher[] = [];
  const server = await listenUntilSignalled(proxy, port, options.host, async () => {
    for (const watcher of watchers) watcher.close();
    await connector.close();
  });
  watchers = watchAndReload(connector);
  const ids = proxy.catalogue.list().map((handle) => handle.id);
  say(
    `serving http://${options.host}:${server.port}: ${connector.name} from ${folder} (${connector.language}), reloaded on change, beside ${ids.filter((id) => !id.startsWith(`${connector.name}/`)).length} other commands`,
  );
}
