/**
 * The catalogue: `GET /v1/commands` answers 200 within Arena's 15 s with a JSON array of
 * `{id: "connector/Command", parameters: [{id, type: str|int|bool|any, required}]}`, ids unique;
 * `GET /v1/auths` answers the same shape, or anything else (Arena then shows no auths).
 * Also reads the `examples` our SDK publishes, for examples-checks.ts.
 */
import { z } from "@connector-proxy/sdk";
import { type CheckResult, result } from "../check-result.js";
import { commandCatalogShape, commandDescriptionShape, describeProblems } from "../contract-shapes.js";
import { type Probe, summarise } from "../probe.js";

const CATALOGUE_TIMEOUT_MS = 15_000; // Arena's

const exampleShape = z.looseObject({
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  task_data: z.record(z.string(), z.unknown()).optional(),
  expect: z.looseObject({
    status: z.number().int().optional(),
    body: z.unknown().optional(),
    http_status: z.number().int().optional(),
    error_code: z.string().optional(),
  }),
  safe: z.boolean(),
});

export type CatalogueExample = z.output<typeof exampleShape>;

export interface CatalogueEntry {
  id: string;
  parameters: { id: string; type: string; required: boolean }[];
  examples: CatalogueExample[];
}

export async function catalogueChecks(probe: Probe): Promise<{ checks: CheckResult[]; entries: CatalogueEntry[] }> {
  const checks: CheckResult[] = [];
  const entries: CatalogueEntry[] = [];
  const answer = await probe.request("/v1/commands", { timeoutMs: CATALOGUE_TIMEOUT_MS });
  if (answer.status !== 200 || !Array.isArray(answer.json)) {
    const hint = answer.status === 401 ? " (the proxy wants an API key: pass --api-key)" : "";
    checks.push(
      result("catalogue", "GET /v1/commands", "fail", `expected 200 and a JSON array, got ${summarise(answer)}${hint}`),
    );
    return { checks, entries };
  }
  checks.push(result("catalogue", "GET /v1/commands", "pass", `${answer.json.length} commands in ${answer.ms} ms`));
  const seen = new Set<string>();
  const problems: string[] = [];
  answer.json.forEach((item: unknown, index) => {
    const parsed = commandDescriptionShape.safeParse(item);
    const name = `item ${index}${typeof (item as { id?: unknown })?.id === "string" ? ` ("${(item as { id: string }).id}")` : ""}`;
    if (!parsed.success) {
      problems.push(`${name}: ${describeProblems(parsed.error, 2)}`);
      return;
    }
    if (seen.has(parsed.data.id)) problems.push(`${name}: id appears twice`);
    seen.add(parsed.data.id);
    const examples = z.array(exampleShape).safeParse(parsed.data.examples ?? []);
    entries.push({ ...parsed.data, examples: examples.success ? examples.data : [] });
    if (!examples.success) problems.push(`${name}: examples: ${describeProblems(examples.error, 1)}`);
  });
  checks.push(
    result(
      "catalogue",
      "catalogue items: ids connector/Command, parameters {id, type, required}",
      problems.length === 0 ? "pass" : "fail",
      problems.length === 0 ? `${entries.length} items, ids unique` : problems.slice(0, 5).join("; "),
    ),
  );
  checks.push(await authsCheck(probe));
  return { checks, entries };
}

async function authsCheck(probe: Probe): Promise<CheckResult> {
  const answer = await probe.request("/v1/auths", { timeoutMs: CATALOGUE_TIMEOUT_MS });
  if (answer.status !== 200) {
    return result("catalogue", "GET /v1/auths", "pass", `${answer.status}: Arena treats it as no auths`);
  }
  const parsed = commandCatalogShape.safeParse(answer.json);
  return parsed.success
    ? result("catalogue", "GET /v1/auths", "pass", `${parsed.data.length} auths`)
    : result(
        "catalogue",
        "GET /v1/auths",
        "fail",
        `200 but not the catalogue shape: ${describeProblems(parsed.error)}`,
      );
}
