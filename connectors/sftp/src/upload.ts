/**
 * `sftp/Upload`: write a file given as text, base64 or a data URL.
 */
import { contentEncodingSchema, decodeContent, defineCommand, z } from "@connector-proxy/sdk";
import { SERVER_ERRORS, serverParams } from "./server-params.js";
import { SESSION_ERRORS, withSftp } from "./session.js";

export const upload = defineCommand({
  name: "Upload",
  description: "Uploads a file (text, base64 or data URL) to an SFTP server",
  params: z.object({
    ...serverParams,
    path: z.string().min(1).describe("Remote file path"),
    content: z.string().describe("The file's content"),
    content_encoding: contentEncodingSchema,
  }),
  errors: { ...SERVER_ERRORS, ...SESSION_ERRORS, InvalidContent: "content does not match content_encoding" },
  run: async (params, ctx) => {
    const bytes = decodeContent(params.content, params.content_encoding);
    await withSftp(params, ctx, (client) => client.put(Buffer.from(bytes), params.path));
    ctx.log(`uploaded ${bytes.byteLength} bytes to ${params.path}`);
    return { body: { path: params.path, size: bytes.byteLength } };
  },
});
