/**
 * The OpenAPI 3.1 document of this proxy, generated from the catalogue: one operation
 * per command (its parameter JSON Schema as request body, the envelope as answer, the
 * error codes it declares plus the proxy's own), and the discovery routes.
 */
import { type JsonSchema, PROXY_ERRORS } from "@connector-proxy/sdk";
import type { CommandHandle } from "../hosting/command-handle.js";
import { API_KEY_HEADER } from "../http/api-key.js";
import { JOBS_PATHS } from "./jobs-paths.js";
import { triggerPaths, type WebhookRoute } from "./triggers-paths.js";
import { ENVELOPE_REF, RESERVED_PROPERTIES, WIRE_SCHEMAS } from "./wire-schemas.js";

export interface OpenapiOptions {
  /** Whether execution and discovery ask for the API key. */
  keyed: boolean;
  version: string;
  /** The configured webhook triggers, each documented at its own route. */
  webhooks?: readonly WebhookRoute[];
}

const COMMAND_PROXY_ERRORS = [
  "InvalidParameters",
  "InvalidRequestBody",
  "PayloadTooLarge",
  "RequestTimeout",
  "CommandTimeout",
  "CommandCancelled",
  "InvalidCommandResult",
] as const;

const envelopeAnswer = (description: string) => ({
  description,
  content: { "application/json": { schema: ENVELOPE_REF } },
});

/** The request body schema: the command's parameters plus the reserved `spiff__*` keys. */
function requestSchema(handle: CommandHandle): JsonSchema {
  const { $schema: _dialect, ...schema } = handle.inputSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return { ...schema, type: "object", properties: { ...properties, ...RESERVED_PROPERTIES } };
}

function errorList(handle: CommandHandle): string {
  const own = handle.errors.map((error) => `- \`${error.code}\`: ${error.description}`);
  const proxy = COMMAND_PROXY_ERRORS.map((code) => `- \`${code}\`: ${PROXY_ERRORS[code].meaning}`);
  return [...(own.length > 0 ? ["Errors this command declares:", ...own, ""] : []), "Proxy errors:", ...proxy].join(
    "\n",
  );
}

function commandOperation(handle: CommandHandle) {
  const [connector = handle.id] = handle.id.split("/");
  return {
    operationId: handle.id.replace("/", "."),
    summary: handle.id,
    description: `${handle.description}\n\n${errorList(handle)}`,
    tags: [connector],
    requestBody: { required: true, content: { "application/json": { schema: requestSchema(handle) } } },
    responses: {
      "200": envelopeAnswer("The command ran: `error` is null, or the command's own error (a code above)"),
      ...(handle.longRunning ? { "202": envelopeAnswer("Accepted: the result is sent to spiff__callback_url") } : {}),
      "400": envelopeAnswer("InvalidParameters or InvalidRequestBody"),
      "408": envelopeAnswer("RequestTimeout: the request did not arrive within limits.body_read_seconds"),
      "413": envelopeAnswer("PayloadTooLarge"),
      "500": envelopeAnswer("The command timed out, was cancelled, crashed, or returned something invalid"),
    },
    "x-error-codes": handle.errors.map((error) => error.code),
    "x-hosting": handle.hosting,
  };
}

/** Build the document for `handles`. */
export function buildOpenapi(handles: readonly CommandHandle[], options: OpenapiOptions): Record<string, unknown> {
  const security = options.keyed ? [{ ApiKey: [] }] : [];
  const paths: Record<string, unknown> = {
    "/v1/commands": {
      get: {
        operationId: "listCommands",
        summary: "The command catalogue",
        tags: ["discovery"],
        responses: {
          "200": {
            description: "Every command served",
            content: {
              "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/CatalogueEntry" } } },
            },
          },
        },
      },
    },
    "/liveness": {
      get: {
        operationId: "liveness",
        summary: "Liveness probe",
        tags: ["discovery"],
        security: [],
        responses: { "200": { description: "The proxy is up" } },
      },
    },
  };
  for (const handle of handles) paths[`/v1/do/${handle.id}`] = { post: commandOperation(handle) };
  Object.assign(paths, JOBS_PATHS, triggerPaths(options.webhooks ?? []));
  const connectors = [...new Set(handles.map((handle) => handle.id.split("/")[0] ?? handle.id))];
  return {
    openapi: "3.1.0",
    info: {
      title: "connector-proxy",
      version: options.version,
      description:
        "The commands of this connector proxy (Spiff Arena protocol). Each command is `POST /v1/do/{connector}/{command}` " +
        "with its parameters (and Arena's reserved `spiff__*` keys) as a JSON object, answered with a version 2 envelope.",
    },
    tags: [{ name: "discovery" }, { name: "jobs" }, { name: "triggers" }, ...connectors.map((name) => ({ name }))],
    paths,
    components: {
      schemas: WIRE_SCHEMAS,
      ...(options.keyed ? { securitySchemes: { ApiKey: { type: "apiKey", in: "header", name: API_KEY_HEADER } } } : {}),
    },
    ...(options.keyed ? { security } : {}),
  };
}
