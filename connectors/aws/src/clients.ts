/**
 * S3 and DynamoDB clients, built from the connector's settings on first use. The AWS SDK
 * is imported here, lazily, so a proxy that never calls AWS does not load it at start-up.
 * Clients are kept per settings object, so connections and resolved credentials are reused.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AwsSettings, awsSettingsSchema } from "./settings.js";

interface Clients {
  settings: AwsSettings;
  s3?: Promise<S3Client>;
  dynamo?: Promise<DynamoDBDocumentClient>;
}

const cache = new WeakMap<object, Clients>();

function clientsFor(config: Readonly<Record<string, unknown>>): Clients {
  let clients = cache.get(config);
  if (!clients) {
    clients = { settings: awsSettingsSchema.parse(config) };
    cache.set(config, clients);
  }
  return clients;
}

/** The parsed settings for this connector configuration. */
export function awsSettings(config: Readonly<Record<string, unknown>>): AwsSettings {
  return clientsFor(config).settings;
}

function common(settings: AwsSettings) {
  return {
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.access_key_id && settings.secret_access_key
      ? {
          credentials: {
            accessKeyId: settings.access_key_id,
            secretAccessKey: settings.secret_access_key,
            ...(settings.session_token ? { sessionToken: settings.session_token } : {}),
          },
        }
      : {}),
  };
}

/**
 * The S3 client for these settings.
 *
 * @example
 * const s3 = await s3Client(ctx.config);
 */
export function s3Client(config: Readonly<Record<string, unknown>>): Promise<S3Client> {
  const clients = clientsFor(config);
  clients.s3 ??= import("@aws-sdk/client-s3").then(({ S3Client }) => {
    const { settings } = clients;
    return new S3Client({
      ...common(settings),
      ...(settings.s3_endpoint
        ? {
            endpoint: settings.s3_endpoint,
            // S3-compatible stores often reject the newer default checksum headers.
            requestChecksumCalculation: "WHEN_REQUIRED",
            responseChecksumValidation: "WHEN_REQUIRED",
          }
        : {}),
      forcePathStyle: settings.s3_force_path_style,
    });
  });
  return clients.s3;
}

/**
 * The DynamoDB document client (plain JSON in and out) for these settings.
 *
 * @example
 * const dynamo = await dynamoClient(ctx.config);
 */
export function dynamoClient(config: Readonly<Record<string, unknown>>): Promise<DynamoDBDocumentClient> {
  const clients = clientsFor(config);
  clients.dynamo ??= Promise.all([import("@aws-sdk/client-dynamodb"), import("@aws-sdk/lib-dynamodb")]).then(
    ([{ DynamoDBClient }, { DynamoDBDocumentClient }]) => {
      const { settings } = clients;
      const client = new DynamoDBClient({
        ...common(settings),
        ...(settings.dynamodb_endpoint ? { endpoint: settings.dynamodb_endpoint } : {}),
      });
      return DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true },
        unmarshallOptions: { wrapNumbers: plainNumber },
      });
    },
  );
  return clients.dynamo;
}

/** DynamoDB numbers as JSON numbers, except integers too big for one: those stay strings, digit for digit. */
function plainNumber(text: string): number | string {
  const value = Number(text);
  return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value)) ? value : text;
}
