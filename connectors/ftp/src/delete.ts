/**
 * `ftp/Delete`: remove one remote file.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { SERVER_ERRORS, serverParams } from "./server-params.js";
import { SESSION_ERRORS, withFtp } from "./session.js";

export const deleteFile = defineCommand({
  name: "Delete",
  description: "Deletes a file on an FTP server",
  params: z.object({ ...serverParams, path: z.string().min(1).describe("Remote file path") }),
  errors: { ...SERVER_ERRORS, ...SESSION_ERRORS },
  run: async (params, ctx) => {
    await withFtp(params, ctx, (client) => client.remove(params.path));
    ctx.log(`deleted ${params.path}`);
    return { body: { deleted: params.path } };
  },
});
