/**
 * Jobs by status on the BullMQ store, for the `connector_proxy_jobs` gauge: BullMQ's own
 * counts per list, mapped onto our JobStatus values as faithfully as cheap reads allow.
 */
import type { Queue } from "bullmq";
import type { JobRecord, JobStatus } from "./job-record.js";

/** Active or delayed jobs up to this many are read to tell what they do. */
const READ_AT_MOST = 256;

/** The statuses reported (cancelled jobs sit in BullMQ's completed set with the completed ones). */
type CountedStatus = Exclude<JobStatus, "cancelled">;

/**
 * A snapshot, not atomic: a job moving meanwhile may be counted twice or missed.
 * wait + prioritized + paused are queued, failed is dead. Approximations:
 * - BullMQ's completed set holds completed AND cancelled jobs, all reported as completed
 *   (cancelled is left out); telling them apart would read every finished job.
 * - Active and delayed jobs are read, when there are at most READ_AT_MOST of each, and counted
 *   by their record: active is a running command or a callback attempt (delivering); delayed is
 *   a command adopted after its synchronous budget (running), a job waiting for an external
 *   system (waiting) or a callback between attempts (delivering). Beyond that bound they are
 *   not read: active ones count as running, delayed ones as delivering.
 */
export async function countBullmqJobs(queue: Queue<JobRecord>): Promise<Partial<Record<JobStatus, number>>> {
  const bull = await queue.getJobCounts("wait", "prioritized", "paused", "active", "delayed", "completed", "failed");
  const counts: Record<CountedStatus, number> = {
    queued: (bull.wait ?? 0) + (bull.prioritized ?? 0) + (bull.paused ?? 0),
    running: 0,
    waiting: 0,
    delivering: 0,
    completed: bull.completed ?? 0,
    dead: bull.failed ?? 0,
  };
  await countByRecord(queue, "active", bull.active ?? 0, "running", counts);
  await countByRecord(queue, "delayed", bull.delayed ?? 0, "delivering", counts);
  return counts;
}

/** Add the `total` jobs BullMQ has in `type` to `counts`, by the status of their record when few. */
async function countByRecord(
  queue: Queue<JobRecord>,
  type: "active" | "delayed",
  total: number,
  otherwise: CountedStatus,
  counts: Record<CountedStatus, number>,
): Promise<void> {
  if (total > READ_AT_MOST) {
    counts[otherwise] += total;
    return;
  }
  const jobs = total > 0 ? await queue.getJobs([type], 0, READ_AT_MOST - 1) : [];
  for (const job of jobs) {
    const status = job?.data.status; // undefined: removed meanwhile
    if (status === "queued" || status === "running") counts.running++;
    else if (status === "cancelled") counts.completed++;
    else if (status) counts[status]++;
  }
}
