import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import connector from "../src/index.js";
import { publish } from "../src/publish.js";

/** A NATS server of our own (the machine's nats-server binary) that demands a user and password. */
let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  server = spawn("nats-server", ["-a", "127.0.0.1", "-p", "-1", "--user", "app", "--pass", "p@ss:word"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  port = await new Promise<number>((resolve, reject) => {
    let log = "";
    server.on("error", reject);
    server.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const match = /Listening for client connections on 127\.0\.0\.1:(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    });
  });
});

afterAll(async () => {
  await connector.close();
  server.kill();
});

describe("nats credentials in the broker URL", () => {
  it("logs in with the user and password of the URL, and names a refused login", async () => {
    const subject = `cp-test.${randomUUID()}`;
    const good = `nats://app:${encodeURIComponent("p@ss:word")}@127.0.0.1:${port}`;
    const accepted = await callCommand(publish, { subject, payload: "x" }, { config: { url: good } });
    expect(accepted.envelope.error).toBeNull();

    const bad = `nats://app:wrong-password@127.0.0.1:${port}`;
    const refused = await callCommand(publish, { subject, payload: "x" }, { config: { url: bad } });
    expect(refused.envelope.error?.error_code).toBe("BrokerUnavailable");
    expect(refused.envelope.error?.message).not.toContain("wrong-password");
  });
});
