/**
 * `aws/UploadFileData`: put a data URL's bytes into S3 (the reference's parameters).
 * Answers the object's bucket, key, ETag, size and content type.
 */
import { defineCommand, parseDataUrl, z } from "@connector-proxy/sdk";
import { callAws, S3_ERRORS } from "./aws-failure.js";
import { s3Client } from "./clients.js";

export const uploadFileData = defineCommand({
  name: "UploadFileData",
  description: "Uploads a file (data URL) to an S3 bucket",
  annotations: { destructive: true, idempotent: true },
  params: z.object({
    file_data: z.string().min(1).describe("The file as a data URL: data:<mime>;name=<file name>;base64,<data>"),
    bucket: z.string().min(1).describe("Bucket name"),
    object_name: z.string().min(1).describe("Object key"),
  }),
  errors: { ...S3_ERRORS, InvalidContent: "file_data is not a valid data URL" },
  async run(params, ctx) {
    const file = parseDataUrl(params.file_data);
    const s3 = await s3Client(ctx.config);
    const { PutObjectCommand } = await import("@aws-sdk/client-s3");
    const where = `s3://${params.bucket}/${params.object_name}`;
    ctx.log(`uploading ${file.bytes.length} bytes to ${where}`);
    const answer = await callAws(ctx, where, () =>
      s3.send(
        new PutObjectCommand({
          Bucket: params.bucket,
          Key: params.object_name,
          Body: file.bytes,
          ContentType: file.mimeType,
          ContentLength: file.bytes.length,
        }),
        { abortSignal: ctx.signal },
      ),
    );
    return {
      body: {
        result: "success", // the reference's whole answer; the other keys are added
        bucket: params.bucket,
        key: params.object_name,
        etag: answer.ETag ?? null,
        size: file.bytes.length,
        content_type: file.mimeType,
      },
    };
  },
});
