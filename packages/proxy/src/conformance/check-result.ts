/**
 * One row of a conformance report, and the known deviations of the Python reference proxy
 * (sartography/spiffworkflow-proxy, src/spiffworkflow_proxy/blueprint.py), which are reported
 * as warnings, not failures: Arena lives with them today.
 */

export type Verdict = "pass" | "warn" | "fail" | "skip";

export interface CheckResult {
  /** What part of the contract: liveness, catalogue, api-key, dispatch, examples, status-codes. */
  area: string;
  check: string;
  verdict: Verdict;
  detail: string;
  /** The known reference deviation this warning is (a key of REFERENCE_DEVIATIONS). */
  deviation?: ReferenceDeviation;
  /** The HTTP status the check observed, when it called /v1/do. */
  status?: number;
}

export const REFERENCE_DEVIATIONS = {
  "error-answer-content-type":
    "the Python reference sends its 404 and 500 answers as text/html (Flask's default), although the body is JSON",
  "error-envelope-incomplete":
    "the Python reference's 404 and 500 answers carry only command_response and error (no command_response_version, no spiff__logs)",
  "invalid-parameters-500":
    "the Python reference answers missing or unknown parameters 500 with the Python exception's class (TypeError), which Arena retries as transient",
  "unparsable-body-html": "the Python reference answers a body that is not JSON with Flask's HTML error page",
  "no-api-key": "the Python reference has no API key: every route is open to whoever reaches it",
} as const;

export type ReferenceDeviation = keyof typeof REFERENCE_DEVIATIONS;

export const result = (area: string, check: string, verdict: Verdict, detail = ""): CheckResult => ({
  area,
  check,
  verdict,
  detail,
});

/** A warning for a known deviation of the reference, with what was seen. */
export function deviation(area: string, check: string, which: ReferenceDeviation, seen: string): CheckResult {
  return {
    area,
    check,
    verdict: "warn",
    detail: `${seen}: known deviation (${REFERENCE_DEVIATIONS[which]})`,
    deviation: which,
  };
}
