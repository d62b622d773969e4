/**
 * `connector-proxy serve`: start the server and stop it cleanly on SIGTERM/SIGINT.
 */
import { listen } from "../adapters/node-server.js";
import { createProxy } from "../proxy.js";

export async function serveAction(options: { port: string; host: string; config?: string }): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port "${options.port}" is not a port number`);
  const proxy = await createProxy(options.config ? { configFile: options.config } : {});
  const server = await listen(proxy, port, options.host);
  proxy.logger.info(
    { port: server.port, commands: proxy.catalogue.list().length },
    `connector-proxy listening on ${options.host}:${server.port}`,
  );
  const stop = async (signal: string) => {
    proxy.logger.info({ signal }, "shutting down");
    await server.close();
    await proxy.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
