/**
 * The Node adapter: serve a proxy's app on a TCP port. The only place that knows sockets.
 * Command calls and the catalogue take the direct path (./node-direct-routes); the rest goes to
 * the Hono app with fast runtime bindings: the body read straight from the Node stream (web
 * streams cost most of the throughput on Node 20) and a client-disconnect signal.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpBindings } from "@hono/node-server";
import type { LimitsSettings } from "../config/limits-schema.js";
import { INTERNAL_ERROR } from "../http/create-app.js";
import type { RuntimeBindings } from "../http/runtime-bindings.js";
import type { ConnectorProxy } from "../proxy.js";
import { answerClientError } from "./client-errors.js";
import { ClientPresence } from "./client-presence.js";
import { directRoutes, type NodeRequest } from "./node-direct-routes.js";
import { OpenExchanges, RingMember } from "./open-exchanges.js";

export interface RunningServer {
  /** The bound port (useful with port 0). */
  port: number;
  url: string;
  /** The Node server, for what an adapter adds to it (its listeners, connection counts). */
  server: Server;
  /**
   * Stop accepting connections and resolve once the open requests have finished
   * (keep-alive connections are closed as soon as they are idle). After `graceMs`,
   * the connections still open are cut.
   */
  close(graceMs?: number): Promise<void>;
}

type Open = OpenExchanges<NodeExchange>;

function drain(server: Server, open: Open, graceMs: number | undefined): Promise<void> {
  // answers still to come say `Connection: close`, so no kept-alive connection takes a new request
  for (const exchange of open) exchange.outgoing.shouldKeepAlive = false;
  return new Promise<void>((done) => {
    const closeIdle = () => server.closeIdleConnections();
    const idle = setInterval(closeIdle, 100).unref();
    const cut =
      graceMs === undefined
        ? undefined
        : setTimeout(() => {
            server.closeAllConnections();
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
    // the connection closed before the body ended (client gone, or cut after limits.body_read_seconds)
    incoming.once("close", () => {
      if (!incoming.complete) reject(new Error("the request body was not received"));
    });
  });
}

/**
 * A request's Node objects, its body reader and its client-disconnect signal, registered as open
 * until its answer is done. The signal is a ClientPresence, not an AbortSignal, created when a
 * command reads its own signal or when the client leaves before the answer, not for every request.
 */
class NodeExchange extends RingMember implements NodeRequest {
  #presence: ClientPresence | undefined;

  constructor(
    readonly incoming: IncomingMessage,
    readonly outgoing: ServerResponse,
    open: Open,
  ) {
    super();
    open.add(this);
    outgoing.once("close", () => {
      open.delete(this);
      if (!outgoing.writableFinished) this.signal.abort(new Error("client disconnected"));
    });
  }

  readBody(limit: number): Promise<string | null> {
    return readNodeBody(this.incoming, limit);
  }

  get signal(): ClientPresence {
    this.#presence ??= new ClientPresence();
    return this.#presence;
  }
}

/** What the Hono app gets of a Node request: its fast runtime bindings. */
function bindings(request: NodeRequest): RuntimeBindings {
  return {
    readBody: (limit) => request.readBody(limit),
    header: (name) => {
      const value = request.incoming.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    signal: request.signal,
  };
}

type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void>;

/**
 * Hono's Node listener for the routes the direct path does not take, imported on the first such
 * request: importing it replaces the global Request/Response and loads Node's bundled undici,
 * ~30 ms that a start-up answering only `/v1/commands` and `/v1/do` never needs.
 */
async function appListener(
  proxy: ConnectorProxy,
  bindingsOf: (incoming: IncomingMessage) => RuntimeBindings,
): Promise<NodeListener> {
  const { getRequestListener } = await import("@hono/node-server");
  return getRequestListener((request, env) => {
    const { incoming } = env as HttpBindings; // this server speaks HTTP/1
    return proxy.app.fetch(request, bindingsOf(incoming));
  });
}

/** Accept-queue length asked of the kernel (capped by net.core.somaxconn): bursts of new connections wait instead of being dropped. */
const BACKLOG = 4096;

/** Node's server options for the configured read times. */
function serverOptions(limits: LimitsSettings) {
  const headersTimeout = limits.header_read_seconds * 1000;
  return {
    headersTimeout,
    requestTimeout: limits.body_read_seconds * 1000,
    // how often Node looks for requests past those times (its default, 30 s, would add up to 30 s to them)
    connectionsCheckingInterval: Math.max(10, Math.min(1000, headersTimeout / 4)),
  };
}

/** Listen on `port` (0 picks a free one) and resolve once listening. */
export function listen(proxy: ConnectorProxy, port: number, hostname = "0.0.0.0"): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const { limits } = proxy.config;
    const open: Open = new OpenExchanges();
    let draining = false;
    const direct = directRoutes(proxy);
    const handedToApp = new WeakMap<IncomingMessage, NodeRequest>();
    let viaApp: Promise<NodeListener> | undefined;
    const server = createServer(serverOptions(limits), (incoming, outgoing) => {
      if (draining) outgoing.shouldKeepAlive = false;
      const request = new NodeExchange(incoming, outgoing, open);
      if (direct(request)) return;
      handedToApp.set(incoming, request);
      viaApp ??= appListener(proxy, (incoming) => bindings(handedToApp.get(incoming) as NodeRequest));
      viaApp.then(
        (listener) => listener(incoming, outgoing),
        (error: unknown) => {
          proxy.logger.error({ err: error }, "the HTTP app could not be loaded");
          outgoing.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify(INTERNAL_ERROR));
        },
      );
    });
    server.keepAliveTimeout = limits.keep_alive_seconds * 1000;
    server.maxConnections = limits.max_connections;
    server.on("clientError", (error: NodeJS.ErrnoException, socket) => answerClientError(proxy.logger, error, socket));
    server.once("error", reject);
    server.listen({ port, host: hostname, backlog: BACKLOG }, () => {
      server.off("error", reject);
      // for the server's whole life (an accept failing with EMFILE, say): logged, and it keeps serving
      server.on("error", (error) => proxy.logger.error({ err: error }, "the HTTP server reported an error"));
      const info = server.address() as AddressInfo;
      const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        server,
        close: (graceMs) => {
          draining = true;
          return drain(server, open, graceMs);
        },
      });
    });
  });
}
