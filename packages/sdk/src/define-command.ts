/**
 * `defineCommand`: one declarative object per command. The zod schema validates input,
 * types `run`, and is what discovery publishes (as JSON Schema).
 */
import { z } from "zod";
import { type CommandExample, type PublishedExample, publishExamples } from "./command-example.js";
import type { CommandContext } from "./context.js";
import { type UnknownParameters, type Validation, validateWith } from "./validation.js";
import type { CommandResponse, Envelope, SpiffParameter, SpiffType } from "./wire.js";

/** What `run` returns: a body with optional mimetype/status/headers, or a full v2 envelope, or a legacy v1 result. */
export type CommandResult = (Partial<Omit<CommandResponse, "body">> & { body: unknown }) | Envelope | LegacyV1Result;

/** The reference proxy's first result shape, still produced by old connectors. */
export interface LegacyV1Result {
  response: unknown;
  status: number | string;
  mimetype?: string;
}

/** A JSON Schema object, as published in the catalogue. */
export type JsonSchema = Record<string, unknown>;

/**
 * What running a command does, for agents (published as MCP tool annotations). Declare
 * `readOnly` for commands that only read (GET, List, Select, Download), `destructive` for
 * ones that delete or overwrite, `idempotent` when repeating a call changes nothing more.
 */
export interface CommandAnnotations {
  readOnly?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
}

/** An error code a command may answer, published so diagram authors can catch it. */
export interface DeclaredError {
  code: string;
  description: string;
}

export interface CommandSpec<S extends z.ZodObject> {
  /** Command name: the part after the slash in `connector/Command`. */
  name: string;
  description: string;
  params: S;
  /** Error codes this command answers, with what each means. */
  errors?: Record<string, string>;
  /** Only these parameters are shown in the Spiff catalogue (all are accepted). Default: all. */
  advertise?: readonly (keyof z.input<S> & string)[];
  /**
   * Shown as required in the Spiff catalogue although the schema lets them be absent, for a
   * value a connector setting may supply instead (a token), so an anchor's catalogue entry stays as it was.
   */
  requiredInCatalogue?: readonly (keyof z.input<S> & string)[];
  /** Runs as a durable job answered by callback when Arena gives a callback URL. */
  longRunning?: boolean;
  /** Inputs and the answers they give: published in the catalogue; `conformance` runs the safe ones. */
  examples?: readonly CommandExample<z.input<S>>[];
  /** What running it does (read only, destructive, idempotent): MCP tool annotations. */
  annotations?: CommandAnnotations;
  /** Schema of the result's `body` (a zod object), published as the MCP tool's `outputSchema`. */
  result?: z.ZodObject;
  run(params: z.output<S>, ctx: CommandContext): CommandResult | Promise<CommandResult>;
  /**
   * For work the proxy does not run itself: start it and return the external system's reference.
   * Used instead of `run` when the call is a job; the job then waits until the external system
   * posts the result to `POST /v1/jobs/{ctx.jobId}/complete`.
   */
  start?(params: z.output<S>, ctx: StartContext): string | Promise<string>;
}

/** The context of `start`: a command context plus the id of the job that waits for completion. */
export interface StartContext extends CommandContext {
  readonly jobId: string;
}

/** The runtime shape of a command, recognised across SDK copies by `$type`. */
export interface Command {
  readonly $type: typeof COMMAND_TYPE;
  readonly name: string;
  readonly description: string;
  readonly errors: readonly DeclaredError[];
  readonly longRunning: boolean;
  /** Declared examples, in their published form (empty when none). */
  readonly examples: readonly PublishedExample[];
  /** Declared effects, when the connector says (see `CommandSpec.annotations`). */
  readonly annotations?: CommandAnnotations;
  /** JSON Schema of the result's `body`, when declared. */
  readonly resultSchema?: JsonSchema;
  /** JSON Schema of the parameters (input side). */
  readonly inputSchema: JsonSchema;
  /** The parameter list Spiff shows diagram authors. */
  readonly parameters: readonly SpiffParameter[];
  validate(input: Record<string, unknown>, unknown: UnknownParameters): Validation<unknown>;
  run(params: unknown, ctx: CommandContext): Promise<CommandResult>;
  /** Present when the command is completed externally (see `CommandSpec.start`). */
  start?(params: unknown, ctx: StartContext): Promise<string>;
}

export const COMMAND_TYPE = "connector-proxy/command@1";
export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

const SPIFF_TYPES: Record<string, SpiffType> = { string: "str", integer: "int", boolean: "bool" };

/**
 * Define one command.
 *
 * @example
 * export const echo = defineCommand({
 *   name: "Echo",
 *   description: "Answers what it was given",
 *   params: z.object({ message: z.string() }),
 *   run: ({ message }) => ({ body: { message } }),
 * });
 */
export function defineCommand<S extends z.ZodObject>(spec: CommandSpec<S>): Command {
  if (!NAME_PATTERN.test(spec.name)) {
    throw new Error(`Command name "${spec.name}" must match ${NAME_PATTERN} (no slash, no spaces)`);
  }
  const startExternal = spec.start;
  const inputSchema = z.toJSONSchema(spec.params, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const properties = (inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((inputSchema.required ?? []) as string[]);
  const known = new Set(Object.keys(properties));
  const advertised = spec.advertise ? new Set<string>(spec.advertise) : known;
  const shownRequired = new Set<string>(spec.requiredInCatalogue ?? []);
  const parameters: SpiffParameter[] = [...known]
    .filter((id) => advertised.has(id))
    .map((id) => {
      const property = properties[id] ?? {};
      const parameter: SpiffParameter = {
        id,
        type: SPIFF_TYPES[String(property.type)] ?? "any",
        required: required.has(id) || shownRequired.has(id),
      };
      if (typeof property.description === "string") parameter.description = property.description;
      return parameter;
    });

  return {
    $type: COMMAND_TYPE,
    name: spec.name,
    description: spec.description,
    errors: Object.entries(spec.errors ?? {}).map(([code, description]) => ({ code, description })),
    longRunning: spec.longRunning ?? false,
    examples: publishExamples(spec.name, spec.params, spec.examples ?? []),
    ...(spec.annotations ? { annotations: { ...spec.annotations } } : {}),
    ...(spec.result
      ? { resultSchema: z.toJSONSchema(spec.result, { io: "output", unrepresentable: "any" }) as JsonSchema }
      : {}),
    inputSchema,
    parameters,
    validate(input, unknown) {
      const cleaned: Record<string, unknown> = {};
      const strays: string[] = [];
      for (const [key, value] of Object.entries(input)) {
        if (!known.has(key)) {
          if (unknown === "reject") strays.push(key);
        } else if (!(value === null && !required.has(key))) {
          cleaned[key] = value; // null for an optional parameter means absent (Python's None)
        }
      }
      const result = validateWith(spec.params, cleaned);
      if (strays.length === 0) return result;
      const problems = strays.map((key) => `${key}: unknown parameter (accepted: ${[...known].join(", ") || "none"})`);
      return { ok: false, problems: result.ok ? problems : [...result.problems, ...problems] };
    },
    async run(params, ctx) {
      return spec.run(params as z.output<S>, ctx);
    },
    ...(startExternal
      ? {
          async start(params: unknown, ctx: StartContext) {
            return String(await startExternal(params as z.output<S>, ctx));
          },
        }
      : {}),
  };
}
