/**
 * Turning the configuration schema's complaints into sentences: an unknown key names its
 * path and the closest key the schema knows at that place ("`timout_seconds`: unknown; did you
 * mean `timeout_seconds`?"). Known keys come from the schema itself, so keys added to any
 * section are known without a list to keep up to date.
 */
import { type JsonSchema, z } from "@connector-proxy/sdk";
import { didYouMean } from "./closest-name.js";
import { configSchema } from "./config-schema.js";

type PathKey = PropertyKey;

let inputSchema: JsonSchema | undefined;

function variantsOf(schema: JsonSchema): JsonSchema[] {
  const nested = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((list) => (Array.isArray(list) ? list : []));
  return [schema, ...(nested as JsonSchema[]).flatMap(variantsOf)];
}

/** The property names the configuration schema allows at `path` (record keys are free). */
export function knownKeysAt(path: readonly PathKey[]): string[] {
  inputSchema ??= z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  let nodes = [inputSchema];
  for (const key of path) {
    nodes = nodes.flatMap(variantsOf).flatMap((node) => {
      const property = (node.properties as Record<string, JsonSchema> | undefined)?.[String(key)];
      if (property) return [property];
      const values = node.additionalProperties;
      if (typeof values === "object" && values !== null) return [values as JsonSchema];
      return node.items && typeof key === "number" ? [node.items as JsonSchema] : [];
    });
  }
  const names = new Set<string>();
  for (const node of nodes.flatMap(variantsOf)) for (const name of Object.keys(node.properties ?? {})) names.add(name);
  return [...names].sort();
}

/** `a.b.c` (with `[2]` for array items); "(root)" for the top. */
export function formatPath(path: readonly PathKey[]): string {
  const text = path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index ? "." : ""}${String(key)}`));
  return text.join("") || "(root)";
}

/** The sentence for an unknown key `key` at `path`. */
export function unknownKeyProblem(path: readonly PathKey[], key: string): string {
  const known = knownKeysAt(path);
  const hint = didYouMean(key, known) || (known.length > 0 ? ` (known here: ${known.join(", ")})` : "");
  return `\`${formatPath([...path, key])}\`: unknown${hint}`;
}

/** One sentence per problem zod found, every one of them. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => unknownKeyProblem(issue.path, key))
      : [`\`${formatPath(issue.path)}\`: ${issue.message}`],
  );
}

/** The paths of the unknown keys among `issues` (to drop them and go on checking the rest). */
export function unknownKeyPaths(issues: readonly z.core.$ZodIssue[]): PathKey[][] | null {
  if (!issues.every((issue) => issue.code === "unrecognized_keys")) return null;
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [],
  );
}
