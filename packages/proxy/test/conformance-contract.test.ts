import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "@connector-proxy/sdk";
import { describe, expect, it } from "vitest";
import {
  commandDescriptionShape,
  commandParameterShape,
  connectorCommandResponseShape,
  protocolErrorShape,
  responseV2Shape,
  SPIFF_TYPES,
  unauthorizedShape,
} from "../src/conformance/contract-shapes.js";
import { repoRoot } from "./helpers/test-proxy.js";

const openapi = JSON.parse(readFileSync(path.join(repoRoot, "spec", "spiff-protocol", "openapi.json"), "utf8"));
const schemas = openapi.components.schemas as Record<
  string,
  { required?: string[]; properties?: Record<string, { enum?: string[] }> }
>;

const required = (shape: z.ZodType) => {
  const schema = z.toJSONSchema(shape, { io: "input", unrepresentable: "any" }) as { required?: string[] };
  return [...(schema.required ?? [])].sort();
};

describe("the checker's embedded contract", () => {
  it.each([
    ["CommandDescription", commandDescriptionShape],
    ["CommandParameter", commandParameterShape],
    ["ConnectorCommandResponse", connectorCommandResponseShape],
    ["ConnectorProxyResponseV2", responseV2Shape],
    ["ConnectorProxyProtocolError", protocolErrorShape],
  ] as const)("requires the fields the vendored openapi.json requires of %s", (name, shape) => {
    expect(required(shape)).toEqual([...(schemas[name]?.required ?? [])].sort());
  });

  it("knows the parameter types and the 401 shape of the vendored document", () => {
    expect([...SPIFF_TYPES]).toEqual(schemas.CommandParameter?.properties?.type?.enum);
    const unauthorized = openapi.components.responses.Unauthorized.content["application/json"].schema;
    expect(required(unauthorizedShape)).toEqual(unauthorized.required);
  });

  it("accepts the document's own examples", () => {
    const paths = openapi.paths;
    const catalogue = paths["/v1/commands"].get.responses["200"].content["application/json"].example;
    for (const item of catalogue) expect(commandDescriptionShape.safeParse(item).success).toBe(true);
    const envelope = paths["/v1/do/{connector}/{command}"].post.responses["200"].content["application/json"].example;
    expect(responseV2Shape.safeParse(envelope).success).toBe(true);
  });
});
