/**
 * The OAuth test bench: a real oidc-provider, a protected API, and proxies serving the
 * oauth2 connector with the same state secret (so any of them can finish a flow), each
 * logging into a buffer the tests grep for credentials.
 */
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { listen, type RunningServer } from "../../src/adapters/node-server.js";
import { parseConfig } from "../../src/config/load-config.js";
import { type ConnectorProxy, createProxy } from "../../src/proxy.js";
import { TestBrowser } from "../support/browser.js";
import { type OidcServer, startOidcServer, startProtectedApi } from "../support/oidc-server.js";

const OAUTH2_CONNECTOR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../connectors/oauth2");
export const CLIENT = { clientId: "proxy-test-client", clientSecret: "client-secret-value-0123456789" };
export const STATE_SECRET = "state-secret-0123456789abcdef0123456789";
/** Where Arena would receive the token set; never contacted. */
export const ARENA_CALLBACK = "http://127.0.0.1:9/v1.0/authentication_callback/oauth2/OAuth";
/** The proxies' public URL (a load balancer in front of them); the browser is routed to the chosen proxy. */
const PUBLIC_URL = "http://127.0.0.1:9/connector-proxy";

export interface BenchProxy {
  proxy: ConnectorProxy;
  server: RunningServer;
  url: string;
}

export interface Bench {
  oidc: OidcServer;
  api: { url: string; close(): Promise<void> };
  logs: string[];
  start(auth?: Record<string, unknown>, env?: Record<string, string>): Promise<BenchProxy>;
  /** The whole browser dance from `startAt` (optionally finishing at `finishAt`); the token set Arena would get. */
  connect(startAt: BenchProxy, finishAt?: BenchProxy): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startBench(): Promise<Bench> {
  const oidc = await startOidcServer();
  const api = await startProtectedApi(oidc.issuer);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const running: BenchProxy[] = [];

  async function start(auth: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<BenchProxy> {
    const fullEnv = { OAUTH_TEST_CLIENT_SECRET: CLIENT.clientSecret, OAUTH_TEST_STATE_SECRET: STATE_SECRET, ...env };
    const raw = {
      discover: false,
      log_level: "debug",
      auth: {
        state_secret: "${OAUTH_TEST_STATE_SECRET}",
        redirect_allowlist: ["http://127.0.0.1:9/v1.0/authentication_callback/"],
        public_url: PUBLIC_URL,
        ...auth,
      },
      connectors: {
        oauth2: {
          path: OAUTH2_CONNECTOR,
          settings: {
            authorization_url: `${oidc.issuer}/auth`,
            token_url: `${oidc.issuer}/token`,
            client_id: CLIENT.clientId,
            client_secret: "${OAUTH_TEST_CLIENT_SECRET}",
            scopes: ["openid", "offline_access", "api"],
            extra_params: { prompt: "consent" },
          },
        },
      },
    };
    const { config, secrets } = parseConfig(raw, fullEnv, "oauth bench");
    const proxy = await createProxy({
      config: { config, secrets, baseDir: process.cwd(), file: null },
      env: fullEnv,
      logDestination: sink,
    });
    const server = await listen(proxy, 0, "127.0.0.1");
    const bench = { proxy, server, url: server.url };
    running.push(bench);
    return bench;
  }

  oidc.setup({ ...CLIENT, redirectUris: [`${PUBLIC_URL}/v1/auth/oauth2/OAuth/callback`] });

  return {
    oidc,
    api,
    logs,
    start,
    async connect(startAt, finishAt = startAt) {
      const browser = new TestBrowser();
      const result = await browser.browse(
        `${startAt.url}/v1/auth/oauth2/OAuth?redirect_url=${ARENA_CALLBACK}?token=arena-user-token`,
        (next) => next.startsWith(ARENA_CALLBACK),
        (next) => next.replace(`${PUBLIC_URL}/v1/auth/`, `${finishAt.url}/v1/auth/`),
      );
      if (!result.stoppedAt)
        throw new Error(`The dance stopped at HTTP ${result.last.status}: ${await result.last.text()}`);
      const response = new URL(result.stoppedAt).searchParams.get("response");
      return JSON.parse(response ?? "null") as Record<string, unknown>;
    },
    async close() {
      for (const bench of running) {
        await bench.server.close();
        await bench.proxy.close();
      }
      await api.close();
      await oidc.close();
    },
  };
}
