/**
 * A call from the console as something to paste elsewhere: a `curl` command line (the API key
 * left as a shell variable, never copied), or the service-task parameters a Spiff diagram
 * would hold (`spiffworkflow:parameter` elements, whose values are Python expressions).
 */
import type { RJSFSchema } from "@rjsf/utils";
import { API_KEY_HEADER, apiUrl } from "./api";
import type { CatalogueEntry } from "./api-types";

/** The parameters without those equal to their schema default (the form fills defaults in; they change nothing). */
export function withoutDefaults(params: Record<string, unknown>, schema: RJSFSchema): Record<string, unknown> {
  const properties = schema.properties ?? {};
  return Object.fromEntries(
    Object.entries(params).filter(([name, value]) => {
      const property = properties[name];
      const fallback = typeof property === "object" ? property.default : undefined;
      return value !== undefined && JSON.stringify(value) !== JSON.stringify(fallback);
    }),
  );
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'"'"'`)}'`;

export function asCurl(id: string, params: Record<string, unknown>, keyed: boolean): string {
  return [
    `curl -sS -X POST ${shellQuote(apiUrl(`/v1/do/${id}`))}`,
    `  -H 'Content-Type: application/json'`,
    ...(keyed ? [`  -H "${API_KEY_HEADER}: $CONNECTOR_PROXY_API_KEY"`] : []),
    `  --data ${shellQuote(JSON.stringify(params))}`,
  ].join(" \\\n");
}

/** A JSON value as a Python literal (what a diagram's parameter value is evaluated as). */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${pythonLiteral(item)}`).join(", ")}}`;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const xmlAttribute = (text: string) => text.replace(/[&<>"]/g, (char) => XML_ESCAPES[char] ?? char);

const SPIFF_TYPES: Record<string, string> = { string: "str", integer: "int", boolean: "bool" };

/** Spiff's type name of a parameter: as the catalogue lists it, else from its schema (str, int, bool, any). */
function spiffType(name: string, command: CatalogueEntry): string {
  const listed = command.parameters.find((parameter) => parameter.id === name)?.type;
  const property = command.schema.properties?.[name];
  const type = typeof property === "object" ? property.type : undefined;
  return listed ?? (typeof type === "string" ? SPIFF_TYPES[type] : undefined) ?? "any";
}

/** The parameters as a service task's `spiffworkflow:serviceTaskOperator`. */
export function asServiceTask(command: CatalogueEntry, params: Record<string, unknown>): string {
  const id = command.id;
  const lines = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => {
      const type = spiffType(name, command);
      return `    <spiffworkflow:parameter id="${xmlAttribute(name)}" type="${type}" value="${xmlAttribute(pythonLiteral(value))}" />`;
    });
  return [
    `<spiffworkflow:serviceTaskOperator id="${xmlAttribute(id)}" resultVariable="result">`,
    "  <spiffworkflow:parameters>",
    ...lines,
    "  </spiffworkflow:parameters>",
    "</spiffworkflow:serviceTaskOperator>",
  ].join("\n");
}
