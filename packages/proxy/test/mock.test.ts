import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startCallbackServer } from "./helpers/callback-server.js";
import { jobsProxy } from "./helpers/jobs-proxy.js";
import { post, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const folder = mkdtempSync(path.join(tmpdir(), "mock-fixtures-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fixture(name: string, content: unknown) {
  const file = path.join(folder, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
}

// An order-approval diagram: read the order over HTTP, notify Slack, then the example task (not mocked).
fixture("orders/01-order-42.json", {
  command: "http/GetRequestV2",
  match: { url: "https://orders.invalid/api/orders/42" },
  envelope: {
    command_response: { body: { id: 42, total: 99.5 }, mimetype: "application/json", http_status: 200, headers: {} },
  },
});
fixture("orders/02-any-order.json", {
  command: "http/GetRequestV2",
  envelope: {
    command_response: { body: null, mimetype: "application/json", http_status: 404, headers: {} },
    error: { error_code: "HttpError404", message: "no such order" },
  },
});
fixture(
  "slack.yaml",
  [
    "# the notification to the orders channel; any token",
    "command: slack/PostMessage",
    "match: { channel: '#orders' }",
    "envelope:",
    "  command_response: { body: '{\"ok\": true}', mimetype: application/json, http_status: 200 }",
    "  spiff__logs: [posted]",
  ].join("\n"),
);

interface Answer {
  command_response: { body: unknown };
  error: { error_code: string; message: string } | null;
}
const envelopeOf = async (response: Response) => (await response.json()) as Answer;

const reserved = (task: string, data: Record<string, unknown> = {}) => ({
  spiff__process_instance_id: 7,
  spiff__process_model_identifier: "sales/order-approval",
  spiff__task_id: task,
  spiff__task_data: data,
});

describe("serve --mock (the mock config section)", { timeout: 60_000 }, () => {
  let proxy: TestProxy;

  it("answers a diagram's service-task calls from the fixtures, and runs the commands without any", async () => {
    proxy = await testProxy({ mock: { folder } });
    const order = await post(proxy, "/v1/do/http/GetRequestV2", {
      url: "https://orders.invalid/api/orders/42",
      headers: { Accept: "application/json" },
      ...reserved("3f1c2d4e-0000-4000-8000-000000000001"),
    });
    expect(order.status).toBe(200);
    expect(await order.json()).toEqual({
      command_response: { body: { id: 42, total: 99.5 }, mimetype: "application/json", http_status: 200, headers: {} },
      command_response_version: 2,
      error: null,
      spiff__logs: [],
    });

    const notified = await post(proxy, "/v1/do/slack/PostMessage", {
      token: "xoxb-real-looking-token",
      channel: "#orders",
      message: "order 42 approved",
      ...reserved("3f1c2d4e-0000-4000-8000-000000000002", { total: 99.5 }),
    });
    expect(notified.status).toBe(200);
    expect(await notified.json()).toMatchObject({
      command_response: { body: '{"ok": true}', http_status: 200 },
      error: null,
      spiff__logs: ["posted"],
    });

    const example = await post(proxy, "/v1/do/example/Example", { message: "done", ...reserved("t3") });
    expect((await envelopeOf(example)).command_response.body).toEqual({
      connector_response: "You passed the example connector: 'done'. Have a good day!",
    });
  });

  it("tries fixtures in path order, the first match winning", async () => {
    const other = await post(proxy, "/v1/do/http/GetRequestV2", { url: "https://orders.invalid/api/orders/43" });
    expect(other.status).toBe(200);
    expect((await envelopeOf(other)).error).toEqual({ error_code: "HttpError404", message: "no such order" });
  });

  it("answers NoMockMatched listing the candidates (credentials redacted) when none matches", async () => {
    const unmatched = await post(proxy, "/v1/do/slack/PostMessage", {
      token: "xoxb-real-looking-token",
      channel: "#random",
      message: "hi",
    });
    expect(unmatched.status).toBe(404);
    const { error } = await envelopeOf(unmatched);
    expect(error?.error_code).toBe("NoMockMatched");
    expect(error?.message).toContain('No mock fixture for "slack/PostMessage" matches the parameters');
    expect(error?.message).toContain('slack.yaml (match {"channel":"#orders"})');
    expect(error?.message).toContain('"channel":"#random"');
    expect(error?.message).not.toContain("xoxb-real-looking-token");
  });

  it("still validates the parameters the way the command does", async () => {
    const invalid = await post(proxy, "/v1/do/http/GetRequestV2", { headers: {} });
    expect(invalid.status).toBe(400);
    expect((await envelopeOf(invalid)).error).toMatchObject({ error_code: "InvalidParameters" });
    await proxy.close();
  });

  it("refuses to start with a fixture that is not valid, naming the file and the field", async () => {
    const bad = mkdtempSync(path.join(tmpdir(), "mock-bad-"));
    writeFileSync(path.join(bad, "typo.json"), JSON.stringify({ command: "example/Example", matches: {} }));
    await expect(testProxy({ mock: { folder: bad } })).rejects.toThrow(
      /Mock fixture .*typo\.json is invalid: \(file\): Unrecognized key: "matches"/,
    );
    rmSync(bad, { recursive: true, force: true });
  });
});

describe("serve --mock with a long-running command", { timeout: 60_000 }, () => {
  it("accepts the call with 202 and completes it by callback with the fixture's answer", async () => {
    const asyncFolder = mkdtempSync(path.join(tmpdir(), "mock-async-"));
    writeFileSync(
      path.join(asyncFolder, "sleep.json"),
      JSON.stringify({ command: "slow/Sleep", envelope: { command_response: { body: { slept: "mocked" } } } }),
    );
    const arena = await startCallbackServer();
    const proxy = await jobsProxy({}, { mock: { folder: asyncFolder } });
    try {
      const accepted = await post(proxy, "/v1/do/slow/Sleep", {
        ms: 60_000, // the real command would sleep a minute
        spiff__task_id: "t-async",
        spiff__callback_url: `${arena.url}/callback/t-async`,
      });
      expect(accepted.status).toBe(202);
      const [callback] = await arena.waitFor(1);
      expect(callback?.body).toMatchObject({ command_response: { body: { slept: "mocked" } }, error: null });
    } finally {
      await proxy.close();
      await arena.close();
      rmSync(asyncFolder, { recursive: true, force: true });
    }
  });
});
