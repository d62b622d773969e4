/**
 * `example/ReadTaskData`: shows ctx.log, task data and a declared error code.
 */
import { CommandError, defineCommand, z } from "@connector-proxy/sdk";

export const readTaskData = defineCommand({
  name: "ReadTaskData",
  description: "Answers the value of one key of the task's data",
  annotations: { readOnly: true },
  params: z.object({ key: z.string().min(1).describe("Name of a task data variable") }),
  errors: { KeyNotInTaskData: "The task data has no variable with that name" },
  examples: [
    {
      title: "reads a task data variable",
      params: { key: "amount" },
      taskData: { amount: 42 },
      expect: { body: { key: "amount", value: 42 } },
      safe: true,
    },
    {
      title: "a missing variable is a KeyNotInTaskData failure",
      params: { key: "missing" },
      expect: { error_code: "KeyNotInTaskData", http_status: 400 },
      safe: true,
    },
  ],
  run: ({ key }, ctx) => {
    ctx.log(`looking up "${key}" in ${Object.keys(ctx.taskData).length} task data variables`);
    if (!(key in ctx.taskData)) {
      throw new CommandError(
        "KeyNotInTaskData",
        `Task data has no variable "${key}": set it in an earlier task or fix the key parameter`,
      );
    }
    return { body: { key, value: ctx.taskData[key] ?? null } };
  },
});
