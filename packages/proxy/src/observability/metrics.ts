/**
 * The proxy's Prometheus instruments, one set per process, updated from every part of the proxy
 * (`metrics.connectorRestarts.inc({ connector: "sql" })`) and scraped at `/metrics`.
 *
 * Updates land in plain Maps: tens of nanoseconds each, against about a microsecond for
 * prom-client's label hashing, and no prom-client at start-up (importing it is ~40 ms of a cold
 * start). prom-client is imported by the first scrape or the first command duration, and its
 * instruments (prometheus-registry.ts) copy the Maps when collected.
 */
import type { PrometheusContentType } from "prom-client";
import type { PrometheusRegistry } from "./prometheus-registry.js";

/** How a command call ended: `ok`, `command_error` (the command answered an error) or `proxy_error` (timeout, crash...). */
export type CallOutcome = "ok" | "command_error" | "proxy_error";

/** Values by label set; `key` identifies the set, `labels` is only built the first time it is seen. */
export class Tally<L extends string> {
  readonly entries = new Map<string, { labels: Record<L, string>; value: number }>();

  add(key: string, labels: () => Record<L, string>, by: number): void {
    const entry = this.entries.get(key);
    if (entry) entry.value += by;
    else this.entries.set(key, { labels: labels(), value: by });
  }

  set(key: string, labels: () => Record<L, string>, value: number): void {
    const entry = this.entries.get(key);
    if (entry) entry.value = value;
    else this.entries.set(key, { labels: labels(), value });
  }
}

/** Job counts by state as one job store reports them; a state left out is one the store cannot tell. */
export type JobCounts = Partial<Record<string, number>>;

/** A command duration observed before prom-client was loaded. */
export interface EarlyDuration {
  labels: { command: string; outcome: CallOutcome };
  seconds: number;
}

/** One series of the command duration histogram, as prom-client reports it. */
export interface DurationSeries {
  metricName?: string;
  labels: Partial<Record<string, string | number>>;
  value: number;
}

/** What the prom-client instruments read when they are collected. */
export interface MetricValues {
  requests: Tally<"route" | "method" | "status">;
  inFlight: Tally<"command">;
  commandErrors: Tally<"command" | "error_code">;
  connectorRestarts: Tally<"connector">;
  jobStoreErrors: Tally<"source">;
  upstreamUp: Tally<"upstream">;
  callbackAttempts: Tally<"result">;
  callbackFailures: { count: number };
  /** Inbound events by trigger and result (received, duplicate, rejected, delivered, dead). */
  events: Tally<"trigger" | "result">;
  /** Job counts by state, summed over the job services of this process. */
  countJobs(): Promise<Map<string, number>>;
}

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

const values: MetricValues = {
  requests: new Tally(),
  inFlight: new Tally(),
  commandErrors: new Tally(),
  connectorRestarts: new Tally(),
  jobStoreErrors: new Tally(),
  upstreamUp: new Tally(),
  callbackAttempts: new Tally(),
  callbackFailures: { count: 0 },
  events: new Tally(),
  countJobs,
};

let registry: PrometheusRegistry | undefined;
let loading: Promise<PrometheusRegistry> | undefined;
let processMetrics = false;
/**
 * Durations wait here while prom-client loads (a histogram cannot be rebuilt from bucket counts
 * through its API); the first one starts the load, so this holds a few entries at most.
 */
const earlyDurations: EarlyDuration[] = [];
/** Event delivery latencies observed before prom-client was loaded (as earlyDurations). */
const earlyDeliveries: { trigger: string; seconds: number }[] = [];

/** The prom-client registry, imported and built on first need. */
function loadRegistry(): Promise<PrometheusRegistry> {
  loading ??= import("./prometheus-registry.js").then(({ createPrometheusRegistry }) => {
    registry = createPrometheusRegistry(values, earlyDurations.splice(0), earlyDeliveries.splice(0));
    if (processMetrics) registry.enableProcessMetrics();
    return registry;
  });
  return loading;
}

const PROMETHEUS_TEXT: PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/** The process-wide instruments. Update them from anywhere; `/metrics` reads `registry`. */
export const metrics = {
  registry: {
    /** The Prometheus text format of every instrument (the first call imports prom-client). */
    metrics: async (): Promise<string> => (await loadRegistry()).metrics(),
    contentType: PROMETHEUS_TEXT,
  },
  /** Command duration in seconds, by command id and outcome. */
  commandDuration: {
    observe(labels: { command: string; outcome: CallOutcome }, seconds: number): void {
      if (registry) registry.observeDuration(labels, seconds);
      else {
        earlyDurations.push({ labels, seconds });
        void loadRegistry();
      }
    },
    /** The histogram's series so far (the console's rates and latencies are computed from them). */
    series: async (): Promise<DurationSeries[]> => (await loadRegistry()).durationSeries(),
  },
  /** Failed calls by command id and error code. */
  commandErrors: {
    inc(labels: { command: string; error_code: string }): void {
      values.commandErrors.add(`${labels.command}\u0000${labels.error_code}`, () => ({ ...labels }), 1);
    },
  },
  /** Restarts of process-hosted connectors, by connector name. */
  connectorRestarts: {
    inc(labels: { connector: string }): void {
      values.connectorRestarts.add(labels.connector, () => ({ ...labels }), 1);
    },
  },
  /** Errors the Redis job store's connections reported (BullMQ worker, queue, cancellation subscriber), by source. */
  jobStoreErrors: {
    inc(labels: { source: string }): void {
      values.jobStoreErrors.add(labels.source, () => ({ ...labels }), 1);
    },
  },
  /** 1 when a remote upstream proxy answers, 0 when it does not, by upstream name. */
  upstreamUp: {
    set(labels: { upstream: string }, value: number): void {
      values.upstreamUp.set(labels.upstream, () => ({ ...labels }), value);
    },
  },
  /** Callback deliveries attempted, by result (delivered, failed). */
  callbackAttempts: {
    inc(labels: { result: string }): void {
      values.callbackAttempts.add(labels.result, () => ({ ...labels }), 1);
    },
  },
  /** Inbound events, by trigger and result: received, duplicate, rejected, delivered, dead. */
  events: {
    inc(labels: { trigger: string; result: string }): void {
      values.events.add(`${labels.trigger}\u0000${labels.result}`, () => ({ ...labels }), 1);
    },
  },
  /** Seconds from an event's arrival to its delivery to the engine, by trigger. */
  eventDelivery: {
    observe(labels: { trigger: string }, seconds: number): void {
      if (registry) registry.observeEventDelivery(labels, seconds);
      else {
        earlyDeliveries.push({ trigger: labels.trigger, seconds });
        void loadRegistry();
      }
    },
  },
  /** Callbacks given up on after their last attempt. */
  callbackFailures: {
    inc(): void {
      values.callbackFailures.count += 1;
    },
  },
};

/** Add Node's process metrics (CPU, memory, event loop lag...) to the registry, from when prom-client is loaded; idempotent. */
export function enableProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  registry?.enableProcessMetrics();
}

/** Count one answered HTTP request. */
export function countRequest(route: string, method: string, status: number): void {
  values.requests.add(`${route} ${method} ${status}`, () => ({ route, method, status: String(status) }), 1);
}

/** A command started (+1) or finished (-1). */
export function trackInFlight(command: string, by: 1 | -1): void {
  values.inFlight.add(command, () => ({ command }), by);
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
