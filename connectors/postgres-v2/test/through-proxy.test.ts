/**
 * postgres_v2 served by a real proxy (`createProxy`): the catalogue lists the Python ids and
 * parameters, and a call over HTTP answers the reference's envelope (JSON values as bodies,
 * a failure with body null and no inner http_status).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ConnectorProxy, createProxy, parseConfig } from "@connector-proxy/proxy";
import type { Envelope } from "@connector-proxy/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../../../test-support/services.js";
import { pools } from "../src/run-v2.js";

beforeAll(() => requireServices("PostgreSQL")); // a server that is down: one line naming it

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const table = `cp_pgv2_proxy_${process.pid}`;
const connection = "dbname=test user=postgres password=Hush-Pg-Secret-42 host=127.0.0.1 port=5432";
let proxy: ConnectorProxy;

async function post(command: string, params: Record<string, unknown>) {
  const response = await proxy.app.request(`/v1/do/postgres_v2/${command}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ database_connection_str: connection, spiff__task_data: {}, ...params }),
  });
  return { status: response.status, envelope: (await response.json()) as Envelope };
}

beforeAll(async () => {
  const raw = { discover: false, connectors: { postgres_v2: { package: "@connector-proxy/connector-postgres-v2" } } };
  const { config, secrets } = parseConfig(raw, {}, "through-proxy.test.ts");
  proxy = await createProxy({ config: { config, secrets, baseDir: repoRoot, file: null }, env: {} });
});
afterAll(async () => {
  await post("DropTableV2", { table_name: table });
  await proxy.close();
  await pools.closeAll();
});

describe("postgres_v2 through the proxy", () => {
  it("lists the seven Python ids with their parameters", async () => {
    const listed = (await (await proxy.app.request("/v1/commands")).json()) as {
      id: string;
      parameters: { id: string; type: string; required: boolean }[];
    }[];
    const ours = listed.filter((c) => c.id.startsWith("postgres_v2/"));
    expect(ours.map((c) => c.id).sort()).toEqual(
      [
        "CreateTableV2",
        "DeleteValuesV2",
        "DoSQL",
        "DropTableV2",
        "InsertValuesV2",
        "SelectValuesV2",
        "UpdateValuesV2",
      ].map((name) => `postgres_v2/${name}`),
    );
    const insert = ours.find((c) => c.id === "postgres_v2/InsertValuesV2");
    expect(insert?.parameters.map(({ id, type, required }) => ({ id, type, required }))).toEqual([
      { id: "database_connection_str", type: "str", required: true },
      { id: "table_name", type: "str", required: true },
      { id: "schema", type: "any", required: true },
    ]);
  });

  it("answers the reference envelope, and a refused name without running SQL", async () => {
    const created = await post("CreateTableV2", {
      table_name: table,
      schema: { column_definitions: [{ name: "name", type: "text" }] },
    });
    expect(created.status).toBe(200);
    expect(created.envelope).toMatchObject({
      command_response: { body: { result: "ok" }, mimetype: "application/json", http_status: 200 },
      command_response_version: 2,
      error: null,
    });
    await post("InsertValuesV2", { table_name: table, schema: { columns: ["name"], values: [["a"], ["b"]] } });
    const selected = await post("SelectValuesV2", { table_name: table, schema: { columns: ["name"] } });
    expect(selected.envelope.command_response.body).toStrictEqual([["a"], ["b"]]);

    const mismatch = await post("DoSQL", { schema: { sql: `select 1 from ${table} where name = %s`, values: [] } });
    expect(mismatch.status).toBe(200);
    expect(mismatch.envelope).toMatchObject({
      command_response: { body: null, mimetype: "application/json" },
      error: { error_code: "IndexError", message: expect.stringMatching(/^Error executing sql statement: /) },
    });
    expect(mismatch.envelope.command_response).not.toHaveProperty("http_status"); // Arena then shows 200, as the reference

    const refused = await post("DropTableV2", { table_name: `${table}; DROP TABLE ${table}` });
    expect(refused.status).toBe(200);
    expect(refused.envelope.error).toMatchObject({ error_code: "InvalidIdentifier" });
    const still = await post("SelectValuesV2", { table_name: table, schema: { columns: ["name"] } });
    expect(still.envelope.error).toBeNull();
    expect(JSON.stringify([refused, still])).not.toContain("Hush-Pg-Secret-42");
  });
});
