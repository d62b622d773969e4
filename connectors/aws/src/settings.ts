/**
 * The aws connector's settings (`connectors.aws.settings` in the proxy configuration).
 * Anything left out falls back to the standard AWS chain (environment, shared files, instance role).
 */
import { z } from "@connector-proxy/sdk";

export const awsSettingsSchema = z
  .strictObject({
    region: z.string().min(1).optional().describe("AWS region (default: AWS_REGION / the shared config)"),
    access_key_id: z.string().min(1).optional().describe("Static credentials (default: the standard AWS chain)"),
    secret_access_key: z.string().min(1).optional().describe("Goes with access_key_id"),
    session_token: z.string().min(1).optional().describe("For temporary credentials"),
    s3_endpoint: z.url().optional().describe("S3-compatible store (MinIO, Ceph...) instead of AWS"),
    s3_force_path_style: z
      .boolean()
      .default(false)
      .describe("Address buckets as /bucket/key (most S3-compatible stores)"),
    dynamodb_endpoint: z.url().optional().describe("DynamoDB-compatible store (DynamoDB Local...) instead of AWS"),
    max_object_bytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024)
      .describe("Largest object GetObject reads into an answer"),
    max_items: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe("Most items one QueryDynamoTable/ScanDynamoTable answers (more: LastEvaluatedKey to go on)"),
  })
  .refine((s) => (s.access_key_id === undefined) === (s.secret_access_key === undefined), {
    message: "access_key_id and secret_access_key go together: set both or neither",
  });

export type AwsSettings = z.output<typeof awsSettingsSchema>;
