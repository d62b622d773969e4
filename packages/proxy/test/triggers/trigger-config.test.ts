/**
 * Trigger configuration mistakes stop the proxy at start-up with a message naming the trigger
 * and the fix.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testProxy } from "../helpers/test-proxy.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "cp-triggers-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const engine = { api_url: "http://127.0.0.1:9/v1.0", auth: { type: "spiff_api_key", key: "k" } };
const webhook = { verify: { type: "token", token: "t" } };

const start = (triggers: Record<string, unknown>, withEngine = true) =>
  testProxy({ discover: false, jobs: { data_dir: dir }, ...(withEngine ? { engine } : {}), triggers });

describe("trigger configuration", () => {
  it.each([
    [{ t: { message: "m" } }, /triggers\.t must name exactly one source .*found none/],
    [{ t: { webhook, mqtt: {}, message: "m" } }, /triggers\.t must name exactly one source .*found webhook, mqtt/],
    [{ t: { kafka: {}, message: "m" } }, /triggers\.t\.kafka: no trigger "kafka" on this proxy \(available: webhook\)/],
    [
      { t: { webhook: { verify: { type: "hmac_sha256" } }, message: "m" } },
      /triggers\.t\.webhook is invalid: .*header/,
    ],
    [{ t: { webhook } }, /triggers\.t: set message/],
    [{ t: { webhook, message: "m", payload: "{ broken" } }, /triggers\.t\.payload is not a valid JSONata expression/],
    [{ t: { webhook, message: "m", time_to_live_in_seconds: 301 } }, /time_to_live_in_seconds/],
  ])("refuses %j", async (triggers, problem) => {
    await expect(start(triggers)).rejects.toThrow(problem);
  });

  it("refuses an engine message without engine.api_url", async () => {
    await expect(start({ t: { webhook, message: "m" } }, false)).rejects.toThrow(
      /triggers\.t\.message needs engine\.api_url/,
    );
  });
});
