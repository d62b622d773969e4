/**
 * The prom-client side of metrics.ts, imported on first need: one registry with the proxy's
 * instruments, each copying its values from metrics.ts's Maps when collected, except the command
 * duration histogram, which prom-client keeps itself.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { CallOutcome, DurationSeries, EarlyDuration, MetricValues, Tally } from "./metrics.js";

export interface PrometheusRegistry {
  /** The Prometheus text format of every instrument. */
  metrics(): Promise<string>;
  observeDuration(labels: { command: string; outcome: CallOutcome }, seconds: number): void;
  observeEventDelivery(labels: { trigger: string }, seconds: number): void;
  /** The duration histogram's series (`_bucket` by `le`, `_sum`, `_count`), by command and outcome. */
  durationSeries(): Promise<DurationSeries[]>;
  /** Add Node's process metrics (CPU, memory, event loop lag...); call once. */
  enableProcessMetrics(): void;
}

/** A `collect` that makes the counter equal to `tally`. */
function countedFrom<L extends string>(tally: Tally<L>) {
  return function collect(this: Counter<L>) {
    this.reset();
    for (const { labels, value } of tally.entries.values()) this.inc(labels, value);
  };
}

/** A `collect` that makes the gauge equal to `tally`. */
function gaugedFrom<L extends string>(tally: Tally<L>) {
  return function collect(this: Gauge<L>) {
    this.reset();
    for (const { labels, value } of tally.entries.values()) this.set(labels, value);
  };
}

/** Build the registry; `early` are the durations observed before it existed. */
export function createPrometheusRegistry(
  values: MetricValues,
  early: readonly EarlyDuration[],
  earlyDeliveries: readonly { trigger: string; seconds: number }[] = [],
): PrometheusRegistry {
  const registry = new Registry();
  const registers = [registry];
  new Counter({
    name: "connector_proxy_http_requests_total",
    help: "HTTP requests answered, by route pattern, method and status",
    labelNames: ["route", "method", "status"] as const,
    registers,
    collect: countedFrom(values.requests),
  });
  const commandDuration = new Histogram({
    name: "connector_proxy_command_duration_seconds",
    help: "Command execution time in seconds, by command id and outcome (ok, command_error, proxy_error)",
    labelNames: ["command", "outcome"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  for (const { labels, seconds } of early) commandDuration.observe(labels, seconds);
  new Counter({
    name: "connector_proxy_command_errors_total",
    help: "Command calls that answered an error, by command id and error code",
    labelNames: ["command", "error_code"] as const,
    registers,
    collect: countedFrom(values.commandErrors),
  });
  new Gauge({
    name: "connector_proxy_commands_in_flight",
    help: "Commands running right now, by command id",
    labelNames: ["command"] as const,
    registers,
    collect: gaugedFrom(values.inFlight),
  });
  new Counter({
    name: "connector_proxy_connector_restarts_total",
    help: "Restarts of process-hosted connectors, by connector name",
    labelNames: ["connector"] as const,
    registers,
    collect: countedFrom(values.connectorRestarts),
  });
  new Counter({
    name: "connector_proxy_job_store_errors_total",
    help: "Errors reported by the Redis job store's connections, by source (worker, queue, subscriber, commands)",
    labelNames: ["source"] as const,
    registers,
    collect: countedFrom(values.jobStoreErrors),
  });
  new Gauge({
    name: "connector_proxy_upstream_up",
    help: "1 when the remote upstream proxy is reachable, 0 when not, by upstream name",
    labelNames: ["upstream"] as const,
    registers,
    collect: gaugedFrom(values.upstreamUp),
  });
  new Gauge({
    name: "connector_proxy_jobs",
    help: "Durable jobs by state",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      this.reset();
      for (const [state, value] of await values.countJobs()) this.set({ state }, value);
    },
  });
  new Counter({
    name: "connector_proxy_callback_attempts_total",
    help: "Callback delivery attempts, by result (delivered, failed)",
    labelNames: ["result"] as const,
    registers,
    collect: countedFrom(values.callbackAttempts),
  });
  new Counter({
    name: "connector_proxy_callback_failures_total",
    help: "Callbacks abandoned after their last delivery attempt",
    registers,
    collect() {
      this.reset();
      this.inc(values.callbackFailures.count);
    },
  });
  new Counter({
    name: "connector_proxy_events_total",
    help: "Inbound events by trigger and result (received, duplicate, rejected, delivered, dead)",
    labelNames: ["trigger", "result"] as const,
    registers,
    collect: countedFrom(values.events),
  });
  const eventDelivery = new Histogram({
    name: "connector_proxy_event_delivery_seconds",
    help: "Seconds from an inbound event's arrival to its delivery to the engine, by trigger",
    labelNames: ["trigger"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers,
  });
  for (const { trigger, seconds } of earlyDeliveries) eventDelivery.observe({ trigger }, seconds);
  return {
    metrics: () => registry.metrics(),
    observeDuration: (labels, seconds) => commandDuration.observe(labels, seconds),
    observeEventDelivery: (labels, seconds) => eventDelivery.observe(labels, seconds),
    durationSeries: async () => (await commandDuration.get()).values,
    enableProcessMetrics: () => collectDefaultMetrics({ register: registry, prefix: "connector_proxy_" }),
  };
}
