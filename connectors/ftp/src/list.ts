/**
 * `ftp/List`: the entries of a remote directory.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { FileType } from "basic-ftp";
import { SERVER_ERRORS, serverParams } from "./server-params.js";
import { SESSION_ERRORS, withFtp } from "./session.js";

const TYPES: Record<FileType, string> = {
  [FileType.Unknown]: "unknown",
  [FileType.File]: "file",
  [FileType.Directory]: "directory",
  [FileType.SymbolicLink]: "symlink",
};

export const list = defineCommand({
  name: "List",
  description: "Lists a directory on an FTP server",
  params: z.object({
    ...serverParams,
    path: z.string().default(".").describe("Remote directory (default: the login directory)"),
  }),
  errors: { ...SERVER_ERRORS, ...SESSION_ERRORS },
  run: async (params, ctx) => {
    const files = await withFtp(params, ctx, (client) => client.list(params.path));
    const entries = files.map((file) => ({
      name: file.name,
      type: TYPES[file.type],
      size: file.size,
      modified_at: file.modifiedAt?.toISOString() ?? null,
    }));
    return { body: { path: params.path, entries } };
  },
});
