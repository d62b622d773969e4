/**
 * Test helper: a proxy built from a config object (as a config file would hold it),
 * with its log lines captured.
 */
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../src/config/load-config.js";
import { type ConnectorProxy, createProxy } from "../../src/proxy.js";

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
export const repoRoot = path.resolve(fixtures, "..", "..", "..", "..");

export interface TestProxy extends ConnectorProxy {
  /** Every log line written so far. */
  logs(): string;
}

/** Build a proxy; relative paths resolve against the fixtures folder, node_modules against the repo root. */
export async function testProxy(raw: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): Promise<TestProxy> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { config, secrets } = parseConfig(
    { node_modules: path.join(repoRoot, "node_modules"), ...raw },
    env,
    "test config",
  );
  const proxy = await createProxy({
    config: { config, secrets, baseDir: fixtures, file: null },
    env,
    logDestination: sink,
  });
  return Object.assign(proxy, { logs: () => lines.join("") });
}

/** POST a JSON body to the proxy's app. */
export function post(proxy: ConnectorProxy, route: string, body: unknown, headers: Record<string, string> = {}) {
  return proxy.app.request(route, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
