/**
 * Test helper for durable jobs: a proxy serving the `slow` fixture connector with its job
 * database in a fresh temporary folder, and quick callback retries.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { type TestProxy, testProxy } from "./test-proxy.js";

export const REDIS_URL = "redis://127.0.0.1:6379";

/** Remove every key of the BullMQ job queue under `prefix` (tests use a unique prefix each). */
export async function dropJobQueue(prefix: string): Promise<void> {
  const queue = new Queue("jobs", { connection: { host: "127.0.0.1", port: 6379 }, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
}

export interface JobsProxy extends TestProxy {
  dataDir: string;
}

/** A proxy with `jobs` settings merged over quick test defaults; `close()` also removes the data folder. */
export async function jobsProxy(
  jobs: Record<string, unknown> = {},
  raw: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<JobsProxy> {
  const dataDir = (jobs.data_dir as string | undefined) ?? mkdtempSync(path.join(os.tmpdir(), "cp-jobs-"));
  const proxy = await testProxy(
    {
      discover: false,
      connectors: { slow: { path: "connector-slow" } },
      shutdown_timeout_seconds: 2,
      ...raw,
      jobs: {
        retry_initial_seconds: 0.02,
        retry_max_seconds: 0.2,
        ...jobs,
        data_dir: dataDir,
      },
    },
    env,
  );
  const close = proxy.close.bind(proxy);
  return Object.assign(proxy, {
    dataDir,
    close: async () => {
      await close();
      if (jobs.data_dir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export type JobView = {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  reference: string | null;
  error_code: string | null;
};

/** GET /v1/jobs/{id} as JSON. */
export async function getJob(proxy: TestProxy, id: string, headers: Record<string, string> = {}): Promise<JobView> {
  const response = await proxy.app.request(`/v1/jobs/${id}`, { headers });
  return (await response.json()) as JobView;
}

/** Poll a job until `done(job)` (rejects after `timeoutMs`). */
export async function waitForJob(
  proxy: TestProxy,
  id: string,
  done: (job: JobView) => boolean,
  timeoutMs = 10_000,
): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(proxy, id);
    if (done(job)) return job;
    if (Date.now() > until) throw new Error(`job ${id} is still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
