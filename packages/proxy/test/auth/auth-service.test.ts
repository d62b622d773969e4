import { defineConnector, defineOAuth2Auth } from "@connector-proxy/sdk";
import { describe, expect, it } from "vitest";
import { createAuthService } from "../../src/auth/auth-service.js";
import { authSettingsSchema } from "../../src/auth/auth-settings.js";
import { createLogger } from "../../src/log/logger.js";

const connector = defineConnector({
  name: "demo",
  commands: [],
  auths: [
    defineOAuth2Auth({ name: "OAuth", authorizationUrl: "https://id.example/a", tokenUrl: "https://id.example/t" }),
  ],
});

describe("auth service", () => {
  it("lists only handlers whose browser flow is configured, and scrubs their client secrets", async () => {
    const secrets = new Set<string>();
    const service = createAuthService({
      settings: authSettingsSchema.parse({
        state_secret: "auth-service-test-secret-0123456789abcdef",
        redirect_allowlist: ["https://arena.example/"],
      }),
      logger: createLogger("silent"),
      secrets,
    });
    expect(service.register(connector, "bare", {})).toBeTypeOf("function");
    expect(service.register(connector, "ready", { client_id: "id", client_secret: "client-secret-value" })).toBeTypeOf(
      "function",
    );
    expect(service.register(defineConnector({ name: "none", commands: [] }), "none", {})).toBeUndefined();
    expect(service.list().map((entry) => entry.id)).toEqual(["ready/OAuth"]);
    expect(secrets.has("client-secret-value")).toBe(true);

    expect(await service.start("bare/OAuth", "https://arena.example/cb", "http://proxy.test")).toMatchObject({
      ok: false,
      code: "AuthNotConfigured",
      message: expect.stringMatching(/set client_id and client_secret/),
    });
    expect(await service.start("nope/OAuth", "https://arena.example/cb", "http://proxy.test")).toMatchObject({
      code: "AuthNotFound",
    });
    const started = await service.start("ready/OAuth", "https://arena.example/cb", "http://proxy.test");
    expect(started.ok && new URL(started.location).searchParams.get("redirect_uri")).toBe(
      "http://proxy.test/v1/auth/ready/OAuth/callback",
    );
    await service.close();
  });

  it("without auth.state_secret, browser flows are refused with AuthNotConfigured", async () => {
    const service = createAuthService({
      settings: authSettingsSchema.parse({}),
      logger: createLogger("silent"),
      secrets: new Set(),
    });
    service.register(connector, "ready", { client_id: "id", client_secret: "client-secret-value" });
    expect(await service.start("ready/OAuth", "https://arena.example/cb", "http://proxy.test")).toMatchObject({
      code: "AuthNotConfigured",
      message: expect.stringMatching(/auth\.state_secret/),
    });
  });
});
