/**
 * Outcomes as MCP tool results and back. Our servers send the exact Outcome in `_meta`
 * besides the standard fields, so a process-hosted connector answers byte for byte as inline;
 * any other MCP server is read by the standard fields: structured content (or the text) is
 * the body, `isError` with `{error_code, message}` is the error.
 */
import {
  type EnvelopeError,
  errorOutcome,
  type Outcome,
  PROXY_ERRORS,
  proxyErrorOutcome,
  resultOutcome,
} from "@connector-proxy/sdk";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { OUTCOME_KEY } from "./call-context.js";

/** The tool result answering `outcome`. */
export function toolResult(outcome: Outcome): CallToolResult {
  const { envelope } = outcome;
  const response = envelope.command_response as { body?: unknown };
  const shown: unknown = envelope.error ?? response.body ?? null;
  return {
    content: [{ type: "text", text: typeof shown === "string" ? shown : JSON.stringify(shown) }],
    ...(isRecord(shown) ? { structuredContent: { ...shown } } : {}),
    ...(envelope.error ? { isError: true } : {}),
    _meta: { [OUTCOME_KEY]: outcome },
  };
}

/** The Outcome of a tool result; `logs` are the lines the server sent as log notifications. */
export function outcomeFromToolResult(result: CallToolResult, logs: string[]): Outcome {
  const exact = result._meta?.[OUTCOME_KEY];
  if (isOutcome(exact)) return exact;
  const body = result.structuredContent ?? textBody(result);
  if (!result.isError) {
    return resultOutcome({ body, mimetype: typeof body === "string" ? "text/plain" : "application/json" }, logs);
  }
  const error = readError(body);
  if (error.error_code in PROXY_ERRORS) {
    return proxyErrorOutcome(error.error_code as keyof typeof PROXY_ERRORS, error.message, logs);
  }
  const inner = isRecord(body) && typeof body.http_status === "number" ? body.http_status : 400;
  return errorOutcome(200, error, logs, inner);
}

function readError(body: unknown): EnvelopeError {
  if (isRecord(body) && typeof body.error_code === "string") {
    return { error_code: body.error_code, message: typeof body.message === "string" ? body.message : "" };
  }
  return { error_code: "ToolError", message: typeof body === "string" ? body : JSON.stringify(body) };
}

/** The text content, parsed as JSON when it is JSON. */
function textBody(result: CallToolResult): unknown {
  const text = result.content
    .filter((part) => part.type === "text")
    .map((part) => part.text)
    .join("\n");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isOutcome(value: unknown): value is Outcome {
  return (
    isRecord(value) &&
    typeof value.status === "number" &&
    isRecord(value.envelope) &&
    value.envelope.command_response_version === 2 &&
    Array.isArray(value.envelope.spiff__logs)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
