import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../../test-support/services.js";
import { type Bench, type BenchProxy, CLIENT, STATE_SECRET, startBench } from "./oauth-fixture.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

let bench: Bench;
let proxy: BenchProxy;
/** Every credential seen, for the log grep at the end. */
const credentials = new Set<string>([CLIENT.clientSecret, STATE_SECRET, "arena-user-token"]);
const spiffLogs: string[] = [];

beforeAll(async () => {
  bench = await startBench();
  proxy = await bench.start();
});
afterAll(async () => bench?.close());

async function connect(at = proxy): Promise<Record<string, unknown>> {
  const tokenSet = await bench.connect(at);
  credentials.add(String(tokenSet.access_token));
  credentials.add(String(tokenSet.refresh_token));
  return tokenSet;
}

async function request(at: BenchProxy, tokenSet: Record<string, unknown>) {
  const response = await fetch(`${at.url}/v1/do/oauth2/Request`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: bench.api.url, token_set: JSON.stringify(tokenSet) }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (Array.isArray(body.spiff__logs)) spiffLogs.push(...body.spiff__logs.map(String));
  const refreshed = body.refreshed_token_set as Record<string, unknown> | undefined;
  for (const value of [refreshed?.access_token, refreshed?.refresh_token]) {
    if (typeof value === "string") credentials.add(value);
  }
  return { status: response.status, body };
}

const aboutToExpire = (tokenSet: Record<string, unknown>): Record<string, unknown> => ({
  ...tokenSet,
  expires_at: Math.floor(Date.now() / 1000) + 5,
});

describe("refresh, single flight", () => {
  it("50 concurrent commands with an about-to-expire token cause exactly one refresh at the provider", async () => {
    const old = aboutToExpire(await connect());
    const before = bench.oidc.tokenRequests();
    const answers = await Promise.all(Array.from({ length: 50 }, () => request(proxy, old)));
    expect(bench.oidc.tokenRequests() - before).toBe(1);
    const sets = answers.map(({ status, body }) => {
      expect(status).toBe(200);
      expect(body.auth).toBe("oauth2/OAuth");
      expect(body.api_response).toEqual({ ok: true, sub: "alice" });
      return body.refreshed_token_set as Record<string, unknown>;
    });
    const refreshed = sets[0] ?? {};
    expect(refreshed.access_token).not.toBe(old.access_token);
    expect(refreshed.refresh_token).not.toBe(old.refresh_token); // the provider rotates refresh tokens
    expect(refreshed.expires_at).toBeGreaterThan(Date.now() / 1000 + 600);
    for (const set of sets) expect(set).toEqual(refreshed);

    // A late caller still holding the old set (Arena had not stored the new one yet) gets the
    // refreshed set rather than spending the rotated-away refresh token.
    const late = await request(proxy, old);
    expect(bench.oidc.tokenRequests() - before).toBe(1);
    expect(late.body.refreshed_token_set).toEqual(refreshed);
  });

  it("holds across replicas sharing Redis: one refresh for 50 calls spread over two proxies", async () => {
    const env = { CONNECTOR_PROXY_REDIS_URL: "redis://127.0.0.1:6379" };
    const [left, right] = [await bench.start({}, env), await bench.start({}, env)];
    const old = aboutToExpire(await connect(left ?? proxy));
    const before = bench.oidc.tokenRequests();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => request((index % 2 === 0 ? left : right) ?? proxy, old)),
    );
    expect(bench.oidc.tokenRequests() - before).toBe(1);
    const tokens = new Set(
      answers.map(({ body }) => (body.refreshed_token_set as { access_token: string }).access_token),
    );
    expect(tokens.size).toBe(1);
    expect(answers.every(({ body }) => (body.api_response as { ok: boolean }).ok)).toBe(true);
  });

  it("a token that is not about to expire is used as is (no refresh), and carried back unchanged", async () => {
    const tokenSet = await connect();
    const before = bench.oidc.tokenRequests();
    const { body } = await request(proxy, tokenSet);
    expect(bench.oidc.tokenRequests()).toBe(before);
    expect(body.refreshed_token_set).toEqual(tokenSet);
  });
});

describe("refresh failures", () => {
  it("a revoked refresh token answers ReauthorizationRequired (inner 401) telling the operator to reconnect", async () => {
    const tokenSet = await connect();
    expect(await bench.oidc.revoke(String(tokenSet.refresh_token), CLIENT)).toBe(200);
    const { status, body } = await request(proxy, aboutToExpire(tokenSet));
    expect(status).toBe(200);
    expect(body.error).toEqual({
      error_code: "ReauthorizationRequired",
      message: expect.stringMatching(/reconnect "oauth2\/OAuth"/),
    });
    expect((body.command_response as { http_status: number }).http_status).toBe(401);

    const before = bench.oidc.tokenRequests();
    const again = await request(proxy, aboutToExpire(tokenSet));
    expect((again.body.error as { error_code: string }).error_code).toBe("ReauthorizationRequired");
    expect(bench.oidc.tokenRequests()).toBe(before); // a refused refresh token is not sent again
  });

  it("without a refresh token: used while it may be valid, ReauthorizationRequired once expired", async () => {
    const { refresh_token: _dropped, expires_at: _unknown, ...tokenSet } = await connect();
    const usable = await request(proxy, tokenSet);
    expect(usable.body.api_response).toEqual({ ok: true, sub: "alice" });
    const { body } = await request(proxy, { ...tokenSet, expires_at: Math.floor(Date.now() / 1000) - 5 });
    expect((body.error as { error_code: string }).error_code).toBe("ReauthorizationRequired");
  });

  it("a token set that is not JSON answers InvalidTokenSet without echoing it", async () => {
    const response = await fetch(`${proxy.url}/v1/do/oauth2/Request`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: bench.api.url, token_set: "not-a-token-set-value" }),
    });
    const body = (await response.json()) as { error: { error_code: string; message: string } };
    expect(body.error.error_code).toBe("InvalidTokenSet");
    expect(body.error.message).not.toContain("not-a-token-set-value");
  });
});

describe("no credential in logs", () => {
  it("neither the proxy log (debug level) nor spiff__logs contain an access or refresh token, the client secret, the state secret or Arena's user token", () => {
    const everything = [...bench.logs, ...spiffLogs].join("\n");
    expect(bench.logs.join("")).toContain("OAuth access token refreshed"); // the log was captured
    expect(credentials.size).toBeGreaterThan(8);
    for (const credential of credentials) {
      expect(credential.length).toBeGreaterThan(10);
      expect(everything).not.toContain(credential);
    }
  });
});
