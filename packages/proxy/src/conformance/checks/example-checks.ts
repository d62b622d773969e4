/**
 * Declared examples: each example a catalogue item marks `safe` is called as Arena calls a service
 * task (parameters plus the reserved `spiff__*` keys) and its answer compared with the expected one:
 * outer status (default 200), the v2 envelope's shape, `command_response.body` (deep equality),
 * `http_status`, and `error.error_code` (none expected: `error` must be null).
 */
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { type CheckResult, result } from "../check-result.js";
import { describeProblems, responseV2Shape } from "../contract-shapes.js";
import { type Probe, summarise } from "../probe.js";
import type { CatalogueEntry, CatalogueExample } from "./catalogue-checks.js";
import { judgeErrorAnswer } from "./error-answer.js";

const AREA = "examples";

export async function exampleChecks(probe: Probe, entries: readonly CatalogueEntry[]): Promise<CheckResult[]> {
  const found: CheckResult[] = [];
  let unsafe = 0;
  for (const entry of entries) {
    for (const example of entry.examples) {
      if (example.safe) found.push(await runExample(probe, entry.id, example));
      else unsafe += 1;
    }
  }
  if (found.length === 0) {
    found.push(
      result(AREA, "declared examples", "skip", "no command declares a safe example: success answers not checked"),
    );
  }
  if (unsafe > 0) found.push(result(AREA, "examples not marked safe", "skip", `${unsafe} not run`));
  return found;
}

async function runExample(probe: Probe, id: string, example: CatalogueExample): Promise<CheckResult> {
  const check = `${id}: ${example.title}`;
  const status = example.expect.status ?? 200;
  const answer = await probe.request(`/v1/do/${id}`, {
    body: {
      ...example.params,
      spiff__process_instance_id: null,
      spiff__process_model_identifier: null,
      spiff__task_id: randomUUID(),
      spiff__task_data: example.task_data ?? {},
    },
  });
  if (answer.status !== status) return result(AREA, check, "fail", `expected ${status}, got ${summarise(answer)}`);
  if (status >= 300) {
    const judged = judgeErrorAnswer(AREA, check, answer, example.expect.error_code)[0] as CheckResult;
    return { ...judged, status };
  }
  const parsed = responseV2Shape.safeParse(answer.json);
  if (!parsed.success) {
    return result(AREA, check, "fail", `not a v2 envelope (${describeProblems(parsed.error)}): ${summarise(answer)}`);
  }
  const { command_response: response, error } = parsed.data;
  const differences: string[] = [];
  const expected = example.expect;
  if ((error?.error_code ?? undefined) !== expected.error_code) {
    differences.push(
      `error_code ${JSON.stringify(error?.error_code ?? null)}, expected ${JSON.stringify(expected.error_code ?? null)}`,
    );
  }
  if (expected.http_status !== undefined && response.http_status !== expected.http_status) {
    differences.push(`http_status ${response.http_status}, expected ${expected.http_status}`);
  }
  if (expected.body !== undefined && !isDeepStrictEqual(response.body, expected.body)) {
    differences.push(`body ${JSON.stringify(response.body)}, expected ${JSON.stringify(expected.body)}`);
  }
  return {
    ...result(
      AREA,
      check,
      differences.length === 0 ? "pass" : "fail",
      differences.join("; ") || `${status} in ${answer.ms} ms`,
    ),
    status,
  };
}
