/**
 * Dispatch faults, which must not look like a command's answer nor like a transient failure:
 * an unknown command answers 404 `command_not_found`; a call missing a required parameter answers
 * 400 (a 5xx would make Arena retry what cannot succeed); a body that is not JSON answers 400.
 * None of these runs a command: the calls carry no valid parameters.
 */
import { type CheckResult, deviation, result } from "../check-result.js";
import { type Probe, type ProbeAnswer, summarise, UNKNOWN_COMMAND_PATH } from "../probe.js";
import type { CatalogueEntry } from "./catalogue-checks.js";
import { judgeErrorAnswer } from "./error-answer.js";

const AREA = "dispatch";

export async function dispatchChecks(probe: Probe, entries: readonly CatalogueEntry[]): Promise<CheckResult[]> {
  const found: CheckResult[] = [];
  const unknown = await probe.request(UNKNOWN_COMMAND_PATH, { body: {} });
  found.push(...expectStatus("unknown command answers 404 command_not_found", unknown, 404, "command_not_found"));

  // prefer a command whose examples say it is safe to call, then any with a required parameter
  const withRequired = entries.filter((entry) => entry.parameters.some((parameter) => parameter.required));
  const target = withRequired.find((entry) => entry.examples.some((example) => example.safe)) ?? withRequired[0];
  if (!target) {
    found.push(result(AREA, "missing required parameter answers 400", "skip", "no command has a required parameter"));
    return found;
  }
  const missing = target.parameters.filter((parameter) => parameter.required).map((parameter) => parameter.id);
  const bad = await probe.request(`/v1/do/${target.id}`, { body: { spiff__task_data: {} } });
  const badCheck = `${target.id} without ${missing.join(", ")} answers 400`;
  if (bad.status === 500 && errorCode(bad) === "TypeError") {
    found.push({ ...deviation(AREA, badCheck, "invalid-parameters-500", "500 TypeError"), status: 500 });
  } else {
    found.push(...expectStatus(badCheck, bad, 400));
  }

  const unparsable = await probe.request(`/v1/do/${target.id}`, { raw: "{not json" });
  const unparsableCheck = "a body that is not JSON answers 400";
  if ((unparsable.status === 400 || unparsable.status === 415) && unparsable.json === undefined) {
    found.push(
      deviation(AREA, unparsableCheck, "unparsable-body-html", `${unparsable.status} ${unparsable.contentType}`),
    );
  } else {
    found.push(...expectStatus(unparsableCheck, unparsable, 400));
  }
  return found;
}

function expectStatus(check: string, answer: ProbeAnswer, status: number, code?: string): CheckResult[] {
  if (answer.status !== status) {
    return [result(AREA, check, "fail", `expected ${status}, got ${summarise(answer)}`)];
  }
  return judgeErrorAnswer(AREA, check, answer, code).map((found) => ({ ...found, status }));
}

function errorCode(answer: ProbeAnswer): unknown {
  return (answer.json as { error?: { error_code?: unknown } } | undefined)?.error?.error_code;
}
