/**
 * Fuzzing the HTTP surface (fast-check) against a real server on port 0: malformed calls of real
 * commands (a wrong type for each parameter, invalid, deep or huge JSON, reserved and prototype
 * keys, odd content types, methods and paths) and the other routes. Every answer must be a
 * well-formed JSON error (4xx for the caller's mistake) or a valid envelope, never a 5xx, never
 * hang; the server keeps serving. The seed is printed; `FUZZ_SEED=<seed> npx vitest run
 * packages/proxy/test/fuzz.test.ts` replays a run (`FUZZ_RUNS` changes its length).
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listen, type RunningServer } from "../src/adapters/node-server.js";
import { type TestProxy, testProxy } from "./helpers/test-proxy.js";

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const BODY_LIMIT = 64 * 1024;
const DEPTH = 32;
/** Commands fuzzed parameter by parameter (none of them reaches the network with a wrong parameter). */
const COMMANDS = ["example/Example", "example/ReadTaskData", "http/GetRequestV2", "http/PostRequestV2"];

let proxy: TestProxy;
let server: RunningServer;

beforeAll(async () => {
  proxy = await testProxy({
    include: ["example/*", "http/*"],
    body_limit_bytes: BODY_LIMIT,
    limits: { json_depth: DEPTH },
  });
  server = await listen(proxy, 0, "127.0.0.1");
});
afterAll(async () => {
  await server?.close(0);
  await proxy?.close();
});

interface Probe {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What the answer must be, beyond "well-formed and not 5xx". */
  expect?: { status: number; code?: string };
}

const JSON_HEADERS = { "content-type": "application/json" };

type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";
const valuesOf: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.string(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  integer: fc.integer(),
  boolean: fc.boolean(),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  null: fc.constant(null),
};

/** JSON types a parameter schema accepts (empty: anything, so no value of a wrong type exists). */
function acceptedTypes(schema: Record<string, unknown>): JsonType[] {
  if (typeof schema.type === "string") {
    return schema.type === "number" ? ["number", "integer"] : [schema.type as JsonType];
  }
  if (Array.isArray(schema.type)) return schema.type as JsonType[];
  const variants = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  return variants ? variants.flatMap(acceptedTypes) : [];
}

/** One call per command parameter with a typed schema: that parameter of a wrong type, the others valid. */
function wrongTypeProbes(): fc.Arbitrary<Probe>[] {
  const probes: fc.Arbitrary<Probe>[] = [];
  for (const id of COMMANDS) {
    const handle = proxy.catalogue.get(id);
    if (!handle) throw new Error(`the fuzz suite needs ${id}`);
    const properties = (handle.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const valid = { url: "http://127.0.0.1:9/", message: "m", key: "k" };
    for (const [name, schema] of Object.entries(properties)) {
      const accepted = acceptedTypes(schema);
      if (accepted.length === 0) continue;
      const wrong = (Object.keys(valuesOf) as JsonType[]).filter(
        (type) => !accepted.includes(type) && !(type === "integer" && accepted.includes("number")),
      );
      probes.push(
        fc.oneof(...wrong.map((type) => valuesOf[type])).map((value) => ({
          kind: `wrong type of ${id} ${name}`,
          method: "POST",
          path: `/v1/do/${id}`,
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...valid, [name]: value }),
          expect: { status: 400, code: "InvalidParameters" },
        })),
      );
    }
  }
  return probes;
}

const command = fc.constantFrom(...COMMANDS);

const call = (kind: string, body: fc.Arbitrary<string>, expected?: Probe["expect"]) =>
  fc.tuple(command, body).map(
    ([id, text]): Probe => ({
      kind,
      method: "POST",
      path: `/v1/do/${id}`,
      headers: JSON_HEADERS,
      body: text,
      ...(expected ? { expect: expected } : {}),
    }),
  );

const deepBody = fc
  .tuple(
    fc.integer({ min: DEPTH + 1, max: 10_000 }),
    fc.constantFrom("[", '{"a":'),
    fc.constantFrom("spiff__task_data", "message", "headers"),
  )
  .map(([levels, open, key]) => {
    const close = open === "[" ? "]" : "}";
    return `{"${key}":${open.repeat(levels)}${open === "[" ? "" : "1"}${close.repeat(levels)}}`;
  });

const invalidJson = fc.oneof(
  fc.string(),
  fc.json().map((text) => text.slice(0, Math.max(1, text.length - 1))),
  fc.constantFrom("{", "}", "[]", "null", "1", '"x"', "{'a':1}", '{"a":1,}', "\u0000", '{"a":"\\u12"}', "NaN"),
);

const reservedKeys = fc
  .record(
    {
      spiff__task_data: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string()),
      spiff__callback_url: fc.oneof(
        fc.jsonValue({ maxDepth: 1 }),
        fc.constantFrom("not a url", "ftp://x/", "javascript:alert(1)", ""),
      ),
      spiff__task_id: fc.jsonValue({ maxDepth: 1 }),
      spiff__process_instance_id: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  )
  .map((reserved) => JSON.stringify({ message: "m", key: "k", url: 5, ...reserved }));

const prototypeKeys = fc
  .tuple(fc.constantFrom("__proto__", "constructor", "prototype"), fc.jsonValue({ maxDepth: 2 }))
  .map(
    ([key, value]) =>
      `{"message":"m","key":"k","url":7,"${key}":${JSON.stringify(value)},"nested":{"${key}":{"polluted":true}}}`,
  );

const oddContentType = fc
  .tuple(
    command,
    fc.oneof(
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
        "application/json; charset=latin1",
        "application/xml",
      ),
      fc.string({ maxLength: 30 }),
    ),
    fc.oneof(fc.json(), fc.string()),
  )
  .map(
    ([id, type, body]): Probe => ({
      kind: "odd content type",
      method: "POST",
      path: `/v1/do/${id}`,
      headers: type === "" ? {} : { "content-type": type.replace(/[^\t\x20-\x7e]/g, "") },
      body,
    }),
  );

const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom("..", ".", "%2e%2e", "%00", "%2F", "example", "Example", "http", "ReadTaskData", "a%20b", "ü", "%ff"),
);

const oddPaths = fc
  .tuple(
    fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
    fc.array(segment, { minLength: 0, maxLength: 4 }),
    fc.option(fc.json()),
  )
  .map(
    ([method, segments, body]): Probe => ({
      kind: "odd path",
      method,
      path: `/v1/do/${segments.join("/")}`,
      headers: JSON_HEADERS,
      ...(body !== null && method !== "GET" ? { body } : {}),
    }),
  );

const otherRoutes = fc
  .tuple(
    fc.constantFrom(
      ["GET", "/v1/commands"],
      ["GET", "/v1/auths"],
      ["GET", "/liveness"],
      ["GET", "/v1/liveness"],
      ["GET", "/openapi.json"],
      ["GET", "/v1/jobs"],
      ["GET", "/v1/jobs/ID"],
      ["DELETE", "/v1/jobs/ID"],
      ["POST", "/v1/jobs/ID/retry"],
      ["POST", "/v1/jobs/ID/complete"],
      ["GET", "/v1/jobs?status=Q&limit=Q&offset=Q"],
      ["POST", "/v1/commands"],
      ["GET", "/ID"],
    ),
    segment,
    fc.oneof(fc.json(), fc.string(), deepBody),
  )
  .map(
    ([[method, template], part, body]): Probe => ({
      kind: `route ${method} ${template}`,
      method,
      path: template.replace("ID", part).replace(/Q/g, part),
      headers: JSON_HEADERS,
      ...(method === "POST" ? { body } : {}),
    }),
  );

/** How fast-check prints a probe in a failure report: its body cut short (deep and huge bodies run to 250 KB). */
function printable(probe: Probe): Probe {
  const body = probe.body ?? "";
  const shown = `${probe.kind}: ${probe.method} ${probe.path} ${JSON.stringify(probe.headers)} body(${body.length}) ${body.slice(0, 200)}`;
  return Object.assign(probe, { [fc.toStringMethod]: () => shown });
}

function probes(): fc.Arbitrary<Probe> {
  return fc
    .oneof(
      ...wrongTypeProbes(),
      call("invalid JSON", invalidJson),
      call("deep JSON", deepBody, { status: 400, code: "InvalidRequestBody" }),
      call(
        "huge JSON",
        fc.integer({ min: BODY_LIMIT + 1, max: 4 * BODY_LIMIT }).map((size) => `{"message":"${"x".repeat(size)}"}`),
        { status: 413, code: "PayloadTooLarge" },
      ),
      call("reserved keys", reservedKeys),
      call("prototype keys", prototypeKeys),
      oddContentType,
      oddPaths,
      otherRoutes,
    )
    .map(printable);
}

/** The answer is well-formed JSON (a 4xx error or an envelope), not a 5xx, and what the probe expects. */
async function check(probe: Probe): Promise<void> {
  const response = await fetch(`${server.url}${probe.path}`, {
    method: probe.method,
    headers: probe.headers,
    ...(probe.body === undefined ? {} : { body: probe.body }),
    signal: AbortSignal.timeout(15_000), // a hang fails the property
  });
  const text = await response.text();
  const where = `${probe.kind}: ${probe.method} ${probe.path} -> ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  const type = response.headers.get("content-type") ?? "";
  if (probe.path.startsWith("/v1/") || response.status >= 400) {
    expect(type, where).toMatch(/^application\/json/);
    const answer = JSON.parse(text) as { error?: unknown; command_response_version?: number };
    if (response.status >= 400) {
      const error = answer.error as { error_code?: unknown; message?: unknown } | string | undefined;
      const message = typeof error === "string" ? error : error?.message;
      expect(typeof message === "string" && message.length > 0, where).toBe(true);
    } else if (probe.path.startsWith("/v1/do/")) {
      expect(answer.command_response_version, where).toBe(2);
    }
  }
  if (probe.kind === "invalid JSON" && !isJsonObject(probe.body ?? "")) {
    expect(response.status, where).toBe(400);
  }
  if (probe.expect) {
    expect(response.status, where).toBe(probe.expect.status);
    expect((JSON.parse(text) as { error?: { error_code?: string } }).error?.error_code, where).toBe(probe.expect.code);
  }
}

function isJsonObject(text: string): boolean {
  if (text.trim() === "") return true; // an empty body is {}
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

it(`answers ${RUNS} malformed requests with a JSON 4xx or an envelope, and keeps serving`, async () => {
  console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npx vitest run packages/proxy/test/fuzz.test.ts)`);
  await fc.assert(fc.asyncProperty(probes(), check), { seed: SEED, numRuns: RUNS, endOnFailure: true });
  const alive = await fetch(`${server.url}/v1/do/example/Example`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ message: "still here" }),
  });
  expect(alive.status).toBe(200);
}, 240_000);
