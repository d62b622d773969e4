import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { reportTable } from "../src/conformance/report-table.js";
import { type ConformanceReport, runConformance } from "../src/conformance/run-conformance.js";
import { API_KEY, startBrokenProxy } from "./fixtures/conformance/broken-proxy.js";
import type { FixtureServer } from "./fixtures/conformance/fixture-server.js";
import { startReferenceShapedProxy } from "./fixtures/conformance/reference-shaped-proxy.js";
import { repoRoot, type TestProxy, testProxy } from "./helpers/test-proxy.js";

const run = promisify(execFile);
const cli = path.join(repoRoot, "packages", "proxy", "dist", "cli", "main.js");
const env = { ...process.env, CONNECTOR_PROXY_API_KEY: undefined };

const verdicts = (report: ConformanceReport, verdict: string) =>
  report.checks.filter((check) => check.verdict === verdict).map((check) => `${check.area} | ${check.check}`);

describe("connector-proxy conformance", { timeout: 90_000 }, () => {
  let proxy: TestProxy;
  let server: RunningServer;
  let broken: FixtureServer;
  let reference: FixtureServer;

  beforeAll(async () => {
    proxy = await testProxy({ include: ["example/*", "http/*"] }, { CONNECTOR_PROXY_API_KEY: "our-key-123" });
    server = await listen(proxy, 0, "127.0.0.1");
    broken = await startBrokenProxy();
    reference = await startReferenceShapedProxy();
  });
  afterAll(async () => {
    await server.close();
    await proxy.close();
    await broken.close();
    await reference.close();
  });

  it("passes against our proxy, running the examples it publishes", async () => {
    const report = await runConformance(`http://127.0.0.1:${server.port}`, { apiKey: "our-key-123" });
    expect(verdicts(report, "fail")).toEqual([]);
    expect(verdicts(report, "warn")).toEqual([]);
    expect(verdicts(report, "pass")).toEqual(
      expect.arrayContaining([
        "catalogue | catalogue items: ids connector/Command, parameters {id, type, required}",
        "api-key | GET /v1/commands without the key",
        "dispatch | unknown command answers 404 command_not_found",
        "dispatch | example/Example without message answers 400",
        "dispatch | a body that is not JSON answers 400",
        "examples | example/Example: repeats the message",
        "examples | example/ReadTaskData: reads a task data variable",
        "examples | example/ReadTaskData: a missing variable is a KeyNotInTaskData failure",
      ]),
    );
    expect(report.checks.at(-1)?.detail).toBe(
      "seen 200, 400, 401, 404; not exercised 202, 500 (declare examples that answer them)",
    );
  });

  it("fails against a proxy that breaks the contract in three named ways, each named in the table", async () => {
    const report = await runConformance(broken.url, { apiKey: API_KEY });
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((check) => check.verdict === "fail");
    expect(failed.map((check) => [check.check, check.detail])).toEqual([
      [
        "catalogue items: ids connector/Command, parameters {id, type, required}",
        'item 0 ("Lonely"): id: must be connector/Command (exactly one slash)',
      ],
      [
        "unknown command answers 404 command_not_found",
        expect.stringMatching(/^expected 404, got 200 application\/json/),
      ],
      ["broken/Echo: echoes", expect.stringMatching(/^not a v2 envelope \(spiff__logs: .*expected array/)],
    ]);

    const table = reportTable(report);
    expect(table).toMatch(
      /^FAIL {2}catalogue +catalogue items: .* item 0 \("Lonely"\): id: must be connector\/Command/m,
    );
    expect(table).toMatch(/^FAIL {2}dispatch +unknown command answers 404 command_not_found +expected 404, got 200/m);
    expect(table).toMatch(/^FAIL {2}examples +broken\/Echo: echoes +not a v2 envelope/m);
    expect(table).toContain("FAILED: ");

    const cliRun = run(process.execPath, [cli, "conformance", broken.url, "--api-key", API_KEY], { env });
    await expect(cliRun).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining("FAIL  catalogue") });
  });

  it("reports the reference-shaped proxy's known deviations as warnings, not failures", async () => {
    const { stdout } = await run(process.execPath, [cli, "conformance", reference.url, "--api-key", "k", "--json"], {
      env,
    });
    const report = JSON.parse(stdout) as ConformanceReport;
    expect(verdicts(report, "fail")).toEqual([]);
    expect(report.ok).toBe(true);
    expect(new Set(report.checks.map((check) => check.deviation).filter(Boolean))).toEqual(
      new Set([
        "no-api-key",
        "error-answer-content-type",
        "error-envelope-incomplete",
        "invalid-parameters-500",
        "unparsable-body-html",
      ]),
    );
    const typeError = report.checks.find((check) => check.deviation === "invalid-parameters-500");
    expect(typeError).toMatchObject({ check: "example/CombineStrings without arg1, arg2 answers 400", status: 500 });
    expect(typeError?.detail).toMatch(/500 TypeError: known deviation \(the Python reference answers missing/);
  });

  it("fails, naming the reason, when nothing answers at the URL", async () => {
    const report = await runConformance("http://127.0.0.1:1");
    expect(report.ok).toBe(false);
    expect(report.checks).toEqual([expect.objectContaining({ verdict: "fail", check: "reach http://127.0.0.1:1" })]);
  });
});
