/**
 * `github/StartActionWorkflow`: dispatch a GitHub Actions workflow (the reference's
 * parameters), then find the run it started and answer its URL. The search is bounded by
 * `wait_for_run_seconds` and the command's deadline, so the command always finishes.
 */
import { randomUUID } from "node:crypto";
import { defineCommand, z } from "@connector-proxy/sdk";
import { recentRunIds, waitForNewRun } from "./find-run.js";
import { GITHUB_ERRORS, githubAccess, githubRequest } from "./github-api.js";

/** Time kept back from the deadline to answer after the last look for the run. */
const ANSWER_MARGIN_MS = 1_000;

interface DispatchDetails {
  workflow_run_id?: number;
  run_url?: string;
  html_url?: string;
}

export const startActionWorkflow = defineCommand({
  name: "StartActionWorkflow",
  description: "Starts a GitHub Actions workflow (workflow_dispatch) and answers the run's URL",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    github_repo_api_url: z.url().describe("The repository's API URL, e.g. https://api.github.com/repos/OWNER/REPO"),
    workflow_id: z.coerce.string().min(1).describe("Workflow file name (ci.yml) or numeric id"),
    token: z.string().min(1).optional().describe("Token with actions:write; the connector's token setting when absent"),
    additional_workflow_inputs: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("The workflow's inputs (object of name: value)"),
    github_ref: z.string().min(1).default("main").describe("Branch or tag to run on (default main)"),
    wait_for_run_seconds: z.coerce
      .number()
      .min(0)
      .max(600)
      .default(30)
      .describe("How long to look for the started run (bounded by the command's timeout); 0: do not look"),
  }),
  advertise: ["github_repo_api_url", "workflow_id", "token", "additional_workflow_inputs", "github_ref"],
  requiredInCatalogue: ["token"],
  errors: GITHUB_ERRORS,
  async run(params, ctx) {
    const { settings, token } = githubAccess(ctx, params.token);
    const workflowUrl = `${params.github_repo_api_url.replace(/\/+$/, "")}/actions/workflows/${encodeURIComponent(params.workflow_id)}`;
    const runsUrl = `${workflowUrl}/runs`;
    const looking = params.wait_for_run_seconds > 0;
    const before = looking ? await recentRunIds(ctx, runsUrl, token) : new Set<number>();

    // As the reference: every dispatch carries a fresh workflow_cross_reference_id input, which
    // workflows written for it declare (GitHub refuses a dispatch without a required input).
    const inputs = { ...params.additional_workflow_inputs, workflow_cross_reference_id: randomUUID() };
    const dispatch = await githubRequest(ctx, {
      method: "POST",
      url: `${workflowUrl}/dispatches`,
      token,
      json: { ref: params.github_ref, inputs },
    });
    ctx.log(`dispatched workflow ${params.workflow_id} on ${params.github_ref}`);
    const details = (dispatch.body ?? {}) as DispatchDetails;
    if (typeof details.workflow_run_id === "number") {
      // Newer GitHub versions answer the run directly.
      return {
        body: answer(params, { id: details.workflow_run_id, url: details.run_url, html_url: details.html_url }),
      };
    }
    if (!looking) return { body: answer(params, null) };

    const until = Math.min(Date.now() + params.wait_for_run_seconds * 1000, ctx.deadline - ANSWER_MARGIN_MS);
    const run = await waitForNewRun(ctx, runsUrl, token, before, { until, intervalMs: settings.run_poll_interval_ms });
    ctx.log(run ? `run ${run.id} started: ${run.html_url}` : "the run did not appear in time: no run URL to answer");
    return { body: answer(params, run && { id: run.id, url: run.url, html_url: run.html_url, status: run.status }) };
  },
});

function answer(
  params: { workflow_id: string; github_ref: string },
  run: { id: number; url?: string | undefined; html_url?: string | undefined; status?: string | null } | null,
) {
  return {
    dispatched: true,
    workflow_id: params.workflow_id,
    ref: params.github_ref,
    run_id: run?.id ?? null,
    run_url: run?.url ?? null,
    run_html_url: run?.html_url ?? null,
    run_status: run?.status ?? null,
  };
}
