import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startActionWorkflow } from "../src/start-action-workflow.js";
import { type FakeGithub, startFakeGithub } from "./fake-github.js";

let github: FakeGithub;
const WORKFLOW = "/repos/acme/app/actions/workflows/deploy.yml";

beforeAll(async () => {
  github = await startFakeGithub();
});
afterAll(() => github.close());

function run(id: number) {
  return {
    id,
    url: `${github.url}/repos/acme/app/actions/runs/${id}`,
    html_url: `https://github.example/acme/app/actions/runs/${id}`,
    status: "queued",
  };
}

/** A workflow whose dispatch makes run 101 appear after `lookups` more listings. */
function workflowThatStartsRun(lookups: number) {
  let dispatched = false;
  let listings = 0;
  github.route((request) => {
    if (request.method === "POST" && request.path === `${WORKFLOW}/dispatches`) {
      dispatched = true;
      return { status: 204 };
    }
    if (request.method === "GET" && request.path === `${WORKFLOW}/runs?event=workflow_dispatch&per_page=30`) {
      const appeared = dispatched && listings++ >= lookups;
      return { status: 200, json: { total_count: 1, workflow_runs: appeared ? [run(101), run(100)] : [run(100)] } };
    }
    return undefined;
  });
}

const config = () => ({ run_poll_interval_ms: 20 });

describe("github/StartActionWorkflow against a local GitHub API", () => {
  it("dispatches with the exact request, then finds the new run and answers its URL", async () => {
    workflowThatStartsRun(2);
    const { envelope } = await callCommand(
      startActionWorkflow,
      {
        github_repo_api_url: `${github.url}/repos/acme/app`,
        workflow_id: "deploy.yml",
        token: "ghp_diagram",
        additional_workflow_inputs: { environment: "staging" },
        github_ref: "release",
      },
      { config: config() },
    );
    expect(envelope.error).toBeNull();
    const dispatch = github.requests.find((r) => r.method === "POST");
    expect(dispatch).toMatchObject({
      path: `${WORKFLOW}/dispatches`,
      json: { ref: "release", inputs: { environment: "staging", workflow_cross_reference_id: expect.any(String) } },
    });
    expect(dispatch?.headers).toMatchObject({
      authorization: "Bearer ghp_diagram",
      accept: "application/vnd.github+json",
      "content-type": "application/json",
      "x-github-api-version": "2022-11-28",
    });
    expect(envelope.command_response).toMatchObject({
      body: {
        dispatched: true,
        workflow_id: "deploy.yml",
        ref: "release",
        run_id: 101,
        run_url: `${github.url}/repos/acme/app/actions/runs/101`,
        run_html_url: "https://github.example/acme/app/actions/runs/101",
        run_status: "queued",
      },
    });
  });

  it("uses the token setting and ref main by default", async () => {
    workflowThatStartsRun(0);
    const { envelope } = await callCommand(
      startActionWorkflow,
      { github_repo_api_url: `${github.url}/repos/acme/app/`, workflow_id: "deploy.yml" },
      { config: { ...config(), token: "ghp_config" } },
    );
    expect(envelope.error).toBeNull();
    const dispatch = github.requests.find((r) => r.method === "POST");
    expect(dispatch?.headers.authorization).toBe("Bearer ghp_config");
    // the reference's input, a fresh UUID per dispatch
    expect(dispatch?.json).toEqual({
      ref: "main",
      inputs: { workflow_cross_reference_id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
  });

  it("stops looking before the command's deadline when the run never appears", async () => {
    workflowThatStartsRun(Number.POSITIVE_INFINITY);
    const started = Date.now();
    const { envelope } = await callCommand(
      startActionWorkflow,
      { github_repo_api_url: `${github.url}/repos/acme/app`, workflow_id: "deploy.yml", token: "t" },
      { config: config(), timeoutMs: 2_500 },
    );
    const elapsed = Date.now() - started;
    expect(envelope.error).toBeNull();
    expect(envelope.command_response).toMatchObject({ body: { dispatched: true, run_id: null, run_url: null } });
    expect(elapsed).toBeLessThan(2_500);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(envelope.spiff__logs).toContain("the run did not appear in time: no run URL to answer");
  });

  it("takes the run from the dispatch answer when GitHub returns run details", async () => {
    github.route((request) =>
      request.method === "POST"
        ? {
            status: 200,
            json: { workflow_run_id: 7, run_url: "https://api.example/runs/7", html_url: "https://example/runs/7" },
          }
        : { status: 200, json: { workflow_runs: [] } },
    );
    const { envelope } = await callCommand(
      startActionWorkflow,
      { github_repo_api_url: `${github.url}/repos/acme/app`, workflow_id: "42", token: "t" },
      { config: config() },
    );
    expect(envelope.command_response).toMatchObject({
      body: { run_id: 7, run_url: "https://api.example/runs/7", run_html_url: "https://example/runs/7" },
    });
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/app/actions/workflows/42/runs?event=workflow_dispatch&per_page=30",
      "POST /repos/acme/app/actions/workflows/42/dispatches",
    ]);
  });

  it("answers GitHubNotFound for an unknown workflow, without dispatching", async () => {
    github.route();
    const { status, envelope } = await callCommand(
      startActionWorkflow,
      { github_repo_api_url: `${github.url}/repos/acme/app`, workflow_id: "nope.yml", token: "t" },
      { config: config() },
    );
    expect(status).toBe(200);
    expect(envelope.error?.error_code).toBe("GitHubNotFound");
    expect(envelope.command_response).toMatchObject({ http_status: 404, body: { message: "Not Found" } });
    expect(github.requests.some((r) => r.method === "POST")).toBe(false);
  });

  it("answers GitHubValidationFailed for a ref GitHub refuses", async () => {
    github.route((request) =>
      request.method === "POST"
        ? { status: 422, json: { message: "No ref found for: nope" } }
        : { status: 200, json: { workflow_runs: [] } },
    );
    const { envelope } = await callCommand(
      startActionWorkflow,
      {
        github_repo_api_url: `${github.url}/repos/acme/app`,
        workflow_id: "deploy.yml",
        token: "t",
        github_ref: "nope",
      },
      { config: config() },
    );
    expect(envelope.error).toMatchObject({ error_code: "GitHubValidationFailed" });
    expect(envelope.error?.message).toContain("No ref found for: nope");
    expect(envelope.command_response).toMatchObject({ http_status: 422 });
  });

  it("advertises exactly the reference parameters (CONTRACT.md) and accepts wait_for_run_seconds", () => {
    expect(startActionWorkflow.parameters.map(({ id, type, required }) => ({ id, type, required }))).toEqual([
      { id: "github_repo_api_url", type: "str", required: true },
      { id: "workflow_id", type: "str", required: true },
      { id: "token", type: "str", required: true },
      { id: "additional_workflow_inputs", type: "any", required: false },
      { id: "github_ref", type: "str", required: false },
    ]);
    expect(Object.keys(startActionWorkflow.inputSchema.properties as object)).toContain("wait_for_run_seconds");
  });
});
