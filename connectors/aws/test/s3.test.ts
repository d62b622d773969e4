import { randomBytes } from "node:crypto";
import { callCommand, closedPort } from "@connector-proxy/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getObject } from "../src/get-object.js";
import { listObjects } from "../src/list-objects.js";
import { uploadFileData } from "../src/upload-file-data.js";
import { type LocalServer, startS3, TEST_CREDENTIALS } from "./local-aws.js";

const BUCKET = "connector-aws-test";
let s3: LocalServer;
let config: Record<string, unknown>;

beforeAll(async () => {
  s3 = await startS3([BUCKET]);
  config = { ...TEST_CREDENTIALS, s3_endpoint: s3.endpoint, s3_force_path_style: true };
});
afterAll(() => s3.close());

function body(envelope: { command_response: object }): Record<string, unknown> {
  return (envelope.command_response as { body: Record<string, unknown> }).body;
}

describe("aws S3 commands against s3rver", () => {
  it("UploadFileData then GetObject round-trips the bytes exactly", async () => {
    const bytes = randomBytes(64 * 1024);
    bytes[0] = 0;
    bytes[1] = 0xff;
    const upload = await callCommand(
      uploadFileData,
      {
        file_data: `data:application/pdf;name=report.pdf;base64,${bytes.toString("base64")}`,
        bucket: BUCKET,
        object_name: "reports/2026/report.pdf",
      },
      { config },
    );
    expect(upload.envelope.error).toBeNull();
    expect(body(upload.envelope)).toMatchObject({
      bucket: BUCKET,
      key: "reports/2026/report.pdf",
      size: bytes.length,
      content_type: "application/pdf",
    });
    expect(body(upload.envelope).etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(body(upload.envelope).result).toBe("success"); // the reference's answer, kept

    const read = await callCommand(getObject, { bucket: BUCKET, object_name: "reports/2026/report.pdf" }, { config });
    expect(read.envelope.error).toBeNull();
    const answer = body(read.envelope);
    expect(answer).toMatchObject({
      size: bytes.length,
      content_type: "application/pdf",
      etag: body(upload.envelope).etag,
    });
    const [header, data] = String(answer.file_data).split(",");
    expect(header).toBe("data:application/pdf;name=report.pdf;base64");
    expect(Buffer.compare(Buffer.from(data ?? "", "base64"), bytes)).toBe(0);
  });

  it("ListObjects pages through keys under a prefix", async () => {
    for (const name of ["a.txt", "b.txt", "c.txt"]) {
      const { envelope } = await callCommand(
        uploadFileData,
        { file_data: "data:text/plain;base64,aGk=", bucket: BUCKET, object_name: `list/${name}` },
        { config },
      );
      expect(envelope.error).toBeNull();
    }
    const first = await callCommand(listObjects, { bucket: BUCKET, prefix: "list/", max_keys: 2 }, { config });
    expect(first.envelope.error).toBeNull();
    const page1 = body(first.envelope);
    expect((page1.objects as { key: string }[]).map((o) => o.key)).toEqual(["list/a.txt", "list/b.txt"]);
    expect(page1.is_truncated).toBe(true);
    const second = await callCommand(
      listObjects,
      { bucket: BUCKET, prefix: "list/", continuation_token: page1.next_continuation_token },
      { config },
    );
    const page2 = body(second.envelope);
    expect(page2.objects).toEqual([
      { key: "list/c.txt", size: 2, etag: expect.any(String), last_modified: expect.any(String) },
    ]);
    expect(page2.is_truncated).toBe(false);
  });

  it("answers NoSuchBucket (not a 500) for a missing bucket", async () => {
    const { status, envelope } = await callCommand(
      uploadFileData,
      { file_data: "data:text/plain;base64,aGk=", bucket: "no-such-bucket-here", object_name: "x" },
      { config },
    );
    expect(status).toBe(200);
    expect(envelope.error?.error_code).toBe("NoSuchBucket");
    expect(envelope.command_response).toMatchObject({ http_status: 404 });
  });

  it("answers NoSuchKey for a missing object and ObjectTooLarge over max_object_bytes", async () => {
    const missing = await callCommand(getObject, { bucket: BUCKET, object_name: "nope" }, { config });
    expect(missing.envelope.error?.error_code).toBe("NoSuchKey");
    const big = await callCommand(
      getObject,
      { bucket: BUCKET, object_name: "reports/2026/report.pdf" },
      { config: { ...config, max_object_bytes: 1024 } },
    );
    expect(big.envelope.error?.error_code).toBe("ObjectTooLarge");
  });

  it("answers InvalidContent for file_data that is not a data URL", async () => {
    const { envelope } = await callCommand(
      uploadFileData,
      { file_data: "just text", bucket: BUCKET, object_name: "x" },
      { config },
    );
    expect(envelope.error?.error_code).toBe("InvalidContent");
  });

  it.skipIf(process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION)(
    "answers AwsRegionMissing when neither the settings nor the environment name a region",
    async () => {
      const { region: _region, ...noRegion } = config;
      const { envelope } = await callCommand(listObjects, { bucket: BUCKET }, { config: noRegion });
      expect(envelope.error?.error_code).toBe("AwsRegionMissing");
    },
  );

  it("answers EndpointConnectionError (botocore's name, 500 as the reference) when the endpoint is down", async () => {
    const port = await closedPort();
    const { envelope } = await callCommand(
      listObjects,
      { bucket: BUCKET },
      { config: { ...config, s3_endpoint: `http://127.0.0.1:${port}` } },
    );
    expect(envelope.error?.error_code).toBe("EndpointConnectionError");
    expect(envelope.command_response).toMatchObject({ http_status: 500 });
  });
});
