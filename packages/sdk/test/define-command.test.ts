import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CommandError, isCommandError } from "../src/command-error.js";
import { defineCommand } from "../src/define-command.js";
import { defineConnector, isConnector } from "../src/define-connector.js";
import { callCommand } from "../src/testing.js";

const command = defineCommand({
  name: "Get",
  description: "d",
  params: z.object({
    url: z.string(),
    attempts: z.number().int().min(1).max(10).optional(),
    extra: z.unknown().optional(),
  }),
  advertise: ["url", "extra"],
  run: ({ url }) => ({ body: { url } }),
});

describe("defineCommand", () => {
  it("advertises only the chosen parameters but accepts all", async () => {
    expect(command.parameters.map((p) => p.id)).toEqual(["url", "extra"]);
    const outcome = await callCommand(command, { url: "u", attempts: 3 });
    expect(outcome.envelope.error).toBeNull();
  });

  it("treats null for an optional parameter as absent, but not for a required one", async () => {
    expect((await callCommand(command, { url: "u", attempts: null })).status).toBe(200);
    const bad = await callCommand(command, { url: null });
    expect(bad.status).toBe(400);
    expect(bad.envelope.error?.message).toMatch(/url: expected string, received null/);
  });

  it("reports range problems with the field name", async () => {
    const bad = await callCommand(command, { url: "u", attempts: 11 });
    expect(bad.envelope.error).toMatchObject({ error_code: "InvalidParameters" });
    expect(bad.envelope.error?.message).toMatch(/attempts: Too big/);
  });

  it("hands a context whose log and oauth may be destructured, and whose signal is the call's", async () => {
    const destructuring = defineCommand({
      name: "Destructure",
      description: "d",
      params: z.object({}),
      run: async (_params, { log, oauth, taskId, signal }) => {
        log(`task ${taskId}`);
        const { accessToken } = await oauth({ access_token: "t" });
        return { body: { aborted: signal.aborted, accessToken } };
      },
    });
    const outcome = await callCommand(
      destructuring,
      {},
      {
        reserved: { taskId: "task-7" },
        oauth: async () => ({
          accessToken: "token-1",
          tokenType: "Bearer",
          tokenSet: { access_token: "token-1" },
          refreshed: false,
          auth: "test/OAuth",
        }),
      },
    );
    expect(outcome.envelope.error).toBeNull();
    expect(outcome.envelope.spiff__logs).toEqual(["task task-7"]);
    // a command that used ctx.oauth answers in the token-refresh shape
    expect(outcome.envelope.command_response.body).toMatchObject({
      api_response: { aborted: false, accessToken: "token-1" },
    });
  });

  it("refuses names with a slash", () => {
    expect(() =>
      defineCommand({ name: "a/b", description: "", params: z.object({}), run: () => ({ body: 1 }) }),
    ).toThrow(/must match/);
  });
});

describe("defineConnector", () => {
  it("refuses duplicate command names and non-commands", () => {
    expect(() => defineConnector({ name: "c", commands: [command, command] })).toThrow(/twice/);
    expect(() => defineConnector({ name: "c", commands: [{} as typeof command] })).toThrow(/not a defineCommand/);
  });

  it("is recognised by brand, not instanceof", () => {
    const connector = defineConnector({ name: "c", commands: [command] });
    expect(isConnector({ ...connector })).toBe(true);
    expect(isConnector({ name: "c", commands: [] })).toBe(false);
  });

  it("validates its settings with its own schema", () => {
    const connector = defineConnector({ name: "c", config: z.object({ port: z.number() }), commands: [] });
    expect(connector.parseConfig({ port: "x" })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/port/)],
    });
  });
});

describe("CommandError", () => {
  it("is recognised across SDK copies by its brand", () => {
    const error = new CommandError("X", "m", { httpStatus: 503 });
    expect(isCommandError({ brand: error.brand, code: "X" })).toBe(true);
    expect(isCommandError(new Error("m"))).toBe(false);
    expect(error.httpStatus).toBe(503);
  });
});
