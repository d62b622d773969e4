/**
 * The Spiff Arena wire contract: what a proxy receives and answers.
 * Pure types and constants; no runtime dependency.
 */

/** Parameter types Spiff Arena understands in a catalogue entry. */
export type SpiffType = "str" | "int" | "bool" | "any";

/** One parameter of a catalogue entry; extra fields are allowed by the contract. */
export interface SpiffParameter {
  id: string;
  type: SpiffType;
  required: boolean;
  description?: string;
}

/** The `command_response` part of a version 2 envelope. */
export interface CommandResponse {
  body: unknown;
  mimetype: string;
  http_status?: number;
  headers?: Record<string, unknown>;
}

/** A failure as Arena reads it: `error_code` becomes the BPMN error code. */
export interface EnvelopeError {
  error_code: string;
  message: string;
}

/** The version 2 response envelope every execution answers with. */
export interface Envelope {
  command_response: CommandResponse | Record<string, never>;
  command_response_version: 2;
  error: EnvelopeError | null;
  spiff__logs: string[];
}

/** The reserved identifiers Arena adds to every execution request. */
export interface ReservedContext {
  processInstanceId: number | null;
  processModelIdentifier: string | null;
  taskId: string | null;
  taskData: Record<string, unknown>;
  callbackUrl: string | null;
}

/** Every key starting with this prefix is reserved by Arena and never reaches a command's parameters. */
export const RESERVED_PREFIX = "spiff__";

/**
 * Split an execution request body into command parameters and the reserved context.
 *
 * @example
 * const { params, reserved } = splitReserved({ url: "http://x", spiff__task_id: "t1" });
 */
export function splitReserved(body: Record<string, unknown>): {
  params: Record<string, unknown>;
  reserved: ReservedContext;
} {
  // on every call: a plain loop, no entries array, and the reserved keys read directly
  const params: Record<string, unknown> = {};
  for (const key in body) {
    if (Object.hasOwn(body, key) && !key.startsWith(RESERVED_PREFIX)) params[key] = body[key];
  }
  const own = (name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);
  const instanceId = own("spiff__process_instance_id");
  const modelId = own("spiff__process_model_identifier");
  const taskId = own("spiff__task_id");
  const taskData = own("spiff__task_data");
  const callbackUrl = own("spiff__callback_url");
  return {
    params,
    reserved: {
      processInstanceId: typeof instanceId === "number" ? instanceId : null,
      processModelIdentifier: typeof modelId === "string" ? modelId : null,
      taskId: typeof taskId === "string" ? taskId : null,
      taskData:
        taskData !== null && typeof taskData === "object" && !Array.isArray(taskData)
          ? (taskData as Record<string, unknown>)
          : {},
      callbackUrl: typeof callbackUrl === "string" ? callbackUrl : null,
    },
  };
}

/** An empty reserved context, for calls that do not come from Arena. */
export function emptyReserved(): ReservedContext {
  return {
    processInstanceId: null,
    processModelIdentifier: null,
    taskId: null,
    taskData: {},
    callbackUrl: null,
  };
}
