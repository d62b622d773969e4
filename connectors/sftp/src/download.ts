/**
 * `sftp/Download`: read a file and answer it as base64, refusing files over the size limit.
 */
import { CommandError, defineCommand, z } from "@connector-proxy/sdk";
import { SERVER_ERRORS, serverParams } from "./server-params.js";
import { SESSION_ERRORS, withSftp } from "./session.js";

export const download = defineCommand({
  name: "Download",
  description: "Downloads a file from an SFTP server and answers it as base64",
  params: z.object({
    ...serverParams,
    path: z.string().min(1).describe("Remote file path"),
    max_bytes: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Refuse larger files (capped by the deployment's limit)"),
  }),
  errors: { ...SERVER_ERRORS, ...SESSION_ERRORS, FileTooLarge: "The file is larger than the size limit" },
  run: async (params, ctx) => {
    const bytes = await withSftp(params, ctx, async (client, settings) => {
      const limit = Math.min(params.max_bytes ?? settings.max_download_bytes, settings.max_download_bytes);
      const tooLarge = (size: number) =>
        new CommandError("FileTooLarge", `${params.path} is ${size} bytes, over the ${limit}-byte download limit`, {
          httpStatus: 413,
        });
      const { size } = await client.stat(params.path);
      if (size > limit) throw tooLarge(size);
      const content = await client.get(params.path);
      if (!Buffer.isBuffer(content)) throw new Error("the SFTP client answered no buffer");
      if (content.length > limit) throw tooLarge(content.length);
      return content;
    });
    ctx.log(`downloaded ${bytes.length} bytes from ${params.path}`);
    return { body: { path: params.path, size: bytes.length, content_base64: bytes.toString("base64") } };
  },
});
