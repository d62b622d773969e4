/**
 * Calls per second, error rate and latency per command over the last minutes, for the console:
 * snapshots of the command duration histogram (taken every few seconds while someone looks, and
 * when asked), compared with the snapshot from the start of the window. Quantiles are
 * interpolated within histogram buckets, as Prometheus' histogram_quantile does.
 */
import { type DurationSeries, metrics } from "./metrics.js";

interface Counts {
  calls: number;
  errors: number;
  seconds: number;
  /** Cumulative bucket counts by upper bound (`le`), +Inf last. */
  buckets: Map<number, number>;
}

interface Snapshot {
  at: number;
  commands: Map<string, Counts>;
}

export interface CommandRate {
  command: string;
  calls: number;
  calls_per_second: number;
  errors: number;
  /** errors / calls; null without calls. */
  error_rate: number | null;
  mean_ms: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface CommandRates {
  /** The start of the window the figures cover (ISO time). */
  since: string;
  window_seconds: number;
  commands: CommandRate[];
}

const SAMPLE_EVERY_MS = 5_000;
const KEEP_MS = 15 * 60_000;
/** Sampling stops when nobody asked for this long (and starts again on the next question). */
const IDLE_STOP_MS = 10 * 60_000;

function countsOf(series: readonly DurationSeries[]): Map<string, Counts> {
  const commands = new Map<string, Counts>();
  for (const { metricName, labels, value } of series) {
    const command = String(labels.command);
    let counts = commands.get(command);
    if (!counts) {
      counts = { calls: 0, errors: 0, seconds: 0, buckets: new Map() };
      commands.set(command, counts);
    }
    if (metricName?.endsWith("_count")) {
      counts.calls += value;
      if (labels.outcome !== "ok") counts.errors += value;
    } else if (metricName?.endsWith("_sum")) counts.seconds += value;
    else if (metricName?.endsWith("_bucket")) {
      const le = labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(labels.le);
      counts.buckets.set(le, (counts.buckets.get(le) ?? 0) + value);
    }
  }
  return commands;
}

/** The q-quantile of the calls counted by cumulative `buckets` (bounds ascending), in seconds. */
function quantile(q: number, buckets: ReadonlyArray<[number, number]>): number | null {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lowerBound; // above the largest bucket: its bound is all we know
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / Math.max(count - lowerCount, 1);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10_000) / 10);

function rate(command: string, now: Counts, then: Counts | undefined, seconds: number): CommandRate {
  const calls = now.calls - (then?.calls ?? 0);
  const errors = now.errors - (then?.errors ?? 0);
  const buckets = [...now.buckets]
    .sort((a, b) => a[0] - b[0])
    .map(([bound, count]): [number, number] => [bound, count - (then?.buckets.get(bound) ?? 0)]);
  return {
    command,
    calls,
    calls_per_second: Math.round((calls / Math.max(seconds, 1)) * 1000) / 1000,
    errors,
    error_rate: calls === 0 ? null : Math.round((errors / calls) * 10_000) / 10_000,
    mean_ms: calls === 0 ? null : ms((now.seconds - (then?.seconds ?? 0)) / calls),
    p50_ms: ms(quantile(0.5, buckets)),
    p95_ms: ms(quantile(0.95, buckets)),
  };
}

/** One per process, like the histogram it reads. */
export class CommandRateWindow {
  /** Counters are zero when the process starts: the first figures cover the time since then. */
  private readonly snapshots: Snapshot[] = [
    { at: Date.now() - Math.round(process.uptime() * 1000), commands: new Map() },
  ];
  private timer: NodeJS.Timeout | null = null;
  private askedAt = 0;

  /** The figures over the last `windowSeconds` (or since the oldest snapshot kept, when later). */
  async rates(windowSeconds: number): Promise<CommandRates> {
    this.askedAt = Date.now();
    this.timer ??= setInterval(() => void this.sample(), SAMPLE_EVERY_MS).unref();
    const now = await this.sample();
    const from = now.at - windowSeconds * 1000;
    // the newest snapshot at or before the window's start; the oldest kept when none is that old
    const then = this.snapshots.findLast((snapshot) => snapshot.at <= from) ?? this.snapshots[0] ?? now;
    const seconds = (now.at - then.at) / 1000;
    const commands = [...now.commands]
      .map(([command, counts]) => rate(command, counts, then.commands.get(command), seconds))
      .sort((a, b) => b.calls - a.calls || (a.command < b.command ? -1 : 1));
    return { since: new Date(then.at).toISOString(), window_seconds: Math.round(seconds), commands };
  }

  private async sample(): Promise<Snapshot> {
    const snapshot = { at: Date.now(), commands: countsOf(await metrics.commandDuration.series()) };
    this.snapshots.push(snapshot);
    // keep one snapshot older than KEEP_MS: the baseline of the longest window
    while ((this.snapshots[1]?.at ?? snapshot.at) < snapshot.at - KEEP_MS) this.snapshots.shift();
    if (this.timer && snapshot.at - this.askedAt > IDLE_STOP_MS) {
      clearInterval(this.timer);
      this.timer = null;
    }
    return snapshot;
  }
}

export const commandRates = new CommandRateWindow();
