/**
 * Arena's contract, embedded: the shapes of spec/spiff-protocol/openapi.json (components.schemas,
 * vendored in the repository) as zod schemas, so the checker needs no file at run time.
 * test/conformance-contract.test.ts fails when they drift from the vendored document.
 */
import { z } from "@connector-proxy/sdk";

export const SPIFF_TYPES = ["str", "int", "bool", "any"] as const;

export const commandParameterShape = z.looseObject({
  id: z.string().min(1),
  type: z.enum(SPIFF_TYPES),
  required: z.boolean(),
});

export const commandDescriptionShape = z.looseObject({
  id: z
    .string()
    .min(3)
    .regex(/^[^/]+\/[^/]+$/, "must be connector/Command (exactly one slash)"),
  parameters: z.array(commandParameterShape),
});

export const commandCatalogShape = z.array(commandDescriptionShape);

const connectorErrorShape = z.looseObject({ error_code: z.string().min(1), message: z.string() });

export const connectorCommandResponseShape = z.looseObject({
  body: z.unknown().refine((body) => body !== undefined, "missing (it may be null)"),
  mimetype: z.string().min(1),
  http_status: z.number().int().min(100).max(599).optional(),
  headers: z.looseObject({}).optional(),
});

/** ConnectorProxyResponseV2: every dispatched answer (200, 202) and each callback. */
export const responseV2Shape = z.looseObject({
  command_response: connectorCommandResponseShape,
  command_response_version: z.literal(2),
  error: connectorErrorShape.nullable(),
  spiff__logs: z.array(z.string()),
});

/** ConnectorProxyProtocolError: 400, 404 and 500 answers of /v1/do. */
export const protocolErrorShape = z.looseObject({
  command_response: z.looseObject({}),
  error: connectorErrorShape,
});

/** The 401 answer. */
export const unauthorizedShape = z.looseObject({ error: z.string() });

/** zod issues as one readable line: `0.id: must be connector/Command (exactly one slash)`. */
export function describeProblems(error: z.ZodError, limit = 3): string {
  const lines = error.issues.map((issue) => `${issue.path.join(".") || "(answer)"}: ${issue.message}`);
  const shown = lines.slice(0, limit).join("; ");
  return lines.length > limit ? `${shown}; and ${lines.length - limit} more` : shown;
}
