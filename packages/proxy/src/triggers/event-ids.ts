/**
 * Deterministic ids: an event's id is a name-based UUID (RFC 9562 version 5) of its trigger and
 * its source's event id, so the same event arriving twice maps to one stored row, and the
 * `message_instance_uuid` Arena deduplicates by is the same on every attempt (also after a crash).
 * A manual retry after Arena refused the message derives a new one from the retry count.
 */
import { createHash } from "node:crypto";

/** The namespace of this proxy's event UUIDs (a fixed random UUID). */
const NAMESPACE = Buffer.from("5f0c5c1e8a2b4d7e9c3a1b2c3d4e5f60", "hex");

/** UUID v5 of `name` in this proxy's namespace. */
export function uuidV5(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The stored id of event `eventId` of trigger `trigger` (also its first message_instance_uuid). */
export const eventRecordId = (trigger: string, eventId: string): string => uuidV5(`${trigger}\n${eventId}`);

/** The message_instance_uuid of the `retry`-th manual retry of an event Arena refused. */
export const retryMessageUuid = (recordId: string, retry: number): string => uuidV5(`${recordId}\nretry ${retry}`);
