/**
 * Examples a command declares: an input and the answer it gives. The catalogue publishes them
 * (`examples` on each `/v1/commands` item) and `connector-proxy conformance` runs the ones marked
 * safe and compares the answers.
 */
import type { z } from "zod";
import { validateWith } from "./validation.js";

/** One example of a command, as its author writes it in `defineCommand({ examples })`. */
export interface CommandExample<P = Record<string, unknown>> {
  /** What the example shows, e.g. "greets by name". */
  title: string;
  /** The service task's parameters. */
  params: P;
  /** The task's data (`spiff__task_data`), for commands that read it. */
  taskData?: Record<string, unknown>;
  /** What the answer must be; each field given is compared, the others are not. */
  expect: ExpectedAnswer;
  /**
   * True when running the example changes nothing and needs nothing outside the proxy (no message
   * sent, no row written, no network): only safe examples are run by `conformance`.
   */
  safe: boolean;
}

/** The parts of an answer an example expects. */
export interface ExpectedAnswer {
  /** The outer HTTP status (default 200). */
  status?: number;
  /** `command_response.body`, compared as JSON (deep equality). */
  body?: unknown;
  /** `command_response.http_status`. */
  http_status?: number;
  /** `error.error_code`; without it the answer must have no error. */
  error_code?: string;
}

/** An example as the catalogue publishes it (snake_case, like the rest of the wire). */
export interface PublishedExample {
  title: string;
  params: Record<string, unknown>;
  task_data?: Record<string, unknown>;
  expect: ExpectedAnswer;
  safe: boolean;
}

/** Check each example's parameters against the command's schema and give the published form; throws on a bad one. */
export function publishExamples(
  commandName: string,
  schema: z.ZodObject,
  examples: readonly CommandExample<unknown>[],
): PublishedExample[] {
  return examples.map((example) => {
    const checked = validateWith(schema, example.params);
    if (!checked.ok) {
      const problems = checked.problems.join("; ");
      throw new Error(`Example "${example.title}" of command "${commandName}" has invalid params: ${problems}`);
    }
    return {
      title: example.title,
      params: example.params as Record<string, unknown>,
      ...(example.taskData ? { task_data: example.taskData } : {}),
      expect: example.expect,
      safe: example.safe,
    };
  });
}
