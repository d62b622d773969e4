/**
 * `aws/GetObject`: read an S3 object into the answer as a data URL (the same form
 * UploadFileData takes), bounded by the max_object_bytes setting.
 */
import { CommandError, defineCommand, z } from "@connector-proxy/sdk";
import { callAws, S3_ERRORS } from "./aws-failure.js";
import { awsSettings, s3Client } from "./clients.js";

export const getObject = defineCommand({
  name: "GetObject",
  description: "Reads an S3 object; answers its bytes as a data URL plus its metadata",
  annotations: { readOnly: true },
  params: z.object({
    bucket: z.string().min(1).describe("Bucket name"),
    object_name: z.string().min(1).describe("Object key"),
  }),
  errors: {
    ...S3_ERRORS,
    NoSuchKey: "The bucket has no object with this key",
    ObjectTooLarge: "The object is bigger than the connector's max_object_bytes setting",
  },
  async run(params, ctx) {
    const { max_object_bytes: limit } = awsSettings(ctx.config);
    const s3 = await s3Client(ctx.config);
    const { GetObjectCommand } = await import("@aws-sdk/client-s3");
    const where = `s3://${params.bucket}/${params.object_name}`;
    const object = await callAws(ctx, where, () =>
      s3.send(new GetObjectCommand({ Bucket: params.bucket, Key: params.object_name }), { abortSignal: ctx.signal }),
    );
    if ((object.ContentLength ?? 0) > limit) {
      await object.Body?.transformToWebStream().cancel();
      throw new CommandError(
        "ObjectTooLarge",
        `${where} has ${object.ContentLength} bytes, more than max_object_bytes (${limit}): raise the setting`,
      );
    }
    const bytes = await callAws(
      ctx,
      where,
      async () => (await object.Body?.transformToByteArray()) ?? new Uint8Array(),
    );
    const contentType = object.ContentType ?? "application/octet-stream";
    const name = encodeURIComponent(params.object_name.split("/").at(-1) ?? params.object_name);
    ctx.log(`read ${bytes.length} bytes from ${where}`);
    return {
      body: {
        bucket: params.bucket,
        key: params.object_name,
        etag: object.ETag ?? null,
        size: bytes.length,
        content_type: contentType,
        last_modified: object.LastModified?.toISOString() ?? null,
        file_data: `data:${contentType};name=${name};base64,${Buffer.from(bytes).toString("base64")}`,
      },
    };
  },
});
