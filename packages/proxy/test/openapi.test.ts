import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ObservedProxy, observedProxy } from "./helpers/observed-proxy.js";

let proxy: ObservedProxy;

beforeAll(async () => {
  proxy = await observedProxy({ discover: true });
});
afterAll(() => proxy.close());

type Operation = {
  operationId: string;
  requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } };
  responses: Record<string, unknown>;
  description: string;
  "x-error-codes": string[];
};

describe("/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const response = await proxy.app.request("/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string };
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors.map((error) => error.message)).toEqual([]);
    expect(result.specification).toBe("OpenAPI");
  });

  it("has one operation per catalogue command, with its parameters, envelope and error codes", async () => {
    const document = (await (await proxy.app.request("/openapi.json")).json()) as {
      paths: Record<string, { post?: Operation }>;
    };
    const ids = proxy.catalogue.list().map((handle) => handle.id);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(document.paths[`/v1/do/${id}`]?.post?.operationId).toBe(id.replace("/", "."));
    const example = document.paths["/v1/do/example/Example"]?.post;
    const body = example?.requestBody.content["application/json"].schema;
    expect(body?.properties.message).toMatchObject({ type: "string", description: "Any text" });
    expect(body?.properties.spiff__task_data).toMatchObject({ type: "object" });
    expect(example?.responses["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/Envelope" } } },
    });
    const fail = document.paths["/v1/do/observed/Fail"]?.post;
    expect(fail?.["x-error-codes"]).toEqual(["Boom"]);
    expect(fail?.description).toContain("`Boom`: It always fails");
    expect(fail?.description).toContain("`CommandTimeout`");
  });

  it("declares the API key when the proxy has one, and asks for it unless configured otherwise", async () => {
    const env = { CONNECTOR_PROXY_API_KEY: "openapi-key-123" };
    const keyed = await observedProxy({}, env);
    const open = await observedProxy({ openapi: { require_api_key: false } }, env);
    try {
      expect((await keyed.app.request("/openapi.json")).status).toBe(401);
      const document = (await (await open.app.request("/openapi.json")).json()) as Record<string, unknown>;
      expect(document.security).toEqual([{ ApiKey: [] }]);
      expect(document.components).toMatchObject({
        securitySchemes: { ApiKey: { type: "apiKey", in: "header", name: "Spiff-Connector-Proxy-Api-Key" } },
      });
    } finally {
      await Promise.all([keyed.close(), open.close()]);
    }
  });
});

describe("/docs", () => {
  it("renders an API reference page that loads the document", async () => {
    const response = await proxy.app.request("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("<html");
    expect(html).toContain("openapi.json");
    expect(html).toContain('src="docs/assets/swagger-ui-bundle.js"'); // served by the proxy: docs-page.test.ts
  });
});
