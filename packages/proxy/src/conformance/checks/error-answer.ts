/**
 * Judging one error answer of /v1/do (400, 404, 500) against Arena's ConnectorProxyProtocolError:
 * JSON with `command_response` (an object) and `error: {error_code, message}`; `spiff__logs`, when
 * present, an array (null crashes Arena's logging loop). The Python reference's own shape (text/html
 * content type, no version and no logs) is reported as its known deviation.
 */
import { type CheckResult, deviation, result } from "../check-result.js";
import { describeProblems, protocolErrorShape } from "../contract-shapes.js";
import { type ProbeAnswer, summarise } from "../probe.js";

/** The checks of an error answer's shape, once its status was found acceptable. */
export function judgeErrorAnswer(
  area: string,
  check: string,
  answer: ProbeAnswer,
  expectedCode?: string,
): CheckResult[] {
  const parsed = protocolErrorShape.safeParse(answer.json);
  if (!parsed.success) {
    return [
      result(area, check, "fail", `not Arena's error shape (${describeProblems(parsed.error)}): ${summarise(answer)}`),
    ];
  }
  const { error } = parsed.data;
  if (expectedCode && error.error_code !== expectedCode) {
    return [result(area, check, "fail", `error_code is "${error.error_code}", Arena expects "${expectedCode}"`)];
  }
  const logs = (answer.json as Record<string, unknown>).spiff__logs;
  if (logs === null || (logs !== undefined && !Array.isArray(logs))) {
    return [
      result(area, check, "fail", `spiff__logs is ${JSON.stringify(logs)}: it must be an array (null crashes Arena)`),
    ];
  }
  const found = [result(area, check, "pass", `${answer.status} ${error.error_code}: ${error.message}`)];
  if (!answer.contentType.includes("json")) {
    found.push(
      deviation(area, `${check}: content type`, "error-answer-content-type", `content type "${answer.contentType}"`),
    );
  }
  const body = answer.json as Record<string, unknown>;
  if (body.command_response_version === undefined || logs === undefined) {
    found.push(
      deviation(area, `${check}: full envelope`, "error-envelope-incomplete", `keys ${Object.keys(body).join(", ")}`),
    );
  }
  return found;
}
