/**
 * `github/GetFileContents`: one file of a repository at a ref; answers its text (when it
 * is UTF-8), its bytes as base64, and its sha and URLs.
 */
import { CommandError, decodeContent, defineCommand, z } from "@connector-proxy/sdk";
import { GITHUB_ERRORS, githubAccess, githubRequest } from "./github-api.js";
import { repoPath, repoSchema } from "./repo.js";

interface ContentsAnswer {
  type?: string;
  path?: string;
  sha?: string;
  size?: number;
  encoding?: string;
  content?: string;
  html_url?: string;
}

export const getFileContents = defineCommand({
  name: "GetFileContents",
  description: "Reads one file of a GitHub repository",
  annotations: { readOnly: true },
  params: z.object({
    repo: repoSchema,
    path: z.string().min(1).describe("File path in the repository, e.g. docs/README.md"),
    ref: z.string().min(1).optional().describe("Branch, tag or commit (default: the repository's default branch)"),
    token: z
      .string()
      .min(1)
      .optional()
      .describe("Token (public repositories need none); the token setting when absent"),
  }),
  errors: {
    ...GITHUB_ERRORS,
    GitHubNotAFile: "The path is a directory, a symlink or a submodule, not a file",
    GitHubFileTooLarge: "The file is over 1 MB, more than the contents API returns inline",
  },
  async run(params, ctx) {
    const { base, token } = githubAccess(ctx, params.token);
    const path = params.path.replace(/^\/+/, "").split("/").map(encodeURIComponent).join("/");
    const query = params.ref ? `?ref=${encodeURIComponent(params.ref)}` : "";
    const { body } = await githubRequest(ctx, {
      url: `${base}${repoPath(params.repo)}/contents/${path}${query}`,
      token,
    });
    const file = (Array.isArray(body) ? { type: "dir" } : (body ?? {})) as ContentsAnswer;
    if (file.type !== "file") {
      throw new CommandError(
        "GitHubNotAFile",
        `${params.repo}:${params.path} is a ${file.type ?? "thing"}, not a file`,
      );
    }
    if (file.encoding !== "base64" || typeof file.content !== "string") {
      throw new CommandError(
        "GitHubFileTooLarge",
        `${params.repo}:${params.path} has ${file.size} bytes, more than the contents API returns inline (1 MB)`,
      );
    }
    const bytes = decodeContent(file.content, "base64");
    let text: string | null = null;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      // binary file: no text
    }
    ctx.log(`read ${bytes.length} bytes of ${params.repo}:${params.path}`);
    return {
      body: {
        path: file.path ?? params.path,
        sha: file.sha ?? null,
        size: bytes.length,
        content: text,
        content_base64: file.content.replace(/\s+/g, ""),
        html_url: file.html_url ?? null,
      },
    };
  },
});
