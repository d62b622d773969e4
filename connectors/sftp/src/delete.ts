/**
 * `sftp/Delete`: remove one remote file.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { SERVER_ERRORS, serverParams } from "./server-params.js";
import { SESSION_ERRORS, withSftp } from "./session.js";

export const deleteFile = defineCommand({
  name: "Delete",
  description: "Deletes a file on an SFTP server",
  params: z.object({ ...serverParams, path: z.string().min(1).describe("Remote file path") }),
  errors: { ...SERVER_ERRORS, ...SESSION_ERRORS },
  run: async (params, ctx) => {
    await withSftp(params, ctx, (client) => client.delete(params.path));
    ctx.log(`deleted ${params.path}`);
    return { body: { deleted: params.path } };
  },
});
