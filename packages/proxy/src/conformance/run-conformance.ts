/**
 * `connector-proxy conformance`: check any running connector proxy (ours or not) against Spiff
 * Arena's contract (spec/spiff-protocol, embedded in contract-shapes.ts): liveness, catalogue,
 * API key, dispatch faults, the declared examples, and which of the status codes Arena relies on
 * were seen. Known deviations of the Python reference are warnings, not failures.
 */
import { type CheckResult, result, type Verdict } from "./check-result.js";
import { apiKeyChecks } from "./checks/api-key-checks.js";
import { catalogueChecks } from "./checks/catalogue-checks.js";
import { dispatchChecks } from "./checks/dispatch-checks.js";
import { exampleChecks } from "./checks/example-checks.js";
import { livenessChecks } from "./checks/liveness-checks.js";
import { Probe } from "./probe.js";

export interface ConformanceReport {
  url: string;
  /** True when no check failed. */
  ok: boolean;
  counts: Record<Verdict, number>;
  checks: CheckResult[];
}

/** The status codes Arena relies on (CONTRACT.md, "Status codes the proxy uses"). */
const ARENA_STATUSES = [200, 202, 400, 401, 404, 500];

export async function runConformance(url: string, options: { apiKey?: string } = {}): Promise<ConformanceReport> {
  const probe = new Probe(url.endsWith("/") ? url : `${url}/`, options.apiKey ?? null);
  const checks: CheckResult[] = [];
  const reachable = await probe.request("/v1/liveness", { apiKey: null, timeoutMs: 15_000 });
  if (reachable.status === 0) {
    checks.push(result("liveness", `reach ${url}`, "fail", `no answer: ${reachable.failure}`));
    return report(url, checks);
  }
  checks.push(...(await livenessChecks(probe)));
  const catalogue = await catalogueChecks(probe);
  checks.push(...catalogue.checks);
  checks.push(...(await apiKeyChecks(probe)));
  checks.push(...(await dispatchChecks(probe, catalogue.entries)));
  checks.push(...(await exampleChecks(probe, catalogue.entries)));
  checks.push(statusCoverage(checks));
  return report(url, checks);
}

/** Which of Arena's status codes the passing checks saw: the others could not be exercised from outside. */
function statusCoverage(checks: readonly CheckResult[]): CheckResult {
  const seen = new Set(checks.filter((check) => check.verdict !== "fail").map((check) => check.status));
  const missing = ARENA_STATUSES.filter((status) => !seen.has(status));
  const exercised = ARENA_STATUSES.filter((status) => seen.has(status));
  return result(
    "status-codes",
    `Arena's status codes (${ARENA_STATUSES.join("/")})`,
    missing.length === 0 ? "pass" : "skip",
    `seen ${exercised.join(", ") || "none"}${missing.length ? `; not exercised ${missing.join(", ")} (declare examples that answer them)` : ""}`,
  );
}

function report(url: string, checks: CheckResult[]): ConformanceReport {
  const counts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) counts[check.verdict] += 1;
  return { url, ok: counts.fail === 0, counts, checks };
}
