/**
 * The shared transport: one keep-alive undici dispatcher per distinct settings, reused by
 * every call. Direct connections pass through the guarded connector; forward proxies
 * (HTTP_PROXY / HTTPS_PROXY / NO_PROXY or the settings) get a name check per request.
 */
import type { Dispatcher } from "undici";
import { createEgressPolicy } from "../egress/egress-policy.js";
import { egressPrecheck } from "../egress/egress-precheck.js";
import { guardedConnector } from "../egress/guarded-connect.js";
import type { Resolve } from "../egress/resolver.js";
import type { HttpSettings } from "../settings.js";
import { dropCredentialsOffOrigin } from "./drop-credentials-off-origin.js";
import { loadUndici } from "./load-undici.js";

/** A dispatcher ready for requests, plus what the request side needs from the settings. */
export interface Transport {
  readonly dispatcher: Dispatcher;
  readonly settings: HttpSettings;
  close(): Promise<void>;
}

function proxyOptions(settings: HttpSettings, env: NodeJS.ProcessEnv) {
  const httpProxy = settings.http_proxy ?? env.http_proxy ?? env.HTTP_PROXY;
  const httpsProxy = settings.https_proxy ?? env.https_proxy ?? env.HTTPS_PROXY;
  const noProxy = settings.no_proxy ?? env.no_proxy ?? env.NO_PROXY ?? "";
  return { httpProxy, httpsProxy, noProxy, proxied: Boolean(httpProxy || httpsProxy) };
}

/** Build the dispatcher for one set of settings. */
export async function createTransport(
  settings: HttpSettings,
  resolve: Resolve,
  env: NodeJS.ProcessEnv,
): Promise<Transport> {
  const { Agent, EnvHttpProxyAgent, interceptors } = await loadUndici();
  const policy = createEgressPolicy(settings.egress);
  const proxy = proxyOptions(settings, env);
  const direct = { connect: await guardedConnector(policy, resolve), keepAliveTimeout: 10_000 };
  // EnvHttpProxyAgent parses every request's origin to choose between proxy and direct: only when a proxy is set.
  const agent = proxy.proxied
    ? new EnvHttpProxyAgent({
        ...(proxy.httpProxy ? { httpProxy: proxy.httpProxy } : {}),
        ...(proxy.httpsProxy ? { httpsProxy: proxy.httpsProxy } : {}),
        noProxy: proxy.noProxy,
        ...direct,
      })
    : new Agent(direct);
  // compose: the last interceptor is the outermost, so each redirect hop passes the ones before it.
  const dispatcher = agent.compose(
    ...(proxy.proxied ? [egressPrecheck(policy, resolve)] : []),
    dropCredentialsOffOrigin(),
    interceptors.redirect({ maxRedirections: settings.max_redirects }),
  );
  return { dispatcher, settings, close: () => agent.close() };
}

/** Transports cached by settings, so calls share connection pools. */
export class TransportCache {
  readonly #byKey = new Map<string, Promise<Transport>>();

  constructor(
    private readonly resolve: Resolve,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get(settings: HttpSettings): Promise<Transport> {
    const key = JSON.stringify(settings);
    let transport = this.#byKey.get(key);
    if (!transport) {
      transport = createTransport(settings, this.resolve, this.env);
      this.#byKey.set(key, transport);
    }
    return transport;
  }

  async close(): Promise<void> {
    const all = [...this.#byKey.values()];
    this.#byKey.clear();
    await Promise.all(all.map(async (transport) => (await transport).close()));
  }
}
