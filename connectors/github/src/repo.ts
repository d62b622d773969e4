/**
 * The `repo` parameter shared by the github commands: `owner/name`.
 */
import { z } from "@connector-proxy/sdk";

export const repoSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: 'expected "owner/name"' })
  .describe("Repository as owner/name");

/** `/repos/owner/name`, each part URL-encoded. */
export function repoPath(repo: string): string {
  return `/repos/${repo.split("/").map(encodeURIComponent).join("/")}`;
}
