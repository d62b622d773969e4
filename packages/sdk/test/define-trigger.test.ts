import { describe, expect, it } from "vitest";
import { defineConnector, defineTrigger, eventBody, isTrigger, z } from "../src/index.js";

const poller = defineTrigger({
  name: "feed",
  kind: "poller",
  description: "Polls a feed",
  settings: z.object({ url: z.url(), interval_seconds: z.number().positive().default(60) }),
  intervalMs: ({ interval_seconds }) => interval_seconds * 1000,
  poll: async ({ url }, ctx) => {
    await ctx.emit({ id: "1", body: { url } });
    return { cursor: "1" };
  },
});

describe("defineTrigger", () => {
  it("parses settings with defaults and names every problem", () => {
    expect(poller.parseSettings({ url: "https://feed.example/items" })).toEqual({
      ok: true,
      value: { url: "https://feed.example/items", interval_seconds: 60 },
    });
    const bad = poller.parseSettings({ interval_seconds: -1 });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems.join("; ")).toMatch(/url: missing.*interval_seconds/);
  });

  it("publishes the settings as JSON Schema and hands them typed to the trigger", async () => {
    expect(poller.settingsSchema).toMatchObject({ type: "object", required: ["url"] });
    expect(poller.kind === "poller" && poller.intervalMs({ url: "x", interval_seconds: 2 })).toBe(2000);
    const emitted: unknown[] = [];
    const ctx = {
      triggerId: "t",
      signal: new AbortController().signal,
      cursor: null,
      emit: async (event: unknown) => void emitted.push(event),
      log() {},
    };
    const result = poller.kind === "poller" ? await poller.poll({ url: "https://f" }, ctx) : null;
    expect(result).toEqual({ cursor: "1" });
    expect(emitted).toEqual([{ id: "1", body: { url: "https://f" } }]);
  });

  it("refuses a bad name, and a connector listing something else or a trigger twice", () => {
    expect(() =>
      defineTrigger({
        name: "a/b",
        kind: "webhook",
        description: "",
        settings: z.object({}),
        verify: () => ({ accept: true }),
      }),
    ).toThrow(/must match/);
    expect(() => defineConnector({ name: "c", commands: [], triggers: [{} as never] })).toThrow(/defineTrigger/);
    expect(() => defineConnector({ name: "c", commands: [], triggers: [poller, poller] })).toThrow(/twice/);
    expect(defineConnector({ name: "c", commands: [], triggers: [poller] }).triggers).toEqual([poller]);
    expect(isTrigger(poller)).toBe(true);
    expect(isTrigger({ name: "feed" })).toBe(false);
  });

  it("eventBody parses JSON and keeps anything else as text", () => {
    expect(eventBody('{"a":1}')).toEqual({ a: 1 });
    expect(eventBody("42")).toBe(42);
    expect(eventBody("temperature high")).toBe("temperature high");
  });
});
