import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type JsonSchema, z } from "@connector-proxy/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../src/config/config-schema.js";
import { loadConfig, parseConfig } from "../src/config/load-config.js";
import { createProxy } from "../src/proxy.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cp-strict-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Start a proxy from a YAML file in a folder of its own (bundled connectors come from the proxy's installation). */
async function startFrom(yaml: string) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const proxy = await createProxy({ configFile: file, cwd: dir, env: {} });
  await proxy.close();
  return proxy;
}

const failureOf = (yaml: string) =>
  startFrom(yaml).then(
    () => "",
    (error: Error) => error.message,
  );

describe("unknown configuration keys", () => {
  it("a misspelt top-level key names itself and the closest known key", () => {
    expect(() => parseConfig({ timout_seconds: 10 }, {}, "file.yaml")).toThrow(
      "`timout_seconds`: unknown; did you mean `timeout_seconds`?",
    );
  });

  it("a misspelt key at any depth names its whole path", () => {
    const nested = {
      connectors: { http: { commands: { GetRequestV2: { timeout_secnds: 5 } } } },
      jobs: { concurency: 2 },
      metrics: { enabeld: false },
      connectors_: {},
    };
    let message = "";
    try {
      parseConfig(nested, {}, "file.yaml");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Invalid configuration in file.yaml (4 problems)");
    expect(message).toContain(
      "`connectors.http.commands.GetRequestV2.timeout_secnds`: unknown; did you mean `timeout_seconds`?",
    );
    expect(message).toContain("`jobs.concurency`: unknown; did you mean `concurrency`?");
    expect(message).toContain("`metrics.enabeld`: unknown; did you mean `enabled`?");
    expect(message).toContain("`connectors_`: unknown; did you mean `connectors`?");
  });

  it("a key far from any known one lists the keys known at its place", () => {
    expect(() => parseConfig({ tracing: { zzz: 1 } }, {}, "f")).toThrow(
      "`tracing.zzz`: unknown (known here: otlp_endpoint, service_name)",
    );
  });

  it("wrong types are still reported with the unknown keys", () => {
    expect(() => parseConfig({ timeout_seconds: "x", log_levl: "info" }, {}, "f")).toThrow(
      /\(2 problems\)[\s\S]*`timeout_seconds`: .*number[\s\S]*`log_levl`: unknown; did you mean `log_level`\?/,
    );
  });

  it("every object of the configuration schema refuses unknown keys or declares what else it takes (use z.strictObject)", () => {
    const loose: string[] = [];
    const visit = (schema: JsonSchema, where: string) => {
      // a plain z.object leaves additionalProperties out; strict says false, a map or catchall gives a schema
      if (schema.type === "object" && schema.properties && schema.additionalProperties === undefined) loose.push(where);
      for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>))
        visit(child, `${where}.${key}`);
      for (const variant of (schema.anyOf ?? schema.oneOf ?? []) as JsonSchema[]) visit(variant, where);
      const values = schema.additionalProperties;
      if (typeof values === "object" && values !== null) visit(values as JsonSchema, `${where}.<name>`);
      if (schema.items) visit(schema.items as JsonSchema, `${where}[]`);
    };
    visit(z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonSchema, "(root)");
    expect(loose).toEqual([]);
  });
});

describe("settings for connectors and commands that are not served", () => {
  it("an unknown connector names the closest served one and the others", async () => {
    const message = await failureOf("connectors:\n  htp:\n    timeout_seconds: 5\n");
    expect(message).toMatch(
      /`connectors\.htp`: no connector "htp" is served; did you mean `http`\? \(served: .*example.*\)/,
    );
  });

  it("an unknown command names the closest command of that connector and its commands", async () => {
    const message = await failureOf(
      "connectors:\n  http:\n    commands:\n      GetRequestV3: { timeout_seconds: 5 }\n",
    );
    expect(message).toMatch(
      /`connectors\.http\.commands\.GetRequestV3`: connector "http" has no command "GetRequestV3"; did you mean `GetRequestV2`\? \(its commands: .*PostRequestV2/,
    );
  });

  it("a connector setting its schema does not declare is an error naming its path and the known settings", async () => {
    const message = await failureOf("connectors:\n  os:\n    settings:\n      alowed: [ls]\n");
    expect(message).toMatch(
      /connector "os".*are invalid: alowed: unknown setting \(the settings known here are .*allowed/,
    );
    const nested = await failureOf(
      "connectors:\n  ftp:\n    settings:\n      servers:\n        main: { host: 127.0.0.1, pasword: x }\n",
    );
    expect(nested).toMatch(/servers\.main\.pasword: unknown setting \(the settings known here are .*password/);
  });

  it("a disabled or excluded connector may keep its settings", async () => {
    await expect(
      startFrom("exclude: [aws]\nconnectors:\n  aws: { timeout_seconds: 5 }\n  slack: { enabled: false }\n"),
    ).resolves.toBeDefined();
  });

  it("the issue's file: every problem in one error", async () => {
    const message = await failureOf(
      [
        "timout_seconds: 10",
        "connectors:",
        "  htp:",
        "    timeout_secs: 5",
        "  http:",
        "    commands:",
        "      GetRequestV3: { timeout_seconds: 5 }",
        "",
      ].join("\n"),
    );
    expect(message).toContain("(4 problems)");
    expect(message).toContain("`timout_seconds`: unknown; did you mean `timeout_seconds`?");
    expect(message).toContain("`connectors.htp.timeout_secs`: unknown; did you mean `timeout_seconds`?");
    expect(message).toContain('`connectors.htp`: no connector "htp" is served; did you mean `http`?');
    expect(message).toContain('`connectors.http.commands.GetRequestV3`: connector "http" has no command');
  });

  it("loadConfig alone hands unknown keys on as problems instead of throwing", () => {
    const file = path.join(dir, "problems.json");
    writeFileSync(file, JSON.stringify({ timout_seconds: 10, timeout_seconds: 7 }));
    const loaded = loadConfig({ file, env: {} });
    expect(loaded.config.timeout_seconds).toBe(7);
    expect(loaded.problems).toEqual(["`timout_seconds`: unknown; did you mean `timeout_seconds`?"]);
  });
});
