/**
 * `connector-proxy record --to <folder>`: a decorator of command handles that runs each call as
 * usual and writes it, with its answer, as a mock fixture (mock-fixture.ts) that `serve --mock`
 * replays. Credentials are scrubbed first with the proxy's redaction: values under sensitive keys
 * (in parameters and answer alike), credential patterns and configured secrets in any string.
 * A redacted parameter stays in `match` as `***REDACTED***`, which matches any value.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { type Outcome, redact, redactText } from "@connector-proxy/sdk";
import type { HandleDecorator } from "../catalogue/catalogue.js";
import type { Logger } from "../log/logger.js";
import type { FixtureFile } from "./mock-fixture.js";

const NUMBERED = /^(\d+)-/;

/** The handle decorator recording every call into `folder` (created if missing), numbered after what it holds. */
export function recordCalls(folder: string, secrets: ReadonlySet<string>, logger: Logger): HandleDecorator {
  mkdirSync(folder, { recursive: true });
  let last = Math.max(0, ...readdirSync(folder).map((name) => Number(NUMBERED.exec(name)?.[1] ?? 0)));
  logger.info({ folder }, "recording every call as a mock fixture");
  return (handle) => ({
    ...handle,
    invoke: async (call) => {
      const outcome = await handle.invoke(call);
      last += 1;
      const file = path.join(folder, `${String(last).padStart(4, "0")}-${handle.id.replace(/[^\w.-]/g, "-")}.json`);
      const fixture = scrubbed(toFixture(handle.id, call.params, outcome), secrets);
      await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`).catch((error: unknown) =>
        logger.error({ err: error, file }, "could not write a recorded fixture"),
      );
      return outcome;
    },
  });
}

function toFixture(command: string, params: Record<string, unknown>, outcome: Outcome): FixtureFile {
  return {
    command,
    match: params,
    status: outcome.status,
    envelope: { ...outcome.envelope, command_response: { ...outcome.envelope.command_response } },
    ...(outcome.legacyV1 ? { legacy_v1: outcome.legacyV1 } : {}),
  };
}

/** `value` with sensitive keys redacted and every string scrubbed of credentials and secrets. */
function scrubbed<T>(value: T, secrets: ReadonlySet<string>): T {
  const scrubStrings = (item: unknown): unknown => {
    if (typeof item === "string") return redactText(item, secrets);
    if (Array.isArray(item)) return item.map(scrubStrings);
    if (item !== null && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, scrubStrings(inner)]));
    }
    return item;
  };
  return scrubStrings(redact(value)) as T;
}
