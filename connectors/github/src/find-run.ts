/**
 * Finding the workflow run a dispatch started. GitHub's dispatch answers no run id, so the
 * runs that existed before the dispatch are noted, and the first new workflow_dispatch run
 * afterwards is ours. Polling stops before the command's deadline or on abort: never forever.
 */
import type { CommandContext } from "@connector-proxy/sdk";
import { githubRequest } from "./github-api.js";

export interface WorkflowRun {
  id: number;
  url: string;
  html_url: string;
  status: string | null;
}

interface RunsPage {
  workflow_runs?: WorkflowRun[];
}

/** The ids of the workflow's recent workflow_dispatch runs. */
export async function recentRunIds(
  ctx: CommandContext,
  runsUrl: string,
  token: string | undefined,
): Promise<Set<number>> {
  return new Set((await listRuns(ctx, runsUrl, token)).map((run) => run.id));
}

/**
 * Poll until a run not in `before` appears, or `until` (epoch ms) passes: then null.
 *
 * @example
 * const run = await waitForNewRun(ctx, runsUrl, token, before, { until: Date.now() + 30_000, intervalMs: 2000 });
 */
export async function waitForNewRun(
  ctx: CommandContext,
  runsUrl: string,
  token: string | undefined,
  before: Set<number>,
  bounds: { until: number; intervalMs: number },
): Promise<WorkflowRun | null> {
  while (!ctx.signal.aborted) {
    const fresh = (await listRuns(ctx, runsUrl, token)).filter((run) => !before.has(run.id));
    // GitHub lists newest first: the oldest new run is the one closest after our dispatch.
    const run = fresh.at(-1);
    if (run) return run;
    const wait = Math.min(bounds.intervalMs, bounds.until - Date.now());
    if (wait <= 0) return null;
    await sleep(wait, ctx.signal);
  }
  return null;
}

async function listRuns(ctx: CommandContext, runsUrl: string, token: string | undefined): Promise<WorkflowRun[]> {
  const { body } = await githubRequest(ctx, { url: `${runsUrl}?event=workflow_dispatch&per_page=30`, token });
  return (body as RunsPage | null)?.workflow_runs ?? [];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
