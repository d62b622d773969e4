/**
 * `sftp/List`: the entries of a remote directory.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { SERVER_ERRORS, serverParams } from "./server-params.js";
import { SESSION_ERRORS, withSftp } from "./session.js";

const TYPES: Record<string, string> = { "-": "file", d: "directory", l: "symlink" };

export const list = defineCommand({
  name: "List",
  description: "Lists a directory on an SFTP server",
  params: z.object({
    ...serverParams,
    path: z.string().default(".").describe("Remote directory (default: the login directory)"),
  }),
  errors: { ...SERVER_ERRORS, ...SESSION_ERRORS },
  run: async (params, ctx) => {
    const files = await withSftp(params, ctx, (client) => client.list(params.path));
    const entries = files.map((file) => ({
      name: file.name,
      type: TYPES[file.type] ?? "unknown",
      size: file.size,
      modified_at: new Date(file.modifyTime).toISOString(),
    }));
    return { body: { path: params.path, entries } };
  },
});
