/**
 * AWS failures as envelope errors named after the AWS error (`NoSuchBucket`,
 * `ResourceNotFoundException`, `AccessDenied`...), with AWS's HTTP status, instead of a 500.
 */
import { type CommandContext, CommandError } from "@connector-proxy/sdk";

const COMMON_ERRORS = {
  EndpointConnectionError:
    "The AWS endpoint could not be reached or timed out (botocore's name, as the reference; http_status 500)",
  AwsCredentialsMissing: "No credentials: set access_key_id/secret_access_key or configure the standard AWS chain",
  AwsRegionMissing: "No region: set the region setting or AWS_REGION",
} as const;

/** Errors of the S3 commands: AWS's own names, plus the connector's. */
export const S3_ERRORS = {
  NoSuchBucket: "The bucket does not exist",
  AccessDenied: "The credentials may not do this (AWS's name; any other AWS error also keeps its own name)",
  ...COMMON_ERRORS,
} as const;

/** Errors of the DynamoDB commands: AWS's own names, plus the connector's. */
export const DYNAMO_ERRORS = {
  ResourceNotFoundException: "The table does not exist",
  ValidationException: "The item or key does not match the table (AWS's message says how)",
  AccessDeniedException: "The credentials may not do this (any other AWS error also keeps its own name)",
  ...COMMON_ERRORS,
} as const;

interface AwsErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "SlowDown",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
]);

/**
 * Run one AWS call, turning what the SDK throws into a CommandError.
 *
 * @example
 * const answer = await callAws(ctx, `s3://${bucket}`, () => s3.send(command, { abortSignal: ctx.signal }));
 */
export async function callAws<T>(ctx: CommandContext, subject: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (thrown) {
    if (ctx.signal.aborted) throw thrown;
    throw awsFailure(thrown, subject);
  }
}

/** Map an AWS SDK error to a CommandError; anything unrecognised is rethrown as it is. */
export function awsFailure(thrown: unknown, subject: string): unknown {
  if (typeof thrown !== "object" || thrown === null) return thrown;
  const error: AwsErrorShape = thrown;
  const name = typeof error.name === "string" ? error.name : "Error";
  const detail = typeof error.message === "string" && error.message ? error.message : name;
  const status = Number(error.$metadata?.httpStatusCode);
  if (Number.isInteger(status) && status >= 400) {
    const httpStatus = THROTTLING.has(name) ? 429 : status;
    return new CommandError(name, `AWS refused the request on ${subject}: ${detail}`, { httpStatus, cause: thrown });
  }
  if (name === "CredentialsProviderError") {
    return new CommandError(
      "AwsCredentialsMissing",
      `No AWS credentials for ${subject} (${detail}): set access_key_id/secret_access_key in connectors.aws.settings or configure the standard AWS chain`,
      { cause: thrown },
    );
  }
  if (/region is missing/i.test(detail)) {
    return new CommandError(
      "AwsRegionMissing",
      `No AWS region for ${subject}: set region in connectors.aws.settings or AWS_REGION`,
      { cause: thrown },
    );
  }
  const code = typeof error.code === "string" ? error.code : "";
  if (/^E[A-Z]+/.test(code) || name === "TimeoutError") {
    return new CommandError("EndpointConnectionError", `Could not reach AWS for ${subject} (${detail}): retry later`, {
      httpStatus: 500,
      cause: thrown,
    });
  }
  return thrown;
}
