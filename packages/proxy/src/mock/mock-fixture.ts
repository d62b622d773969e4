/**
 * Mock fixtures: one file per answer (JSON or YAML), human-editable. A fixture names a command,
 * optionally the parameters it answers (a subset, compared by value), and the answer: the outer
 * status and the v2 envelope, exactly as the proxy would send them (docs/authoring.md, "Mocks").
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Envelope, type Outcome, z } from "@connector-proxy/sdk";
import { StartupError } from "../catalogue/load-connector.js";

const envelopeSchema = z.strictObject({
  command_response: z.looseObject({}).default({ body: null, mimetype: "application/json" }),
  command_response_version: z.literal(2).default(2),
  error: z
    .strictObject({ error_code: z.string().min(1), message: z.string() })
    .nullable()
    .default(null),
  spiff__logs: z.array(z.string()).default([]),
});

export const fixtureSchema = z.strictObject({
  command: z.string().regex(/^[^/]+\/[^/]+$/, "expected a command id such as http/GetRequestV2"),
  match: z.record(z.string(), z.unknown()).default({}),
  status: z.number().int().min(100).max(599).default(200),
  envelope: envelopeSchema.prefault({}),
  /** A legacy v1 answer: sent raw with this mimetype instead of the envelope. */
  legacy_v1: z.strictObject({ body: z.string(), mimetype: z.string() }).optional(),
});

export type FixtureFile = z.input<typeof fixtureSchema>;

export interface MockFixture {
  /** Path relative to the fixture folder: the order fixtures are tried in, and how messages name them. */
  readonly file: string;
  readonly command: string;
  readonly match: Readonly<Record<string, unknown>>;
  /** A fresh copy of the answer (the execution path may change the envelope it is given). */
  outcome(): Outcome;
}

const FIXTURE_FILE = /\.(json|ya?ml)$/;

/** Every fixture file under `folder` (recursively), in path order; throws a StartupError naming a bad file. */
export async function loadFixtures(folder: string): Promise<MockFixture[]> {
  let names: string[];
  try {
    names = (await readdir(folder, { recursive: true })).filter((name) => FIXTURE_FILE.test(name)).sort();
  } catch (error) {
    throw new StartupError(`Cannot read the mock folder ${folder}: ${(error as Error).message}`);
  }
  const { parse: parseYaml } = await import("yaml");
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(folder, name);
      let raw: unknown;
      try {
        const text = await readFile(file, "utf8");
        raw = name.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
      } catch (error) {
        throw new StartupError(`Mock fixture ${file} cannot be read: ${(error as Error).message}`);
      }
      const parsed = fixtureSchema.safeParse(raw);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(file)"}: ${issue.message}`);
        throw new StartupError(`Mock fixture ${file} is invalid: ${problems.join("; ")}`);
      }
      return toFixture(name.split(path.sep).join("/"), parsed.data);
    }),
  );
}

function toFixture(file: string, data: z.output<typeof fixtureSchema>): MockFixture {
  const envelope: Envelope = {
    command_response: data.envelope.command_response as Envelope["command_response"],
    command_response_version: 2,
    error: data.envelope.error,
    spiff__logs: data.envelope.spiff__logs,
  };
  const { legacy_v1: legacyV1, status } = data;
  return {
    file,
    command: data.command,
    match: data.match,
    outcome: () => ({
      status,
      envelope: structuredClone(envelope),
      ...(legacyV1 ? { legacyV1: { ...legacyV1 } } : {}),
    }),
  };
}
