import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../src/define-command.js";

describe("requiredInCatalogue", () => {
  it("shows a parameter as required while validation still lets it be absent", async () => {
    const command = defineCommand({
      name: "Post",
      description: "d",
      params: z.object({ token: z.string().optional(), channel: z.string() }),
      requiredInCatalogue: ["token"],
      run: (params) => ({ body: params }),
    });
    expect(command.parameters).toEqual([
      { id: "token", type: "str", required: true },
      { id: "channel", type: "str", required: true },
    ]);
    expect(command.validate({ channel: "c" }, "reject")).toEqual({ ok: true, value: { channel: "c" } });
  });
});
