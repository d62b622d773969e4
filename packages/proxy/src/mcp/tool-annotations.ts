/**
 * A command's declared effects (SDK `annotations`) as MCP tool annotations and back, so a
 * process-hosted command shows the same hints as an inline one. MCP reads a tool that declares
 * nothing as possibly destructive; connectors declare what they know.
 */
import type { CommandAnnotations } from "@connector-proxy/sdk";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";

export function toolAnnotations(declared: CommandAnnotations): ToolAnnotations {
  return {
    ...(declared.readOnly !== undefined ? { readOnlyHint: declared.readOnly } : {}),
    ...(declared.destructive !== undefined ? { destructiveHint: declared.destructive } : {}),
    ...(declared.idempotent !== undefined ? { idempotentHint: declared.idempotent } : {}),
  };
}

export function commandAnnotations(hints: ToolAnnotations): CommandAnnotations {
  return {
    ...(hints.readOnlyHint !== undefined ? { readOnly: hints.readOnlyHint } : {}),
    ...(hints.destructiveHint !== undefined ? { destructive: hints.destructiveHint } : {}),
    ...(hints.idempotentHint !== undefined ? { idempotent: hints.idempotentHint } : {}),
  };
}
