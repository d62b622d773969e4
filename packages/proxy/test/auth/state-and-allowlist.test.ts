import { describe, expect, it } from "vitest";
import { newFlowState, openState, sealState } from "../../src/auth/oauth-state.js";
import { redirectAllowlist } from "../../src/auth/redirect-allowlist.js";
import { createSealer } from "../../src/auth/seal.js";

const SECRET = "unit-test-state-secret-0123456789abcdef";

describe("redirect allowlist", () => {
  const allowed = redirectAllowlist(["https://arena.example", "https://other.example/v1.0/authentication_callback/"]);

  it("admits URLs under a prefix at a path boundary, with Arena's query", () => {
    expect(allowed("https://arena.example/v1.0/authentication_callback/xero/OAuth?token=abc")).toBe(true);
    expect(allowed("https://arena.example")).toBe(true);
    expect(allowed("https://other.example/v1.0/authentication_callback/xero/OAuth")).toBe(true);
  });

  it("refuses look-alike hosts, other paths, userinfo tricks and other schemes", () => {
    for (const url of [
      "https://arena.example.evil.test/x",
      "https://arena.example@evil.test/x",
      "https://user:pw@arena.example/x",
      "https://other.example/v1.0/elsewhere",
      "http://arena.example/x",
      "javascript:alert(1)",
      "not a url",
    ]) {
      expect(allowed(url), url).toBe(false);
    }
  });

  it("refuses everything when the allowlist is empty", () => {
    expect(redirectAllowlist([])("https://arena.example/")).toBe(false);
  });
});

describe("sealed flow state", () => {
  const sealer = createSealer(SECRET, "oauth-state");
  const state = newFlowState("xero/OAuth", "https://arena.example/cb?token=t", "verifier-123", 60_000);

  it("round-trips without showing the redirect_url or the PKCE verifier", () => {
    const sealed = sealState(sealer, state);
    expect(sealed).not.toContain("arena");
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("verifier-123");
    expect(openState(sealer, sealed, "xero/OAuth")).toEqual({ ok: true, state });
  });

  it("refuses a state for another handler, from another secret or purpose, altered, or expired", () => {
    const sealed = sealState(sealer, state);
    expect(openState(sealer, sealed, "oauth2/OAuth")).toMatchObject({ ok: false, code: "OAuthStateInvalid" });
    expect(openState(createSealer(`${SECRET}x`, "oauth-state"), sealed, "xero/OAuth")).toMatchObject({
      code: "OAuthStateInvalid",
    });
    expect(openState(createSealer(SECRET, "token-set"), sealed, "xero/OAuth")).toMatchObject({
      code: "OAuthStateInvalid",
    });
    const altered = `${sealed.slice(0, -3)}${sealed.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect(openState(sealer, altered, "xero/OAuth")).toMatchObject({ code: "OAuthStateInvalid" });
    expect(openState(sealer, undefined, "xero/OAuth")).toMatchObject({ code: "OAuthStateInvalid" });
    expect(openState(sealer, sealed, "xero/OAuth", state.expiresAt + 1)).toMatchObject({ code: "OAuthStateExpired" });
  });
});
