/**
 * The Spiff parameter list of a command known only by its JSON Schema (a tool of a foreign
 * MCP server): string → str, integer → int, boolean → bool, anything else → any.
 */
import type { JsonSchema, SpiffParameter, SpiffType } from "@connector-proxy/sdk";

const SPIFF_TYPES: Record<string, SpiffType> = { string: "str", integer: "int", boolean: "bool" };

export function spiffParameters(schema: JsonSchema): SpiffParameter[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(properties).map(([id, property]) => ({
    id,
    type: SPIFF_TYPES[String(property.type)] ?? "any",
    required: required.has(id),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
  }));
}
