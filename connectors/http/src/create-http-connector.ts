/**
 * Building the http connector: the twelve commands over one implementation, sharing
 * keep-alive transports cached by settings. The resolver and environment are injectable
 * (settings cannot carry functions), which is how tests decide what a name resolves to.
 */
import { type CommandAnnotations, type Connector, defineCommand, defineConnector } from "@connector-proxy/sdk";
import { ANCHORS, type Anchor, type HttpMethod } from "./anchors.js";
import { type Resolve, systemResolve } from "./egress/resolver.js";
import { HTTP_ERRORS } from "./error-codes.js";
import { httpParams } from "./params.js";
import { pollTrigger } from "./poll-trigger.js";
import { runRequest } from "./run-request.js";
import { type HttpSettings, httpSettingsSchema } from "./settings.js";
import { type Transport, TransportCache } from "./transport/transport.js";

export interface HttpConnectorOptions {
  /** Name resolution for every connection (default: the system resolver). */
  resolve?: Resolve;
  /** Where HTTP_PROXY / HTTPS_PROXY / NO_PROXY are read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** What each method does to the upstream, for MCP clients (RFC 9110: safe and idempotent methods). */
const EFFECTS: Record<HttpMethod, CommandAnnotations> = {
  GET: { readOnly: true },
  HEAD: { readOnly: true },
  POST: { readOnly: false },
  PATCH: { readOnly: false },
  PUT: { readOnly: false, destructive: true, idempotent: true },
  DELETE: { readOnly: false, destructive: true, idempotent: true },
};

/** The connector plus a way to release its connection pools. */
export interface HttpConnector extends Connector {
  close(): Promise<void>;
}

/**
 * Create the http connector with its own transports.
 *
 * @example
 * const http = createHttpConnector({ resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
 */
export function createHttpConnector(options: HttpConnectorOptions = {}): HttpConnector {
  const cache = new TransportCache(options.resolve ?? systemResolve, options.env ?? process.env);
  const bySettingsObject = new WeakMap<object, Promise<Transport>>();

  function transportFor(config: Readonly<Record<string, unknown>>): Promise<Transport> {
    let transport = bySettingsObject.get(config);
    if (!transport) {
      const settings: HttpSettings = httpSettingsSchema.parse(config);
      transport = cache.get(settings);
      bySettingsObject.set(config, transport);
    }
    return transport;
  }

  const command = (anchor: Anchor) =>
    defineCommand({
      name: anchor.name,
      description: `Sends an HTTP ${anchor.method} request and answers the upstream's status and body`,
      annotations: EFFECTS[anchor.method],
      params: httpParams,
      advertise: anchor.advertise,
      errors: HTTP_ERRORS,
      run: async (params, ctx) => runRequest(anchor, params, ctx, await transportFor(ctx.config)),
    });

  const connector = defineConnector({
    name: "http",
    description: "HTTP requests: Arena's built-in http/*Request commands and connector-http's *RequestV2",
    config: httpSettingsSchema,
    commands: ANCHORS.map(command),
    triggers: [pollTrigger],
  });
  return { ...connector, close: () => cache.close() };
}
