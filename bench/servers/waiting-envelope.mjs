/**
 * Bench child: the concurrency scenario's calibration target. It answers every call with a v2
 * envelope after DELAY_MS (default 2000) and calls no upstream, so what it reaches is the most
 * this machine's client, kernel and one Node process can show: the ceiling of the rig itself.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { serveEnvelopes } from "./envelope-server.mjs";

const delay = Number(process.env.DELAY_MS ?? 2000);

serveEnvelopes(async () => {
  await sleep(delay);
  return { body: { ok: true }, http_status: 200 };
});
