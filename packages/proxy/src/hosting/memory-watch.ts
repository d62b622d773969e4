/**
 * Watching a child's resident memory (Linux `/proc/<pid>/status`), for children of any
 * language; Node children also get `--max-old-space-size`. Elsewhere this is a no-op.
 */
import { readFile } from "node:fs/promises";

const INTERVAL_MS = 250;

/** Call `onExceeded(rssMb)` once when `pid` uses more than `limitMb`; returns a stop function. */
export function watchMemory(pid: number, limitMb: number, onExceeded: (rssMb: number) => void): () => void {
  if (process.platform !== "linux") return () => {};
  let stopped = false;
  const timer = setInterval(() => {
    readFile(`/proc/${pid}/status`, "utf8")
      .then((status) => {
        const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
        if (!stopped && kb / 1024 > limitMb) {
          stopped = true;
          clearInterval(timer);
          onExceeded(Math.round(kb / 1024));
        }
      })
      .catch(() => {}); // the process is gone: the supervisor hears it from the transport
  }, INTERVAL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
