import { describe, expect, it } from "vitest";
import { defineCommand } from "../src/define-command.js";
import { defineConnector } from "../src/define-connector.js";
import { defineOAuth2Auth } from "../src/define-oauth2-auth.js";
import { z } from "../src/index.js";
import type { OAuthProvider } from "../src/oauth-access.js";
import { callCommand } from "../src/testing.js";

const auth = defineOAuth2Auth({
  name: "OAuth",
  authorizationUrl: "https://id.example/authorize",
  tokenUrl: (config) => String(config.token_url ?? "https://id.example/token"),
  scopes: ["offline_access"],
});

const refreshed = { access_token: "new", refresh_token: "r2", expires_at: 2_000_000_000 };
const provider: OAuthProvider = async (value, options) => ({
  accessToken: "new",
  tokenType: "Bearer",
  tokenSet: refreshed,
  refreshed: value !== "fresh",
  auth: `test/${options.auth ?? "OAuth"}`,
});

const whoAmI = defineCommand({
  name: "WhoAmI",
  description: "Answers the token it got",
  params: z.object({ token_set: z.string(), status: z.number().default(200) }),
  async run({ token_set, status }, ctx) {
    const { accessToken } = await ctx.oauth(token_set);
    return { body: { token: accessToken }, http_status: status };
  },
});

describe("defineOAuth2Auth", () => {
  it("resolves URLs and client credentials from the connector's settings", () => {
    const resolved = auth.resolve({ client_id: "id", client_secret: "secret", token_url: "https://other.example/t" });
    expect(resolved).toMatchObject({
      authorizationUrl: "https://id.example/authorize",
      tokenUrl: "https://other.example/t",
      issuer: "https://other.example",
      clientId: "id",
      clientSecret: "secret",
      pkce: true,
      scopes: ["offline_access"],
    });
    expect(auth.resolve({}).clientId).toBeNull();
  });

  it("is listed by defineConnector, which refuses duplicates and foreign objects", () => {
    expect(defineConnector({ name: "c", commands: [], auths: [auth] }).auths).toEqual([auth]);
    expect(() => defineConnector({ name: "c", commands: [], auths: [auth, auth] })).toThrow(/auth "OAuth" twice/);
    expect(() => defineConnector({ name: "c", commands: [], auths: [{} as typeof auth] })).toThrow(/defineOAuth2Auth/);
  });
});

describe("ctx.oauth", () => {
  it("makes the answer carry api_response, refreshed_token_set and auth (Arena's raw body)", async () => {
    const outcome = await callCommand(whoAmI, { token_set: "old" }, { oauth: provider });
    expect(outcome.legacyV1 && JSON.parse(outcome.legacyV1.body)).toEqual({
      api_response: { token: "new" },
      refreshed_token_set: refreshed,
      auth: "test/OAuth",
    });
  });

  it("leaves an upstream failure (http_status >= 300) as a v2 envelope", async () => {
    const outcome = await callCommand(whoAmI, { token_set: "old", status: 502 }, { oauth: provider });
    expect(outcome.legacyV1).toBeUndefined();
    expect(outcome.envelope.command_response).toMatchObject({ http_status: 502 });
  });

  it("answers OAuthNotConfigured when the connector declares no handler", async () => {
    const outcome = await callCommand(whoAmI, { token_set: "old" });
    expect(outcome.envelope.error?.error_code).toBe("OAuthNotConfigured");
  });
});
