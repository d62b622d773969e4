import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/load-config.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cp-config-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("configuration files", () => {
  it("reads YAML from a known name in the working directory, interpolating ${ENV} as secrets", () => {
    writeFileSync(
      path.join(dir, "connector-proxy.config.yaml"),
      "timeout_seconds: 12\nexclude: [aws]\nconnectors:\n  slack:\n    settings:\n      token: ${SLACK_TOKEN}\n      base: ${BASE:-http://127.0.0.1}\n",
    );
    const loaded = loadConfig({ cwd: dir, env: { SLACK_TOKEN: "xoxb-123456" } });
    expect(loaded.file).toBe(path.join(dir, "connector-proxy.config.yaml"));
    expect(loaded.config.timeout_seconds).toBe(12);
    expect(loaded.config.exclude).toEqual(["aws"]);
    expect(loaded.config.connectors.slack?.settings).toEqual({ token: "xoxb-123456", base: "http://127.0.0.1" });
    expect([...loaded.secrets]).toEqual(["xoxb-123456"]);
  });

  it("reads JSON from an explicit path and refuses a missing file or a bad value by name", () => {
    const file = path.join(dir, "custom.json");
    writeFileSync(file, JSON.stringify({ unknown_parameters: "strip" }));
    expect(loadConfig({ file, cwd: "/", env: {} }).config.unknown_parameters).toBe("strip");
    expect(() => loadConfig({ file: path.join(dir, "nope.json"), env: {} })).toThrow(/does not exist/);
    writeFileSync(file, JSON.stringify({ timeout_seconds: -1 }));
    expect(() => loadConfig({ file, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ file, env: {} })).toThrow(/timeout_seconds/);
  });

  it("uses CONNECTOR_PROXY_CONFIG when no path is given", () => {
    const file = path.join(dir, "from-env.json");
    writeFileSync(file, JSON.stringify({ body_limit_bytes: 99 }));
    expect(loadConfig({ cwd: "/", env: { CONNECTOR_PROXY_CONFIG: file } }).config.body_limit_bytes).toBe(99);
  });
});
