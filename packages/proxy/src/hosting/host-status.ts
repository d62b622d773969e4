/**
 * What the console shows of a connector that does not run in this process: a supervised child
 * (process hosting) or another proxy (remote hosting). Each host reports it on demand.
 */
import type { Hosting } from "./command-handle.js";

export interface HostStatus {
  /** The connector's mount name (`connectors.<name>` in the configuration). */
  name: string;
  hosting: Exclude<Hosting, "inline">;
  /** up: answering; starting: first start; down: crashed (restarting) or unreachable; idle: lazy child not started. */
  state: "up" | "starting" | "down" | "idle";
  /** The child's process id while it runs (process hosting). */
  pid?: number | null;
  /** Restarts after a crash, an exit, a memory overrun or a hang, since the proxy started (process hosting). */
  restarts?: number;
  /** Why the child last went away, and when (ISO time). */
  last_exit?: { reason: string; at: string } | null;
  /** The upstream proxy's URL (remote hosting). */
  url?: string;
  /** When the upstream's catalogue was last read or found unreachable (ISO time; remote hosting). */
  checked_at?: string | null;
  /** The ids of the commands it serves here. */
  commands: string[];
}

/** Reports a host's status when asked (cheap: no I/O). */
export type HostStatusSource = () => HostStatus;
