/**
 * Listing jobs of the BullMQ store (`GET /v1/jobs`) page by page without skipping any: BullMQ's
 * lists are walked in a fixed order (by BullMQ state, newest first within each), in chunks, and
 * filtered by our status until the page is full. A deep offset costs reading the jobs before it.
 */
import type { Job, JobType, Queue } from "bullmq";
import type { JobRecord, JobStatus } from "./job-record.js";
import type { JobQuery } from "./job-store.js";

/** BullMQ states that hold jobs of each status (delayed holds waiting and delivering ones, completed the cancelled). */
const STATES_OF: Record<JobStatus, JobType[]> = {
  queued: ["wait", "prioritized"],
  running: ["active"],
  waiting: ["delayed"],
  delivering: ["delayed", "active"],
  completed: ["completed"],
  dead: ["failed"],
  cancelled: ["completed"],
};
const EVERY_STATE: JobType[] = ["wait", "prioritized", "active", "delayed", "completed", "failed"];
const CHUNK = 200;

/** The job as stored, with queued/running read from BullMQ's state (data may say running for a stalled job). */
export function view(job: Job<JobRecord>, state: string): JobRecord {
  const record = job.data;
  if (record.status !== "queued" && record.status !== "running") return record;
  return { ...record, status: state === "active" ? "running" : "queued" };
}

export async function listBullmqJobs(
  queue: Queue<JobRecord>,
  { status, limit, offset }: JobQuery,
): Promise<JobRecord[]> {
  const page: JobRecord[] = [];
  let skip = offset;
  for (const state of status ? STATES_OF[status] : EVERY_STATE) {
    for (let start = 0; ; start += CHUNK) {
      const jobs = await queue.getJobs([state], start, start + CHUNK - 1);
      for (const job of jobs) {
        if (!job) continue; // removed meanwhile
        const record = view(job, state);
        if (status && record.status !== status) continue;
        if (skip > 0) skip--;
        else if (page.push(record) === limit) return page;
      }
      if (jobs.length < CHUNK) break;
    }
  }
  return page;
}
