/**
 * `serve --mock <folder>`: a decorator of command handles that answers calls from fixture files
 * instead of running the command. Only commands with at least one fixture are mocked; the others
 * run as usual. The parameters are still validated by the command (a mock is no more lenient than
 * the real thing), then the first fixture whose `match` the parameters satisfy answers; none
 * answers `NoMockMatched`, listing the candidates. The answer then takes the proxy's usual path
 * (execution, jobs, the HTTP edge), so status and envelope are sent exactly as a real answer is.
 */
import { isDeepStrictEqual } from "node:util";
import { type Outcome, proxyErrorOutcome, REDACTED, redact } from "@connector-proxy/sdk";
import type { Catalogue, HandleDecorator } from "../catalogue/catalogue.js";
import type { CommandHandle, Invocation } from "../hosting/command-handle.js";
import type { Logger } from "../log/logger.js";
import type { MockFixture } from "./mock-fixture.js";

/** True when every key of `match` is in `params` with a matching value. */
export function matchesCall(match: Readonly<Record<string, unknown>>, params: Readonly<Record<string, unknown>>) {
  return Object.entries(match).every(([key, expected]) => Object.hasOwn(params, key) && matches(expected, params[key]));
}

/** Equal as JSON, except that a redacted value (a recorded credential) matches any value, at any depth. */
function matches(expected: unknown, actual: unknown): boolean {
  if (expected === REDACTED) return true;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => matches(item, actual[i]))
    );
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((key) => Object.hasOwn(actual, key) && matches(expected[key], actual[key]))
    );
  }
  return isDeepStrictEqual(expected, actual);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Answer the catalogue's commands that have fixtures from them; warns about fixtures of commands not served. */
export function mockCommands(catalogue: Catalogue, fixtures: readonly MockFixture[], logger: Logger): void {
  catalogue.decorate(answerFromFixtures(fixtures, logger));
  const unserved = [...new Set(fixtures.map((fixture) => fixture.command))].filter((id) => !catalogue.get(id));
  if (unserved.length > 0) {
    logger.warn({ commands: unserved }, "mock fixtures name commands this proxy does not serve (yet): they answer 404");
  }
}

/** The handle decorator answering from `fixtures`. */
export function answerFromFixtures(fixtures: readonly MockFixture[], logger: Logger): HandleDecorator {
  const byCommand = new Map<string, MockFixture[]>();
  for (const fixture of fixtures) byCommand.set(fixture.command, [...(byCommand.get(fixture.command) ?? []), fixture]);
  logger.info(
    { commands: [...byCommand.keys()], fixtures: fixtures.length },
    "answering these commands from mock fixtures",
  );
  return (handle) => {
    const candidates = byCommand.get(handle.id);
    return candidates ? { ...handle, invoke: (call) => answer(handle, candidates, call, logger) } : handle;
  };
}

async function answer(
  handle: CommandHandle,
  candidates: readonly MockFixture[],
  call: Invocation,
  logger: Logger,
): Promise<Outcome> {
  const invalid = handle.validate?.(call.params);
  if (invalid) return invalid;
  const fixture = candidates.find((candidate) => matchesCall(candidate.match, call.params));
  if (fixture) {
    logger.debug({ command: handle.id, fixture: fixture.file }, "answered from a mock fixture");
    return fixture.outcome();
  }
  const listed = candidates.map((candidate) => `${candidate.file} (match ${shown(candidate.match)})`).join(", ");
  return proxyErrorOutcome(
    "NoMockMatched",
    `No mock fixture for "${handle.id}" matches the parameters ${shown(call.params)}; the candidates are ${listed}: add a fixture for these parameters or narrow a candidate's match`,
  );
}

/** Parameters as a message shows them: credentials redacted, long values cut. */
function shown(params: Readonly<Record<string, unknown>>): string {
  const text = JSON.stringify(redact(params));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
