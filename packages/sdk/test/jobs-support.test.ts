import { describe, expect, it } from "vitest";
import { checkParameters, defineCommand, z } from "../src/index.js";
import { callCommand } from "../src/testing.js";

const approval = defineCommand({
  name: "RequestApproval",
  description: "Asks an external system, which completes the job later",
  params: z.object({ document: z.string() }),
  longRunning: true,
  run: ({ document }) => ({ body: { document, approved: "now" } }),
  start: ({ document }, ctx) => `approval-${document}-${ctx.jobId}`,
});

describe("checkParameters", () => {
  it("answers the InvalidParameters outcome without running, or the parsed value", () => {
    const bad = checkParameters("x/RequestApproval", approval, { document: 3 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.outcome.status).toBe(400);
      expect(bad.outcome.envelope.error?.error_code).toBe("InvalidParameters");
      expect(bad.outcome.envelope.error?.message).toContain("document");
    }
    expect(checkParameters("x/RequestApproval", approval, { document: "d1" })).toEqual({
      ok: true,
      value: { document: "d1" },
    });
  });
});

describe("start(params, ctx)", () => {
  it("runs instead of run when called as a job, and answers the external reference", async () => {
    const started = await callCommand(approval, { document: "d1" }, { jobId: "job-7" });
    expect(started.envelope.command_response).toMatchObject({ body: { reference: "approval-d1-job-7" } });
    const direct = await callCommand(approval, { document: "d1" });
    expect(direct.envelope.command_response).toMatchObject({ body: { approved: "now" } });
  });

  it("is validated like run", async () => {
    const started = await callCommand(approval, {}, { jobId: "job-8" });
    expect(started.envelope.error?.error_code).toBe("InvalidParameters");
  });
});
