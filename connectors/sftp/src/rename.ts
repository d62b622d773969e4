/**
 * `sftp/Rename`: rename or move one remote file or directory.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { SERVER_ERRORS, serverParams } from "./server-params.js";
import { SESSION_ERRORS, withSftp } from "./session.js";

export const rename = defineCommand({
  name: "Rename",
  description: "Renames or moves a file or directory on an SFTP server",
  params: z.object({
    ...serverParams,
    from: z.string().min(1).describe("Current remote path"),
    to: z.string().min(1).describe("New remote path"),
  }),
  errors: { ...SERVER_ERRORS, ...SESSION_ERRORS },
  run: async (params, ctx) => {
    await withSftp(params, ctx, (client) => client.rename(params.from, params.to));
    ctx.log(`renamed ${params.from} to ${params.to}`);
    return { body: { from: params.from, to: params.to } };
  },
});
