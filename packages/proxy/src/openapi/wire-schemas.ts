/**
 * JSON Schemas (OpenAPI 3.1 components) of the Spiff wire shapes every command shares:
 * the v2 envelope, its error, a catalogue entry, and the reserved `spiff__*` request keys.
 */
import type { JsonSchema } from "@connector-proxy/sdk";

export const ENVELOPE_REF = { $ref: "#/components/schemas/Envelope" };

export const WIRE_SCHEMAS: Record<string, JsonSchema> = {
  Envelope: {
    type: "object",
    description: "Version 2 response envelope: error is null on success; error_code is the BPMN error code",
    required: ["command_response", "command_response_version", "error", "spiff__logs"],
    properties: {
      command_response: {
        type: "object",
        properties: {
          body: { description: "The command's result (any JSON, or text)" },
          mimetype: { type: "string" },
          http_status: { type: "integer", description: "Status of the upstream call; 5xx/429 mean a retry may help" },
          headers: { type: "object" },
        },
      },
      command_response_version: { const: 2 },
      error: { oneOf: [{ type: "null" }, { $ref: "#/components/schemas/EnvelopeError" }] },
      spiff__logs: { type: "array", items: { type: "string" } },
    },
  },
  EnvelopeError: {
    type: "object",
    required: ["error_code", "message"],
    properties: { error_code: { type: "string" }, message: { type: "string" } },
  },
  CatalogueEntry: {
    type: "object",
    required: ["id", "parameters"],
    properties: {
      id: { type: "string", examples: ["http/GetRequestV2"] },
      parameters: {
        type: "array",
        items: {
          type: "object",
          required: ["id", "type", "required"],
          properties: {
            id: { type: "string" },
            type: { enum: ["str", "int", "bool", "any"] },
            required: { type: "boolean" },
            description: { type: "string" },
          },
        },
      },
      description: { type: "string" },
      schema: { type: "object", description: "JSON Schema of the parameters" },
      errors: { type: "array", items: { type: "object" } },
    },
  },
};

/** The keys Spiff Arena adds to every execution request; never passed to the command as parameters. */
export const RESERVED_PROPERTIES: Record<string, JsonSchema> = {
  spiff__task_data: { type: "object", description: "The task's data (ctx.taskData)" },
  spiff__process_instance_id: { type: "integer" },
  spiff__process_model_identifier: { type: "string" },
  spiff__task_id: { type: "string" },
  spiff__callback_url: { type: "string", description: "Where to send the result of an asynchronous command" },
};
