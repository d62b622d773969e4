/**
 * The API key (header `Spiff-Connector-Proxy-Api-Key`): with a key configured, `/v1/commands` and
 * `/v1/do/*` answer 401 `{"error": ...}` to a request without it or with a wrong one.
 * Checked only when `--api-key` is given (the key is optional in Arena's contract).
 */
import { type CheckResult, deviation, result } from "../check-result.js";
import { describeProblems, unauthorizedShape } from "../contract-shapes.js";
import { type Probe, type ProbeAnswer, type ProbeRequest, summarise, UNKNOWN_COMMAND_PATH } from "../probe.js";

export async function apiKeyChecks(probe: Probe): Promise<CheckResult[]> {
  if (probe.apiKey === null) return [result("api-key", "API key enforced", "skip", "no --api-key given")];
  const cases: [string, string, ProbeRequest][] = [
    ["GET /v1/commands without the key", "/v1/commands", { apiKey: null }],
    ["GET /v1/commands with a wrong key", "/v1/commands", { apiKey: `${probe.apiKey}-wrong` }],
    // an id no proxy serves: a proxy that does not check the key runs nothing
    ["POST /v1/do without the key", UNKNOWN_COMMAND_PATH, { apiKey: null, body: {} }],
  ];
  const answers = await Promise.all(cases.map(([, path, request]) => probe.request(path, request)));
  const enforced = answers.some((answer) => answer.status === 401);
  return cases.map(([check], index) => {
    const answer = answers[index] as ProbeAnswer;
    if (answer.status === 401) {
      const parsed = unauthorizedShape.safeParse(answer.json);
      return parsed.success
        ? { ...result("api-key", check, "pass", "401"), status: 401 }
        : result("api-key", check, "fail", `401 but not {"error": string}: ${describeProblems(parsed.error)}`);
    }
    if (!enforced && answer.status !== 0) {
      return deviation("api-key", check, "no-api-key", `answered ${answer.status}: the proxy does not check the key`);
    }
    return result("api-key", check, "fail", `expected 401 {"error": ...}, got ${summarise(answer)}`);
  });
}
