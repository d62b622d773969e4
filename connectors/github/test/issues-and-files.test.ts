import { callCommand } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIssue } from "../src/create-issue.js";
import { getFileContents } from "../src/get-file-contents.js";
import { type FakeGithub, startFakeGithub } from "./fake-github.js";

let github: FakeGithub;
let config: Record<string, unknown>;

beforeAll(async () => {
  github = await startFakeGithub();
  // As GitHub Enterprise Server: the API lives under /api/v3.
  config = { base_url: `${github.url}/api/v3`, token: "ghp_config" };
});
afterAll(() => github.close());

describe("github/CreateIssue against a local GitHub API", () => {
  it("posts the exact issue and answers its number and URLs", async () => {
    github.route((request) =>
      request.method === "POST" && request.path === "/api/v3/repos/acme/app/issues"
        ? {
            status: 201,
            json: {
              id: 9,
              number: 12,
              url: `${github.url}/api/v3/repos/acme/app/issues/12`,
              html_url: "https://ghe/acme/app/issues/12",
            },
          }
        : undefined,
    );
    const { envelope } = await callCommand(
      createIssue,
      { repo: "acme/app", title: "Deploy failed", body: "See run 101", labels: "bug, ops", assignees: ["octocat"] },
      { config },
    );
    expect(envelope.error).toBeNull();
    expect(github.requests).toHaveLength(1);
    expect(github.requests[0]?.json).toEqual({
      title: "Deploy failed",
      body: "See run 101",
      labels: ["bug", "ops"],
      assignees: ["octocat"],
    });
    expect(github.requests[0]?.headers.authorization).toBe("Bearer ghp_config");
    expect(envelope.command_response).toMatchObject({
      body: { id: 9, number: 12, html_url: "https://ghe/acme/app/issues/12" },
    });
  });

  it("answers GitHubUnauthorized for a refused token and GitHubRateLimited (429) when the limit is out", async () => {
    github.route(() => ({ status: 401, json: { message: "Bad credentials" } }));
    const refused = await callCommand(createIssue, { repo: "acme/app", title: "x", token: "bad" }, { config });
    expect(refused.envelope.error).toEqual({
      error_code: "GitHubUnauthorized",
      message: "GitHub answered 401 to POST /api/v3/repos/acme/app/issues: Bad credentials: check the token",
    });
    expect(github.requests[0]?.headers.authorization).toBe("Bearer bad");

    github.route(() => ({
      status: 403,
      json: { message: "API rate limit exceeded" },
      headers: { "x-ratelimit-remaining": "0" },
    }));
    const limited = await callCommand(createIssue, { repo: "acme/app", title: "x" }, { config });
    expect(limited.envelope.error?.error_code).toBe("GitHubRateLimited");
    expect(limited.envelope.command_response).toMatchObject({ http_status: 429 });
  });

  it("rejects a repo that is not owner/name before calling GitHub", async () => {
    github.route();
    const { status, envelope } = await callCommand(createIssue, { repo: "acme", title: "x" }, { config });
    expect(status).toBe(400);
    expect(envelope.error?.error_code).toBe("InvalidParameters");
    expect(github.requests).toEqual([]);
  });
});

describe("github/GetFileContents against a local GitHub API", () => {
  it("reads a file at a ref and answers its text and base64", async () => {
    const text = "# Ünïcode README\n";
    github.route((request) =>
      request.method === "GET" && request.path === "/api/v3/repos/acme/app/contents/docs/READ%20ME.md?ref=v1.2"
        ? {
            status: 200,
            json: {
              type: "file",
              path: "docs/READ ME.md",
              sha: "abc123",
              size: Buffer.byteLength(text),
              encoding: "base64",
              // GitHub wraps base64 at 60 columns.
              content: `${Buffer.from(text)
                .toString("base64")
                .replace(/(.{8})/g, "$1\n")}\n`,
              html_url: "https://ghe/acme/app/blob/v1.2/docs/READ%20ME.md",
            },
          }
        : undefined,
    );
    const { envelope } = await callCommand(
      getFileContents,
      { repo: "acme/app", path: "docs/READ ME.md", ref: "v1.2", token: "ghp_param" },
      { config },
    );
    expect(envelope.error).toBeNull();
    expect(github.requests[0]?.headers.authorization).toBe("Bearer ghp_param");
    expect(envelope.command_response).toMatchObject({
      body: {
        path: "docs/READ ME.md",
        sha: "abc123",
        size: Buffer.byteLength(text),
        content: text,
        content_base64: Buffer.from(text).toString("base64"),
      },
    });
  });

  it("answers content null for a binary file, GitHubNotAFile for a directory, GitHubNotFound for a missing path", async () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
    github.route((request) => {
      if (request.path.startsWith("/api/v3/repos/acme/app/contents/logo.png")) {
        return {
          status: 200,
          json: {
            type: "file",
            path: "logo.png",
            sha: "s",
            size: 4,
            encoding: "base64",
            content: binary.toString("base64"),
          },
        };
      }
      if (request.path.startsWith("/api/v3/repos/acme/app/contents/docs")) {
        return { status: 200, json: [{ type: "file", path: "docs/a.md" }] };
      }
      return undefined;
    });
    const image = await callCommand(getFileContents, { repo: "acme/app", path: "logo.png" }, { config });
    expect(image.envelope.command_response).toMatchObject({
      body: { content: null, content_base64: binary.toString("base64"), size: 4 },
    });
    const folder = await callCommand(getFileContents, { repo: "acme/app", path: "docs" }, { config });
    expect(folder.envelope.error?.error_code).toBe("GitHubNotAFile");
    const missing = await callCommand(getFileContents, { repo: "acme/app", path: "nope.txt" }, { config });
    expect(missing.envelope.error?.error_code).toBe("GitHubNotFound");
    expect(missing.envelope.command_response).toMatchObject({ http_status: 404 });
  });
});

describe("github/CreateIssue and github/GetFileContents in the catalogue", () => {
  it("list their parameters as documented", () => {
    const shown = (command: typeof createIssue) =>
      command.parameters.map(({ id, type, required }) => [id, type, required]);
    expect(shown(createIssue)).toEqual([
      ["repo", "str", true],
      ["title", "str", true],
      ["body", "str", false],
      ["labels", "any", false],
      ["assignees", "any", false],
      ["token", "str", false],
    ]);
    expect(shown(getFileContents)).toEqual([
      ["repo", "str", true],
      ["path", "str", true],
      ["ref", "str", false],
      ["token", "str", false],
    ]);
  });
});
