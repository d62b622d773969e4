/**
 * `connector-proxy conformance <url>`: check a running connector proxy against Spiff Arena's
 * contract; prints a table (or the report as JSON with --json) and exits 1 when a check failed.
 */
import { reportTable } from "../conformance/report-table.js";
import { runConformance } from "../conformance/run-conformance.js";

export interface ConformanceOptions {
  apiKey?: string;
  json?: boolean;
}

export async function conformanceAction(url: string, options: ConformanceOptions): Promise<void> {
  try {
    new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL: give the proxy's base URL, e.g. http://localhost:8004`);
  }
  const report = await runConformance(url, options.apiKey ? { apiKey: options.apiKey } : {});
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : reportTable(report));
  if (!report.ok) process.exitCode = 1;
}
