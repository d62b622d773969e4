/**
 * Spiff parameter lists and JSON Schemas, each way. A tool of a foreign MCP server is known
 * only by its JSON Schema: string → str, integer → int, boolean → bool, anything else → any.
 * A command of a Python-style proxy is known only by its parameter list: str → string,
 * int → integer, bool → boolean, any (or an unknown type) → any JSON value.
 */
import type { JsonSchema, SpiffParameter, SpiffType } from "@connector-proxy/sdk";

const SPIFF_TYPES: Record<string, SpiffType> = { string: "str", integer: "int", boolean: "bool" };
const JSON_TYPES: Record<string, string> = { str: "string", int: "integer", bool: "boolean" };

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

/** The JSON Schema of a parameter list (as a Python-style catalogue publishes it, without `schema`). */
export function parametersSchema(parameters: readonly SpiffParameter[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of parameters) {
    const type = JSON_TYPES[parameter.type];
    properties[parameter.id] = {
      ...(type ? { type } : {}),
      ...(typeof parameter.description === "string" ? { description: parameter.description } : {}),
    };
  }
  const required = parameters.filter((parameter) => parameter.required === true).map((parameter) => parameter.id);
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}
