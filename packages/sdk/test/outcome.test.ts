import { describe, expect, it } from "vitest";
import { CommandError } from "../src/command-error.js";
import { resultOutcome, thrownOutcome } from "../src/outcome.js";

describe("resultOutcome", () => {
  it("wraps a body with defaults", () => {
    expect(resultOutcome({ body: { a: 1 } }, ["l"]).envelope).toEqual({
      command_response: { body: { a: 1 }, mimetype: "application/json", http_status: 200, headers: {} },
      command_response_version: 2,
      error: null,
      spiff__logs: ["l"],
    });
  });

  it("keeps a full v2 envelope and appends its logs after the collected ones", () => {
    const outcome = resultOutcome(
      {
        command_response: { body: 1, mimetype: "text/plain" },
        command_response_version: 2,
        error: null,
        spiff__logs: ["b"],
      },
      ["a"],
    );
    expect(outcome.envelope.spiff__logs).toEqual(["a", "b"]);
    expect(outcome.envelope.command_response).toEqual({ body: 1, mimetype: "text/plain" });
  });

  it("answers a legacy v1 result raw, with its numeric-string status", () => {
    const outcome = resultOutcome({ response: { ok: true }, status: "202", mimetype: "application/json" }, []);
    expect(outcome.status).toBe(202);
    expect(outcome.legacyV1).toEqual({ body: '{"ok":true}', mimetype: "application/json" });
    expect(outcome.envelope.command_response).toMatchObject({ body: { ok: true }, http_status: 202 });
  });

  it("refuses something that is not a result", () => {
    for (const value of ["text", 1, null, [1], { nothing: true }]) {
      expect(resultOutcome(value, []).envelope.error?.error_code).toBe("InvalidCommandResult");
    }
  });
});

describe("thrownOutcome", () => {
  it("a CommandError is a dispatched failure", () => {
    const outcome = thrownOutcome(new CommandError("Nope", "no", { httpStatus: 429, body: { why: 1 } }), []);
    expect(outcome.status).toBe(200);
    expect(outcome.envelope.error).toEqual({ error_code: "Nope", message: "no" });
    expect(outcome.envelope.command_response).toMatchObject({ http_status: 429, body: { why: 1 } });
  });

  it("anything else is a 500 with its code or class", () => {
    expect(
      thrownOutcome(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }), []).envelope.error?.error_code,
    ).toBe("ECONNREFUSED");
    expect(thrownOutcome(new RangeError("r"), []).envelope.error?.error_code).toBe("RangeError");
    expect(thrownOutcome("a string", []).envelope.error).toEqual({ error_code: "Error", message: "a string" });
  });
});
