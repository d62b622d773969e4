/**
 * The webhook verification schemes through the app: GitHub's X-Hub-Signature-256 (event id from
 * X-GitHub-Delivery), Slack's v0 signature with its timestamp tolerance and url_verification
 * challenge (answered, nothing stored), and base64 HMACs.
 */
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArenaServer, startArena } from "../helpers/arena-messages.js";
import { type TestProxy, testProxy } from "../helpers/test-proxy.js";

const GITHUB_SECRET = "gh-webhook-secret";
const SLACK_SECRET = "slack-signing-secret";
let arena: ArenaServer;
let dir: string;
let proxy: TestProxy;

beforeAll(async () => {
  arena = await startArena();
  dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-verify-"));
  proxy = await testProxy({
    discover: false,
    jobs: { data_dir: dir },
    engine: { api_url: arena.apiUrl, auth: { type: "spiff_api_key", key: arena.key } },
    triggers: {
      gh: { webhook: { verify: { type: "github", secret: GITHUB_SECRET } }, message: "github_event" },
      slack: {
        webhook: { verify: { type: "slack", signing_secret: SLACK_SECRET, tolerance_seconds: 300 } },
        message: "slack_event",
      },
      b64: {
        webhook: { verify: { type: "hmac_sha256", header: "X-Sig", encoding: "base64", secret: "b64-secret" } },
        message: "b64_event",
      },
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await arena.close();
  rmSync(dir, { recursive: true, force: true });
});

const hmac = (secret: string, data: string, encoding: "hex" | "base64" = "hex") =>
  createHmac("sha256", secret).update(data).digest(encoding);

function post(trigger: string, body: string, headers: Record<string, string>) {
  return proxy.app.request(`/v1/hooks/${trigger}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

function slackHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    "X-Slack-Request-Timestamp": String(timestamp),
    "X-Slack-Signature": `v0=${hmac(SLACK_SECRET, `v0:${timestamp}:${body}`)}`,
  };
}

describe("github", () => {
  it("accepts X-Hub-Signature-256 and takes the event id from X-GitHub-Delivery", async () => {
    const body = JSON.stringify({ action: "opened", number: 7 });
    const delivery = randomUUID();
    const headers = { "X-Hub-Signature-256": `sha256=${hmac(GITHUB_SECRET, body)}`, "X-GitHub-Delivery": delivery };
    const first = await post("gh", body, headers);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ event_id: delivery, duplicate: false });
    expect(await (await post("gh", body, headers)).json()).toMatchObject({ duplicate: true }); // GitHub redelivers
    const forged = { ...headers, "X-Hub-Signature-256": `sha256=${hmac("guess", body)}` };
    expect((await post("gh", body, forged)).status).toBe(401);
  });
});

describe("slack", () => {
  it("answers url_verification with its challenge and stores nothing", async () => {
    const body = JSON.stringify({
      type: "url_verification",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    const answer = await post("slack", body, slackHeaders(body));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    expect(await proxy.triggers.query({ trigger: "slack", limit: 10, offset: 0 })).toEqual([]);
    const unsigned = await post("slack", body, { ...slackHeaders(body), "X-Slack-Signature": "v0=00" });
    expect(unsigned.status).toBe(401);
  });

  it("stores a signed event under its event_id and refuses an old timestamp", async () => {
    const body = JSON.stringify({ type: "event_callback", event_id: "Ev123", event: { type: "app_mention" } });
    const answer = await post("slack", body, slackHeaders(body));
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ event_id: "Ev123" });
    const stale = await post("slack", body, slackHeaders(body, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    expect(JSON.stringify(await stale.json())).toContain("X-Slack-Request-Timestamp");
  });
});

describe("hmac_sha256 in base64", () => {
  it("accepts the base64 signature and refuses the hex one", async () => {
    const body = JSON.stringify({ n: 1 });
    expect((await post("b64", body, { "X-Sig": hmac("b64-secret", body, "base64") })).status).toBe(202);
    expect((await post("b64", body, { "X-Sig": hmac("b64-secret", body) })).status).toBe(401);
  });
});
