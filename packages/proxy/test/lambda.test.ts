import path from "node:path";
import { Writable } from "node:stream";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { createLambdaHandler } from "../src/adapters/lambda.js";
import { parseConfig } from "../src/config/load-config.js";
import { fixturesDir, repoDir } from "./helpers/observed-proxy.js";

const API_KEY = "lambda-key-123";
const env = { CONNECTOR_PROXY_API_KEY: API_KEY };
const { config, secrets } = parseConfig(
  {
    node_modules: path.join(repoDir, "node_modules"),
    discover: false,
    connectors: { example: { package: "@connector-proxy/connector-example" } },
  },
  env,
  "lambda test",
);
const entry = createLambdaHandler({
  config: { config, secrets, baseDir: fixturesDir, file: null },
  env,
  logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});
afterAll(async () => (await entry.proxy()).close());

const context: LambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: "spiffworkflow-connector",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:spiffworkflow-connector",
  memoryLimitInMB: "512",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  logGroupName: "/aws/lambda/spiffworkflow-connector",
  logStreamName: "2026/11/30/[$LATEST]abcdef",
  getRemainingTimeInMillis: () => 30_000,
};

interface Request {
  method: "GET" | "POST";
  path: string;
  body?: string;
  base64?: boolean;
  key?: string;
}

/** A Lambda Function URL event (payload format 2.0), as AWS sends it. */
function functionUrlEvent({ method, path: rawPath, body, base64 = false, key }: Request) {
  const host = "abcdefghijklmnop.lambda-url.eu-west-1.on.aws";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: {
      host,
      "user-agent": "python-requests/2.32.3",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      "x-forwarded-for": "198.51.100.7",
      "x-amzn-trace-id": "Root=1-674b1b1e-0123456789abcdef01234567",
      accept: "*/*",
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(key ? { "spiff-connector-proxy-api-key": key } : {}),
    },
    requestContext: {
      accountId: "anonymous",
      apiId: "abcdefghijklmnop",
      domainName: host,
      domainPrefix: "abcdefghijklmnop",
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "198.51.100.7",
        userAgent: "python-requests/2.32.3",
      },
      requestId: "0b5b6b0a-1e77-4b4e-9d8f-2f3e7b1b5a10",
      routeKey: "$default",
      stage: "$default",
      time: "30/Nov/2026:15:00:00 +0000",
      timeEpoch: 1796050800000,
    },
    ...(body !== undefined ? { body, isBase64Encoded: base64 } : { isBase64Encoded: false }),
  };
}

/** An API Gateway HTTP API event (payload format 2.0) for a `ANY /{proxy+}` route. */
function apiGatewayV2Event(request: Request) {
  const event = functionUrlEvent(request);
  const host = "k3x9v2q1ab.execute-api.eu-west-1.amazonaws.com";
  return {
    ...event,
    routeKey: "ANY /{proxy+}",
    headers: { ...event.headers, host, "content-length": String(request.body?.length ?? 0) },
    pathParameters: { proxy: request.path.slice(1) },
    requestContext: {
      ...event.requestContext,
      accountId: "123456789012",
      apiId: "k3x9v2q1ab",
      domainName: host,
      domainPrefix: "k3x9v2q1ab",
      routeKey: "ANY /{proxy+}",
    },
  };
}

const shapes = [
  ["Function URL", functionUrlEvent],
  ["API Gateway v2", apiGatewayV2Event],
] as const;

// Real events omit fields Hono's event types require (authorizer on a public Function URL...).
const invoke = (event: object) => entry.handler(event as LambdaEvent, context);

describe.each(shapes)("Lambda handler, %s events", (_name, makeEvent) => {
  it("answers /v1/commands with the API key, and 401 without", async () => {
    const denied = await invoke(makeEvent({ method: "GET", path: "/v1/commands" }));
    expect(denied.statusCode).toBe(401);
    const answer = await invoke(makeEvent({ method: "GET", path: "/v1/commands", key: API_KEY }));
    expect(answer.statusCode).toBe(200);
    const ids = (JSON.parse(answer.body) as { id: string }[]).map((entry) => entry.id);
    expect(ids).toContain("example/Example");
  });

  it("runs example/Example from a plain and from a base64-encoded body", async () => {
    const body = JSON.stringify({ message: "from lambda", spiff__task_data: { a: 1 } });
    for (const event of [
      makeEvent({ method: "POST", path: "/v1/do/example/Example", body, key: API_KEY }),
      makeEvent({
        method: "POST",
        path: "/v1/do/example/Example",
        body: Buffer.from(body).toString("base64"),
        base64: true,
        key: API_KEY,
      }),
    ]) {
      const answer = await invoke(event);
      expect(answer.statusCode).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        command_response: {
          body: { connector_response: "You passed the example connector: 'from lambda'. Have a good day!" },
        },
        error: null,
      });
    }
  });

  it("refuses a command call with a wrong API key", async () => {
    const body = JSON.stringify({ message: "x" });
    const answer = await invoke(makeEvent({ method: "POST", path: "/v1/do/example/Example", body, key: "wrong" }));
    expect(answer.statusCode).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: "Unauthorized" });
  });
});
