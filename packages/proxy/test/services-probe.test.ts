/**
 * The probe every integration test file runs first (test-support/services.ts): a server that is
 * down is one line naming it and how to start it, with no stack trace to read through.
 */
import { closedPort } from "@connector-proxy/sdk/testing";
import { describe, expect, it } from "vitest";
import { requireReachable, requireServices, ServiceDown } from "../../../test-support/services.js";

describe("requireServices", () => {
  it("passes when the server listens (Redis, which the jobs tests use)", async () => {
    await expect(requireServices("Redis")).resolves.toBeUndefined();
  });

  it("a server that is down fails with one line naming it, its port and how to start it", async () => {
    const port = await closedPort();
    const failure = await requireReachable([{ name: "Redis", port, start: "redis-server --port 6379" }]).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceDown);
    const { message, stack } = failure as ServiceDown;
    expect(message).toBe(
      `Redis is not running on 127.0.0.1:${port}: run .ci/run, or start it with \`redis-server --port 6379\``,
    );
    expect(stack?.split("\n")).toEqual([`ServiceDown: ${message}`]);
  });
});
