/**
 * The Node adapter: serve a proxy's app on a TCP port. The only place that knows sockets.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ConnectorProxy } from "../proxy.js";

export interface RunningServer {
  /** The bound port (useful with port 0). */
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listen on `port` (0 picks a free one) and resolve once listening. */
export function listen(proxy: ConnectorProxy, port: number, hostname = "0.0.0.0"): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: proxy.app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
