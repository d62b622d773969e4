/**
 * `connector-proxy call <id>`: run one command in-process and print its envelope.
 * The connector author's quickest loop. Exit code 0 when the envelope has no error.
 */
import { cliProxy } from "./cli-proxy.js";

function parseObject(flag: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${flag} is not valid JSON (${(error as Error).message}): pass e.g. '{"message":"hi"}'`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${flag} must be a JSON object, e.g. '{"message":"hi"}'`);
  }
  return value as Record<string, unknown>;
}

export async function callCommandAction(
  id: string,
  options: { params: string; taskData: string; config?: string },
): Promise<void> {
  const params = parseObject("--params", options.params);
  const taskData = parseObject("--task-data", options.taskData);
  const proxy = await cliProxy(options.config, { quiet: true });
  const outcome = await proxy.call(id, { ...params, spiff__task_data: taskData });
  process.stdout.write(`${JSON.stringify(outcome.envelope, null, 2)}\n`);
  await proxy.close();
  process.exitCode = outcome.envelope.error ? 1 : 0;
}
