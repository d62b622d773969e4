/**
 * The catalogue's pre-serialised `/v1/commands` answer: the JSON text and its UTF-8 bytes say the
 * same thing, and both follow a change of a source's commands.
 */
import { proxyErrorOutcome } from "@connector-proxy/sdk";
import { describe, expect, it } from "vitest";
import { Catalogue } from "../src/catalogue/catalogue.js";
import type { CommandHandle } from "../src/hosting/command-handle.js";

function handle(id: string, description: string): CommandHandle {
  return {
    id,
    description,
    parameters: [{ id: "city", type: "str", required: true }],
    inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    errors: [],
    hosting: "inline",
    longRunning: false,
    timeoutMs: 1000,
    invoke: async () => proxyErrorOutcome("ConnectorCrashed", "not run in this test"),
  };
}

const decoded = (catalogue: Catalogue) => new TextDecoder().decode(catalogue.toBytes());

describe("Catalogue answer", () => {
  it("gives the same JSON as text and as UTF-8 bytes, non-ASCII included", () => {
    const catalogue = new Catalogue();
    catalogue.setSource("one", [handle("weather/Forecast", "Prévisions météo ☀")]);
    expect(decoded(catalogue)).toBe(catalogue.toJSON());
    expect(JSON.parse(catalogue.toJSON())).toMatchObject([
      { id: "weather/Forecast", description: "Prévisions météo ☀" },
    ]);
  });

  it("follows a source whose commands change", () => {
    const catalogue = new Catalogue();
    catalogue.setSource("one", [handle("weather/Forecast", "first")]);
    const before = decoded(catalogue);
    catalogue.setSource("one", [handle("weather/Forecast", "second"), handle("weather/Alerts", "new")]);
    const after = decoded(catalogue);
    expect(after).not.toBe(before);
    expect(after).toBe(catalogue.toJSON());
    expect((JSON.parse(after) as { id: string }[]).map((entry) => entry.id)).toEqual([
      "weather/Alerts",
      "weather/Forecast",
    ]);
  });
});
