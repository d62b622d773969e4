/**
 * The proxy a one-shot CLI command (`call`, `commands`, `mcp --all`) builds: its log goes to
 * stderr (stdout carries the result), and `call`/`commands` log errors only unless
 * CONNECTOR_PROXY_LOG_LEVEL asks for more: start-up chatter belongs to `serve`.
 */
import { type ConnectorProxy, createProxy } from "../proxy.js";

export function cliProxy(configFile: string | undefined, options: { quiet: boolean }): Promise<ConnectorProxy> {
  const env = options.quiet
    ? { ...process.env, CONNECTOR_PROXY_LOG_LEVEL: process.env.CONNECTOR_PROXY_LOG_LEVEL ?? "error" }
    : process.env;
  return createProxy({ ...(configFile ? { configFile } : {}), env, logDestination: process.stderr });
}
