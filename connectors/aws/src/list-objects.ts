/**
 * `aws/ListObjects`: one page of a bucket's keys (ListObjectsV2), with the token for the next.
 */
import { defineCommand, z } from "@connector-proxy/sdk";
import { callAws, S3_ERRORS } from "./aws-failure.js";
import { s3Client } from "./clients.js";

export const listObjects = defineCommand({
  name: "ListObjects",
  description: "Lists the objects of an S3 bucket, one page at a time",
  annotations: { readOnly: true },
  params: z.object({
    bucket: z.string().min(1).describe("Bucket name"),
    prefix: z.string().optional().describe("Only keys starting with this"),
    max_keys: z.coerce.number().int().min(1).max(1000).optional().describe("Page size (at most 1000, the default)"),
    continuation_token: z.string().min(1).optional().describe("next_continuation_token of the previous page"),
  }),
  errors: S3_ERRORS,
  async run(params, ctx) {
    const s3 = await s3Client(ctx.config);
    const { ListObjectsV2Command } = await import("@aws-sdk/client-s3");
    const page = await callAws(ctx, `s3://${params.bucket}`, () =>
      s3.send(
        new ListObjectsV2Command({
          Bucket: params.bucket,
          Prefix: params.prefix,
          MaxKeys: params.max_keys,
          ContinuationToken: params.continuation_token,
        }),
        { abortSignal: ctx.signal },
      ),
    );
    const objects = (page.Contents ?? []).map((entry) => ({
      key: entry.Key ?? "",
      size: entry.Size ?? 0,
      etag: entry.ETag ?? null,
      last_modified: entry.LastModified?.toISOString() ?? null,
    }));
    return {
      body: {
        bucket: params.bucket,
        objects,
        is_truncated: page.IsTruncated ?? false,
        next_continuation_token: page.NextContinuationToken ?? null,
      },
    };
  },
});
