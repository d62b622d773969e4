/**
 * The reserved context of a call written back as Arena's `spiff__*` keys, so a call can be
 * forwarded to another host (an upstream proxy, an MCP child) exactly as Arena sent it.
 */
import type { ReservedContext } from "@connector-proxy/sdk";

/** `spiff__task_data`, `spiff__process_instance_id`, ... for the set fields of `reserved`. */
export function reservedBody(reserved: ReservedContext): Record<string, unknown> {
  const body: Record<string, unknown> = { spiff__task_data: reserved.taskData };
  if (reserved.processInstanceId !== null) body.spiff__process_instance_id = reserved.processInstanceId;
  if (reserved.processModelIdentifier !== null) body.spiff__process_model_identifier = reserved.processModelIdentifier;
  if (reserved.taskId !== null) body.spiff__task_id = reserved.taskId;
  if (reserved.callbackUrl !== null) body.spiff__callback_url = reserved.callbackUrl;
  return body;
}
