/**
 * Validation results shared by commands and connector settings: every problem is one
 * readable sentence naming the field and what was expected.
 */
import type { z } from "zod";

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** How a command treats parameters its schema does not declare. */
export type UnknownParameters = "reject" | "strip";

/** Turn zod issues into sentences such as `url: expected string, got number`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join(".") : "(parameters)";
    const received = (issue as { input?: unknown }).input;
    if (issue.code === "invalid_type" && received === undefined) {
      return `${where}: missing (required, expected ${issue.expected})`;
    }
    return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
  });
}

/**
 * Parse with a zod schema into a Validation. Valid input takes zod's fast path (any parse option
 * leaves it: ~10x slower); only invalid input is parsed again with `reportInput`, which the
 * problem sentences need to tell a missing field from a wrong one.
 */
export function validateWith<S extends z.ZodType>(schema: S, input: unknown): Validation<z.output<S>> {
  const fast = schema.safeParse(input);
  if (fast.success) return { ok: true, value: fast.data };
  const reported = schema.safeParse(input, { reportInput: true });
  return { ok: false, problems: describeIssues((reported.error ?? fast.error).issues) };
}
