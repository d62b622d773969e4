/**
 * Each command advertises exactly the parameters of its anchor: the V2 commands as
 * CONTRACT.md's catalogue table lists them, Arena's built-in names as its prose says.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SpiffParameter } from "@connector-proxy/sdk";
import { describe, expect, it } from "vitest";
import { createHttpConnector } from "../src/create-http-connector.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CONTRACT = path.resolve(here, "../../../spec/spiff-protocol/CONTRACT.md");
const http = createHttpConnector();

type Advertised = Record<string, { type: string; required: boolean }>;

function advertised(name: string): Advertised {
  const command = http.commands.find((item) => item.name === name);
  if (!command) throw new Error(`no command ${name}`);
  return Object.fromEntries(
    command.parameters.map((parameter: SpiffParameter) => [
      parameter.id,
      { type: parameter.type, required: parameter.required },
    ]),
  );
}

/** Parse a catalogue cell such as `url str R; headers, params, data any; basic auth; attempts int (1-10, ...)`. */
function parseCell(cell: string): Advertised {
  const result: Advertised = {};
  for (const part of cell.split(";").map((item) => item.replace(/\(.*?\)/g, "").trim())) {
    if (part === "basic auth") {
      result.basic_auth_username = { type: "str", required: false };
      result.basic_auth_password = { type: "str", required: false };
      continue;
    }
    const match = /^([\w, ]+?)\s+(str|int|bool|any)(\s+R)?$/.exec(part);
    if (!match) throw new Error(`cannot read "${part}" in CONTRACT.md`);
    for (const id of (match[1] ?? "").split(",").map((item) => item.trim())) {
      result[id] = { type: match[2] ?? "", required: Boolean(match[3]) };
    }
  }
  return result;
}

function contractRows(): Map<string, Advertised> {
  const text = readFileSync(CONTRACT, "utf8");
  const rows = new Map<string, Advertised>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const ids = [...(cells[1] ?? "").matchAll(/`http\/(\w+)`/g)].map((match) => match[1] ?? "");
    for (const id of ids) rows.set(id, parseCell(cells[2] ?? ""));
  }
  return rows;
}

describe("advertised parameters", () => {
  it("finds CONTRACT.md beside the repository", () => {
    expect(existsSync(CONTRACT), CONTRACT).toBe(true);
  });

  it("matches CONTRACT.md's catalogue for every V2 command", () => {
    const rows = contractRows();
    expect([...rows.keys()].sort()).toEqual(
      ["DeleteRequestV2", "GetRequestV2", "HeadRequestV2", "PatchRequestV2", "PostRequestV2", "PutRequestV2"].sort(),
    );
    for (const [name, expected] of rows) expect(advertised(name), name).toEqual(expected);
  });

  it("matches Arena's built-in connector for the names without V2", () => {
    const base = {
      url: { type: "str", required: true },
      headers: { type: "any", required: false },
      basic_auth_username: { type: "str", required: false },
      basic_auth_password: { type: "str", required: false },
    };
    const query = { ...base, params: { type: "any", required: false } };
    const body = {
      ...base,
      data: { type: "any", required: false },
      body_format: { type: "str", required: false },
      include_response_headers: { type: "bool", required: false },
    };
    for (const name of ["GetRequest", "HeadRequest"]) expect(advertised(name), name).toEqual(query);
    for (const name of ["PostRequest", "PutRequest", "PatchRequest", "DeleteRequest"]) {
      expect(advertised(name), name).toEqual(body);
    }
  });

  it("accepts every parameter on every command, advertised or not", () => {
    for (const command of http.commands) {
      const validation = command.validate(
        {
          url: "http://127.0.0.1/",
          attempts: 2,
          timeout_seconds: 5,
          body_format: "form",
          include_response_headers: true,
        },
        "reject",
      );
      expect(validation.ok, command.name).toBe(true);
    }
  });
});
