/**
 * W3C Trace Context (`traceparent`): reading the caller's header and deriving the
 * header this proxy sends on (same trace id, a new parent span id for our own span).
 */
import { randomBytes } from "node:crypto";

export interface TraceParent {
  traceId: string;
  parentId: string;
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZEROS_32 = "0".repeat(32);
const ZEROS_16 = "0".repeat(16);

/** Parse a `traceparent` header; null when absent or invalid (the spec says: then start a new trace). */
export function parseTraceparent(header: string | undefined): TraceParent | null {
  if (!header) return null;
  const match = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match) return null;
  const [, version, traceId, parentId, flags, rest] = match;
  if (version === "ff" || traceId === ZEROS_32 || parentId === ZEROS_16) return null;
  if (version === "00" && rest !== undefined) return null;
  if (!traceId || !parentId || !flags) return null;
  return { traceId, parentId, flags };
}

/** A new random span id (8 bytes, hex). */
export function newSpanId(): string {
  let id = randomBytes(8).toString("hex");
  while (id === ZEROS_16) id = randomBytes(8).toString("hex");
  return id;
}

/** Format a version-00 `traceparent`. */
export function formatTraceparent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.parentId}-${parent.flags}`;
}

/**
 * The header to send downstream for the caller's `traceparent`: same trace id and flags,
 * a new parent span id. Undefined when the caller sent none (or an invalid one).
 */
export function childTraceparent(header: string | undefined): string | undefined {
  const parent = parseTraceparent(header);
  return parent ? formatTraceparent({ ...parent, parentId: newSpanId() }) : undefined;
}
