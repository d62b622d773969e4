/**
 * `github/CreateIssue`: open an issue in a repository; answers its number and URLs.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { GITHUB_ERRORS, githubAccess, githubRequest } from "./github-api.js";
import { repoPath, repoSchema } from "./repo.js";

const nameList = z
  .union([z.array(z.string()), z.string()])
  .transform((value) =>
    (typeof value === "string" ? value.split(",") : value).map((name) => name.trim()).filter(Boolean),
  );

interface CreatedIssue {
  id?: number;
  number?: number;
  url?: string;
  html_url?: string;
}

export const createIssue = defineCommand({
  name: "CreateIssue",
  description: "Opens an issue in a GitHub repository",
  annotations: { readOnly: false, destructive: false },
  params: z.object({
    repo: repoSchema,
    title: z.string().min(1).describe("Issue title"),
    body: z.string().optional().describe("Issue text (Markdown)"),
    labels: nameList.optional().describe("Labels: a list or a comma-separated string"),
    assignees: nameList.optional().describe("User logins: a list or a comma-separated string"),
    token: z.string().min(1).optional().describe("Token with issues:write; the connector's token setting when absent"),
  }),
  errors: GITHUB_ERRORS,
  async run(params, ctx) {
    const { base, token } = githubAccess(ctx, params.token);
    const json: Record<string, unknown> = { title: params.title };
    if (params.body !== undefined) json.body = params.body;
    if (params.labels?.length) json.labels = params.labels;
    if (params.assignees?.length) json.assignees = params.assignees;
    const { body } = await githubRequest(ctx, {
      method: "POST",
      url: `${base}${repoPath(params.repo)}/issues`,
      token,
      json,
    });
    const issue = (body ?? {}) as CreatedIssue;
    ctx.log(`created issue #${issue.number} in ${params.repo}`);
    return {
      body: {
        id: issue.id ?? null,
        number: issue.number ?? null,
        url: issue.url ?? null,
        html_url: issue.html_url ?? null,
      },
    };
  },
});
