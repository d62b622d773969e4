/** The shapes of the proxy's answers the console reads (see the proxy's routes for their source). */
import type { RJSFSchema } from "@rjsf/utils";

export type Hosting = "inline" | "process" | "remote";

export interface CatalogueEntry {
  id: string;
  description: string;
  parameters: Array<{ id: string; type: string; required: boolean; description?: string }>;
  schema: RJSFSchema;
  errors: Array<{ code: string; description: string }>;
  "x-hosting": Hosting;
  long_running?: boolean;
}

export interface ConnectorStatus {
  name: string;
  hosting: Hosting;
  state: "up" | "starting" | "down" | "idle";
  commands: string[];
  pid?: number | null;
  restarts?: number;
  last_exit?: { reason: string; at: string } | null;
  url?: string;
  checked_at?: string | null;
}

export interface AuthConnection {
  id: string;
  description: string;
  configured: boolean;
  missing: string[];
  last_used_at: string | null;
  expires_at: string | null;
  last_refreshed_at: string | null;
  last_failure: { at: string; error_code: string } | null;
}

export interface ConsoleStatus {
  connectors: ConnectorStatus[];
  auths: AuthConnection[];
  jobs: { store: "sqlite" | "redis" };
  uptime_seconds: number;
}

export interface CommandRate {
  command: string;
  calls: number;
  calls_per_second: number;
  errors: number;
  error_rate: number | null;
  mean_ms: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface CommandRates {
  since: string;
  window_seconds: number;
  commands: CommandRate[];
}

export const JOB_STATES = ["queued", "running", "waiting", "delivering", "completed", "dead", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  id: string;
  command: string;
  status: JobState;
  attempts: number;
  last_error: string | null;
  reference: string | null;
  error_code: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  next_attempt_at: string | null;
}

export interface JobPage {
  jobs: Job[];
  next_offset: number | null;
}

export const EVENT_STATES = ["received", "delivering", "delivered", "dead"] as const;

export interface InboundEvent {
  id: string;
  trigger: string;
  event_id: string;
  status: (typeof EVENT_STATES)[number];
  attempts: number;
  retries: number;
  message_instance_uuid: string;
  last_error: string | null;
  last_status: number | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
  next_attempt_at: string | null;
  /** Only when one event is read, with secrets masked. */
  body?: unknown;
}

export interface TriggerList {
  triggers: Array<{ id: string; source: string; message?: string; delivery?: string; webhook?: string }>;
}
