/**
 * `connector-proxy record --to <folder>`: `serve`, writing every call and its answer as a mock
 * fixture (credentials scrubbed) that `serve --mock <folder>` replays. Always one process.
 */
import { type ServeOptions, serveAction } from "./serve.js";

export function recordAction(options: Omit<ServeOptions, "recordTo" | "mock" | "workers"> & { to: string }) {
  const { to, ...serve } = options;
  return serveAction({ ...serve, workers: "1", recordTo: to }); // one process numbers the fixtures
}
