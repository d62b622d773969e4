/**
 * Test helper: validate answers against Spiff Arena's own contract (spec/spiff-protocol/openapi.json, vendored).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { repoRoot } from "./test-proxy.js";

const document = JSON.parse(readFileSync(path.join(repoRoot, "spec", "spiff-protocol", "openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: Record<string, Record<string, unknown>>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "openapi", components: document.components });

function resolve(node: unknown): Record<string, unknown> {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return node as Record<string, unknown>;
  const [, group, name] = ref.replace("#/components/", "").match(/^([^/]+)\/(.+)$/) ?? [];
  return resolve(document.components[group ?? ""]?.[name ?? ""]);
}

/** The JSON Schema Arena declares for a route's answer with this status; errors use ProtocolError's shape. */
function schemaFor(route: string, method: string, status: number): object {
  const responses = document.paths[route]?.[method]?.responses;
  if (!responses) throw new Error(`openapi.json has no ${method.toUpperCase()} ${route}`);
  const declared =
    responses[String(status)] ?? (status >= 400 ? { $ref: "#/components/responses/ProtocolError" } : undefined);
  if (!declared) throw new Error(`openapi.json declares no ${status} for ${method.toUpperCase()} ${route}`);
  const content = resolve(declared).content as Record<string, { schema: unknown }>;
  const schema = content["application/json"]?.schema as { $ref?: string };
  return schema.$ref ? { $ref: `openapi${schema.$ref}` } : schema;
}

/** Validate an answer; returns the list of violations (empty when it conforms). */
export async function violations(route: string, method: string, response: Response): Promise<string[]> {
  const body: unknown = await response.clone().json();
  const validate = ajv.compile(schemaFor(route, method, response.status));
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
