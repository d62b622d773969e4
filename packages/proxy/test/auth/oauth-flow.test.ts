import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../../test-support/services.js";
import { TestBrowser } from "../support/browser.js";
import { ARENA_CALLBACK, type Bench, type BenchProxy, startBench } from "./oauth-fixture.js";

beforeAll(() => requireServices("Redis")); // a server that is down: one line naming it

let bench: Bench;
let first: BenchProxy;
let second: BenchProxy;

beforeAll(async () => {
  bench = await startBench();
  first = await bench.start();
  second = await bench.start();
});
afterAll(async () => bench?.close());

const startUrl = (proxy: BenchProxy, redirectUrl = `${ARENA_CALLBACK}?token=arena-user-token`) =>
  `${proxy.url}/v1/auth/oauth2/OAuth?redirect_url=${redirectUrl}`;

/** The provider's redirect to the proxy callback (code + state), without following it. */
async function callbackUrl(proxy: BenchProxy): Promise<string> {
  const browser = new TestBrowser();
  const result = await browser.browse(startUrl(proxy), (next) => next.includes("/v1/auth/oauth2/OAuth/callback"));
  if (!result.stoppedAt) throw new Error("the provider did not redirect to the callback");
  return new URL(result.stoppedAt).pathname.replace(/^\/connector-proxy/, "") + new URL(result.stoppedAt).search;
}

describe("GET /v1/auths", () => {
  it("lists the oauth2/OAuth handler in the commands' shape", async () => {
    const response = await first.proxy.app.request("/v1/auths");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      expect.objectContaining({ id: "oauth2/OAuth", parameters: [], type: "oauth2" }),
    ]);
  });
});

describe("browser flow against oidc-provider", () => {
  it("redirects to the allowed redirect_url with a token set that works against a protected API", async () => {
    const tokenSet = await bench.connect(first);
    expect(tokenSet).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(tokenSet.expires_at).toBeGreaterThan(Date.now() / 1000);
    const direct = await fetch(bench.api.url, { headers: { authorization: `Bearer ${tokenSet.access_token}` } });
    expect(await direct.json()).toEqual({ ok: true, sub: "alice" });

    const answer = await first.proxy.app.request("/v1/do/oauth2/Request", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: bench.api.url, token_set: JSON.stringify(tokenSet) }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      api_response: { ok: true, sub: "alice" },
      refreshed_token_set: tokenSet,
      auth: "oauth2/OAuth",
    });
  });

  it("keeps Arena's query on redirect_url and appends &response=", async () => {
    const browser = new TestBrowser();
    const result = await browser.browse(
      startUrl(first),
      (next) => next.startsWith(ARENA_CALLBACK),
      (next) => next.replace("http://127.0.0.1:9/connector-proxy/", `${first.url}/`),
    );
    expect(result.stoppedAt).toMatch(/\?token=arena-user-token&response=%7B/);
  });

  it("is finished by another proxy instance holding the same state secret", async () => {
    const tokenSet = await bench.connect(first, second);
    const direct = await fetch(bench.api.url, { headers: { authorization: `Bearer ${tokenSet.access_token}` } });
    expect(direct.status).toBe(200);
  });
});

describe("refusals", () => {
  const expectRefused = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("location")).toBeNull();
    const page = await response.text();
    expect(page).toContain(code);
    expect(page).not.toMatch(/ at .*\.js:\d+/);
  };

  it("a redirect_url outside the allowlist: 400 RedirectUrlNotAllowed, nothing redirected", async () => {
    for (const url of ["https://evil.example/steal", "http://127.0.0.1:9/v1.0/authentication_callback.evil/x", ""]) {
      await expectRefused(await fetch(startUrl(first, url), { redirect: "manual" }), 400, "RedirectUrlNotAllowed");
    }
  });

  it("a tampered state: 400 OAuthStateInvalid", async () => {
    const callback = new URL(await callbackUrl(first), first.url);
    const state = callback.searchParams.get("state") ?? "";
    callback.searchParams.set("state", `${state.slice(0, 20)}${state[20] === "A" ? "B" : "A"}${state.slice(21)}`);
    await expectRefused(await fetch(callback, { redirect: "manual" }), 400, "OAuthStateInvalid");
  });

  it("a replayed state: the second callback gets 400 OAuthStateReused", async () => {
    const callback = new URL(await callbackUrl(first), first.url);
    const once = await fetch(callback, { redirect: "manual" });
    expect(once.status).toBe(302);
    expect(once.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:9\/v1\.0\/authentication_callback\//);
    await expectRefused(await fetch(callback, { redirect: "manual" }), 400, "OAuthStateReused");
  });

  it("with Redis, a state used at one replica is refused at another", async () => {
    const env = { CONNECTOR_PROXY_REDIS_URL: "redis://127.0.0.1:6379" };
    const [left, right] = [await bench.start({}, env), await bench.start({}, env)];
    const path = await callbackUrl(left ?? first);
    expect((await fetch(new URL(path, left?.url), { redirect: "manual" })).status).toBe(302);
    await expectRefused(await fetch(new URL(path, right?.url), { redirect: "manual" }), 400, "OAuthStateReused");
  });

  it("an expired state: 400 OAuthStateExpired", async () => {
    const shortLived = await bench.start({ state_ttl_seconds: 1 });
    const callback = new URL(await callbackUrl(shortLived), shortLived.url);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expectRefused(await fetch(callback, { redirect: "manual" }), 400, "OAuthStateExpired");
  });

  it("a provider refusal (access_denied) is a clear page, not a redirect that would overwrite Arena's secret", async () => {
    const callback = new URL(await callbackUrl(first), first.url);
    callback.searchParams.delete("code");
    callback.searchParams.set("error", "access_denied");
    await expectRefused(await fetch(callback, { redirect: "manual" }), 502, "OAuthProviderError");
  });

  it("a code the provider refuses (invalid_grant at the exchange) is a clear page", async () => {
    const callback = new URL(await callbackUrl(first), first.url);
    callback.searchParams.set("code", "not-a-code-the-provider-issued");
    const response = await fetch(callback, { redirect: "manual" });
    expect(await response.clone().text()).toContain("invalid_grant");
    await expectRefused(response, 502, "OAuthProviderError");
  });
});
