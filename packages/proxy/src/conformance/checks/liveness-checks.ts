/**
 * Liveness and the banner: `GET /liveness` and `GET /v1/liveness` answer 200 `{"ok": true}` without
 * the API key (orchestrators probe them); `GET /` answers a banner (Arena never calls it).
 */
import { type CheckResult, result } from "../check-result.js";
import { type Probe, summarise } from "../probe.js";

export async function livenessChecks(probe: Probe): Promise<CheckResult[]> {
  const found: CheckResult[] = [];
  for (const path of ["/liveness", "/v1/liveness"]) {
    const answer = await probe.request(path, { apiKey: null, timeoutMs: 15_000 });
    const ok = answer.status === 200 && (answer.json as { ok?: unknown } | undefined)?.ok === true;
    found.push(
      result(
        "liveness",
        `GET ${path} without the key`,
        ok ? "pass" : "fail",
        ok ? `200 in ${answer.ms} ms` : `expected 200 {"ok": true}, got ${summarise(answer)}`,
      ),
    );
  }
  const banner = await probe.request("/", { apiKey: null, timeoutMs: 15_000 });
  found.push(
    result(
      "liveness",
      "GET / banner",
      banner.status === 200 ? "pass" : "warn",
      banner.status === 200 ? "200" : `expected 200 and a short banner (Arena does not call it): ${summarise(banner)}`,
    ),
  );
  return found;
}
