/**
 * The proxy's Prometheus instruments, in one registry every part of the proxy imports
 * and updates (`metrics.connectorRestarts.inc({ connector: "sql" })`), scraped at `/metrics`.
 * One registry per process, like the process it describes.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** How a command call ended: `ok`, `command_error` (the command answered an error) or `proxy_error` (timeout, crash...). */
export type CallOutcome = "ok" | "command_error" | "proxy_error";

/**
 * Values by label set for the per-request instruments, kept in a Map (tens of nanoseconds per
 * update, against about a microsecond for prom-client's label hashing) and copied into the
 * prom-client metric when it is scraped.
 */
class Tally<L extends string> {
  readonly entries = new Map<string, { labels: Record<L, string>; value: number }>();

  add(key: string, labels: () => Record<L, string>, by: number): void {
    const entry = this.entries.get(key);
    if (entry) entry.value += by;
    else this.entries.set(key, { labels: labels(), value: by });
  }
}

const requestTally = new Tally<"route" | "method" | "status">();
const inFlightTally = new Tally<"command">();

/** Job counts by state as one job store reports them; a state left out is one the store cannot tell. */
export type JobCounts = Partial<Record<string, number>>;

/** Where `connector_proxy_jobs` comes from: one source per job service open in this process. */
const jobCountSources = new Set<() => Promise<JobCounts>>();
/** A store that has not answered by then (Redis unreachable) leaves the gauge empty for this scrape. */
const JOB_COUNT_TIMEOUT_MS = 2_000;

/** The job counts of every source, summed by state; empty when one of them fails or is too slow. */
async function countJobs(): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), JOB_COUNT_TIMEOUT_MS);
  });
  const answers = await Promise.race([Promise.all([...jobCountSources].map((source) => source())), late]).catch(
    () => null,
  );
  clearTimeout(timer);
  for (const counts of answers ?? []) {
    for (const [state, value] of Object.entries(counts)) {
      if (value !== undefined) totals.set(state, (totals.get(state) ?? 0) + value);
    }
  }
  return totals;
}

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    /** HTTP requests answered, by route pattern, method and status (updated by `countRequest`). */
    httpRequests: new Counter({
      name: "connector_proxy_http_requests_total",
      help: "HTTP requests answered, by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers,
      collect() {
        this.reset();
        for (const { labels, value } of requestTally.entries.values()) this.inc(labels, value);
      },
    }),
    /** Command duration in seconds, by command id and outcome. */
    commandDuration: new Histogram({
      name: "connector_proxy_command_duration_seconds",
      help: "Command execution time in seconds, by command id and outcome (ok, command_error, proxy_error)",
      labelNames: ["command", "outcome"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    /** Failed calls by command id and error code. */
    commandErrors: new Counter({
      name: "connector_proxy_command_errors_total",
      help: "Command calls that answered an error, by command id and error code",
      labelNames: ["command", "error_code"] as const,
      registers,
    }),
    /** Commands running right now, by command id (updated by `trackInFlight`). */
    commandsInFlight: new Gauge({
      name: "connector_proxy_commands_in_flight",
      help: "Commands running right now, by command id",
      labelNames: ["command"] as const,
      registers,
      collect() {
        this.reset();
        for (const { labels, value } of inFlightTally.entries.values()) this.set(labels, value);
      },
    }),
    /** Restarts of process-hosted connectors, by connector name. */
    connectorRestarts: new Counter({
      name: "connector_proxy_connector_restarts_total",
      help: "Restarts of process-hosted connectors, by connector name",
      labelNames: ["connector"] as const,
      registers,
    }),
    /** 1 when a remote upstream proxy answers, 0 when it does not, by upstream name. */
    upstreamUp: new Gauge({
      name: "connector_proxy_upstream_up",
      help: "1 when the remote upstream proxy is reachable, 0 when not, by upstream name",
      labelNames: ["upstream"] as const,
      registers,
    }),
    /** Durable jobs by state (queued, running, waiting, delivering, completed, dead, cancelled), asked of the job stores at scrape time. */
    jobs: new Gauge({
      name: "connector_proxy_jobs",
      help: "Durable jobs by state",
      labelNames: ["state"] as const,
      registers,
      async collect() {
        this.reset();
        const totals = await countJobs();
        for (const [state, value] of totals) this.set({ state }, value);
      },
    }),
    /** Callback deliveries attempted, by result (delivered, failed). */
    callbackAttempts: new Counter({
      name: "connector_proxy_callback_attempts_total",
      help: "Callback delivery attempts, by result (delivered, failed)",
      labelNames: ["result"] as const,
      registers,
    }),
    /** Callbacks given up on after their last attempt. */
    callbackFailures: new Counter({
      name: "connector_proxy_callback_failures_total",
      help: "Callbacks abandoned after their last delivery attempt",
      registers,
    }),
  };
}

/** The process-wide instruments. Import and update them; never create a second registry. */
export const metrics = createMetrics();

let processMetrics = false;

/** Add Node's process metrics (CPU, memory, event loop lag...) to the registry; idempotent. */
export function enableProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metrics.registry, prefix: "connector_proxy_" });
}

/** Count one answered HTTP request. */
export function countRequest(route: string, method: string, status: number): void {
  requestTally.add(`${route} ${method} ${status}`, () => ({ route, method, status: String(status) }), 1);
}

/** A command started (+1) or finished (-1). */
export function trackInFlight(command: string, by: 1 | -1): void {
  inFlightTally.add(command, () => ({ command }), by);
}

/**
 * Report durable jobs by state in `connector_proxy_jobs`: `source` is asked at each scrape
 * (kept here as a function so this module needs nothing from the job code).
 * Returns the function that removes the source again.
 *
 * @example
 * const stop = addJobCountsSource(() => store.countByStatus());
 * // ... on close:
 * stop();
 */
export function addJobCountsSource(source: () => Promise<JobCounts>): () => void {
  const entry = async () => source(); // a source that throws fails its promise, not the scrape
  jobCountSources.add(entry);
  return () => {
    jobCountSources.delete(entry);
  };
}

/** The outcome label of a finished call. */
export function outcomeOf(status: number, errorCode: string | undefined): CallOutcome {
  if (errorCode === undefined) return "ok";
  return status === 200 ? "command_error" : "proxy_error";
}
