/**
 * The error a refused destination raises inside the transport, recognised by its `code`
 * when the request fails (never by `instanceof`).
 */
import type { EgressDenial } from "./egress-policy.js";

export const EGRESS_DENIED = "EGRESS_DENIED";

/** An Error carrying the refused destination and the rule, raised where the connection is made. */
export function egressDeniedError(host: string, address: string | null, denial: EgressDenial): Error {
  const where = address && address !== host ? `"${host}" (${address})` : `"${host}"`;
  return Object.assign(
    new Error(`Calling ${where} is refused by the http connector's egress policy: rule ${denial.rule}`),
    { code: EGRESS_DENIED, rule: denial.rule },
  );
}
