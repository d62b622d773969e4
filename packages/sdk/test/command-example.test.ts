import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../src/define-command.js";

const params = z.object({ name: z.string(), times: z.number().int().optional() });

describe("defineCommand examples", () => {
  it("publishes each example in wire form, task data as task_data", () => {
    const command = defineCommand({
      name: "Greet",
      description: "d",
      params,
      examples: [
        { title: "by name", params: { name: "Ada" }, expect: { body: "hi Ada" }, safe: true },
        { title: "from data", params: { name: "x" }, taskData: { a: 1 }, expect: { error_code: "E" }, safe: false },
      ],
      run: ({ name }) => ({ body: `hi ${name}` }),
    });
    expect(command.examples).toEqual([
      { title: "by name", params: { name: "Ada" }, expect: { body: "hi Ada" }, safe: true },
      { title: "from data", params: { name: "x" }, task_data: { a: 1 }, expect: { error_code: "E" }, safe: false },
    ]);
  });

  it("has none unless declared", () => {
    const command = defineCommand({ name: "Plain", description: "d", params, run: () => ({ body: null }) });
    expect(command.examples).toEqual([]);
  });

  it("refuses an example whose params the schema rejects, naming the example and the field", () => {
    expect(() =>
      defineCommand({
        name: "Greet",
        description: "d",
        params,
        // @ts-expect-error times must be a number: the type check and the run-time check agree
        examples: [{ title: "wrong", params: { name: "Ada", times: "twice" }, expect: {}, safe: true }],
        run: () => ({ body: null }),
      }),
    ).toThrow(/Example "wrong" of command "Greet" has invalid params: times: expected number/);
  });
});
