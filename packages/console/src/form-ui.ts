/**
 * How the console's form shows a command's parameters beyond what rjsf infers from the JSON
 * Schema: free-form values as JSON text, secrets as password inputs, long texts as text areas.
 */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";

const SECRET = /password|secret|token|private_key|passphrase|api_key/i;
const LONG_TEXT = /body|sql|html|message|content|stdin|payload|description|statements/i;

/** True for a schema a generated widget cannot edit well: any JSON, a free-form object, a union, a tuple. */
function freeForm(schema: RJSFSchema): boolean {
  if (schema.anyOf || schema.oneOf || schema.allOf || "prefixItems" in schema) return true;
  if (schema.enum || schema.const !== undefined) return false;
  if (schema.type === undefined) return true;
  if (schema.type === "object") return !schema.properties || Object.keys(schema.properties).length === 0;
  if (schema.type === "array") {
    const items = schema.items;
    return !items || typeof items !== "object" || Array.isArray(items) || freeForm(items as RJSFSchema);
  }
  return Array.isArray(schema.type);
}

export function uiSchemaOf(schema: RJSFSchema): UiSchema {
  const ui: UiSchema = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (typeof property !== "object") continue;
    const field = property as RJSFSchema;
    if (freeForm(field)) ui[name] = { "ui:field": "json" };
    else if (field.type === "string" && SECRET.test(name)) ui[name] = { "ui:widget": "password" };
    else if (field.type === "string" && !field.enum && LONG_TEXT.test(name)) ui[name] = { "ui:widget": "textarea" };
  }
  return ui;
}
