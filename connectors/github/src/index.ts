/**
 * The github connector: start Actions workflows, open issues and read files over the
 * GitHub REST API (github.com or GitHub Enterprise Server) with the proxy's fetch.
 */
import { defineConnector } from "@connector-proxy/sdk";
import { createIssue } from "./create-issue.js";
import { getFileContents } from "./get-file-contents.js";
import { githubSettingsSchema } from "./settings.js";
import { startActionWorkflow } from "./start-action-workflow.js";

export default defineConnector({
  name: "github",
  description: "GitHub Actions workflows, issues and files",
  config: githubSettingsSchema,
  commands: [startActionWorkflow, createIssue, getFileContents],
});
