/**
 * The Node adapter: serve a proxy's app on a TCP port. The only place that knows sockets.
 * It hands the app fast runtime bindings: the body read straight from the Node stream
 * (web streams cost most of the throughput on Node 20) and a client-disconnect signal.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer, type HttpBindings, type ServerType } from "@hono/node-server";
import type { RuntimeBindings } from "../http/runtime-bindings.js";
import type { ConnectorProxy } from "../proxy.js";

export interface RunningServer {
  /** The bound port (useful with port 0). */
  port: number;
  url: string;
  /**
   * Stop accepting connections and resolve once the open requests have finished
   * (keep-alive connections are closed as soon as they are idle). After `graceMs`,
   * the connections still open are cut.
   */
  close(graceMs?: number): Promise<void>;
}

/** Responses not yet finished, so a drain can ask each to close its connection. */
type Open = Set<ServerResponse>;

function drain(server: ServerType, open: Open, graceMs: number | undefined): Promise<void> {
  // answers still to come say `Connection: close`, so no kept-alive connection takes a new request
  for (const response of open) response.shouldKeepAlive = false;
  return new Promise<void>((done) => {
    const closeIdle = () => {
      if ("closeIdleConnections" in server) server.closeIdleConnections();
    };
    const idle = setInterval(closeIdle, 100).unref();
    const cut =
      graceMs === undefined
        ? undefined
        : setTimeout(() => {
            if ("closeAllConnections" in server) server.closeAllConnections();
          }, graceMs).unref();
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      done();
    });
    closeIdle();
  });
}

function readNodeBody(incoming: IncomingMessage, limit: number): Promise<string | null> {
  if (Number(incoming.headers["content-length"] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        incoming.removeAllListeners("data");
        incoming.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    incoming.once("end", () => resolve(size > limit ? null : Buffer.concat(chunks).toString("utf8")));
    incoming.once("error", reject);
  });
}

function nodeBindings(incoming: IncomingMessage, outgoing: ServerResponse, open: Open): RuntimeBindings {
  const controller = new AbortController();
  open.add(outgoing);
  outgoing.once("close", () => {
    open.delete(outgoing);
    if (!outgoing.writableFinished) controller.abort(new Error("client disconnected"));
  });
  return {
    readBody: (limit) => readNodeBody(incoming, limit),
    header: (name) => {
      const value = incoming.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    signal: controller.signal,
  };
}

/** Accept-queue length asked of the kernel (capped by net.core.somaxconn): bursts of new connections wait instead of being dropped. */
const BACKLOG = 4096;

/** Listen on `port` (0 picks a free one) and resolve once listening. */
export function listen(proxy: ConnectorProxy, port: number, hostname = "0.0.0.0"): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const open: Open = new Set();
    let draining = false;
    const server = createAdaptorServer({
      fetch: (request, env) => {
        const { incoming, outgoing } = env as HttpBindings; // this server speaks HTTP/1
        if (draining) outgoing.shouldKeepAlive = false;
        return proxy.app.fetch(request, nodeBindings(incoming, outgoing, open));
      },
    });
    server.once("error", reject);
    server.listen({ port, host: hostname, backlog: BACKLOG }, () => {
      const info = server.address() as AddressInfo;
      const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: (graceMs) => {
          draining = true;
          return drain(server, open, graceMs);
        },
      });
    });
  });
}
