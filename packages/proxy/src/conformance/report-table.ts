/**
 * The conformance report as a plain-text table for a terminal: one row per check, failures
 * marked so they stand out, then a one-line summary.
 */
import type { ConformanceReport } from "./run-conformance.js";

const MARK = { pass: "ok  ", warn: "WARN", fail: "FAIL", skip: "skip" } as const;

export function reportTable(report: ConformanceReport): string {
  const rows = report.checks.map((check) => [MARK[check.verdict], check.area, check.check, check.detail]);
  const widths = [4, ...[1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)))];
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (index < 3 ? cell.padEnd(widths[index] ?? 0) : cell))
      .join("  ")
      .trimEnd();
  const { pass, warn, fail, skip } = report.counts;
  return [
    `Conformance of ${report.url} to Spiff Arena's connector proxy contract`,
    "",
    line(["", "AREA", "CHECK", "DETAIL"]),
    ...rows.map(line),
    "",
    `${fail === 0 ? "PASSED" : "FAILED"}: ${pass} passed, ${fail} failed, ${warn} warnings (known deviations), ${skip} skipped`,
    "",
  ].join("\n");
}
