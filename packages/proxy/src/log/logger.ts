/**
 * The proxy's structured logger: pino JSON lines, pretty-printed (in a worker thread, off
 * the request path) when stdout is a terminal and pino-pretty is installed. Everything
 * logged goes through CONTRACT.md's redaction (credential keys at any depth, `{name, value}`
 * items) and loses the exact value of every configured secret.
 */
import { createRequire } from "node:module";
import { isSensitiveKey, REDACTED, redact, redactText, SHORTEST_SECRET } from "@connector-proxy/sdk";
import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";

export type { DestinationStream, Logger };

/** A redacted deep copy: errors serialised first, then credential keys and secret values scrubbed. */
export function sanitizeForLog(value: unknown, secrets: ReadonlySet<string>): unknown {
  return sanitizeFlat(value, secrets) ?? scrubStrings(redact(serializeErrors(value, 0)), secrets, 0);
}

const keyVerdicts = new Map<string, boolean>();

function sensitiveKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = isSensitiveKey(key);
    if (keyVerdicts.size < 4096) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * The fast path for the common line (one request's fields): a flat plain object of primitives, no
 * `{name, value}` item. Returned as it is when nothing in it needs scrubbing (the usual case), else copied.
 */
function sanitizeFlat(value: unknown, secrets: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  if ("value" in value) return undefined;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    const item = record[key];
    if (item !== null && typeof item === "object") return undefined;
    const clean = sensitiveKey(key) ? REDACTED : typeof item === "string" ? scrubString(item, secrets) : item;
    if (clean !== item) {
      copy ??= { ...record };
      copy[key] = clean;
    }
  }
  return copy ?? record;
}

function serializeErrors(value: unknown, depth: number): unknown {
  if (value instanceof Error) return pino.stdSerializers.err(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => serializeErrors(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = serializeErrors(item, depth + 1);
  return copy;
}

/** redactText, skipped for the common string that can hold neither a credential pattern nor a secret. */
function scrubString(text: string, secrets: ReadonlySet<string>): string {
  if (/[\s@]/.test(text)) return redactText(text, secrets);
  for (const secret of secrets)
    if (secret.length >= SHORTEST_SECRET && text.includes(secret)) return redactText(text, secrets);
  return text;
}

function scrubStrings(value: unknown, secrets: ReadonlySet<string>, depth: number): unknown {
  if (typeof value === "string") return scrubString(value, secrets);
  if (depth > 32 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubStrings(item, secrets, depth + 1);
  return copy;
}

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

/**
 * A server's log stream: JSON lines to a file descriptor or path, written in batches (one write per
 * 4 KiB or per 200 ms instead of one per line, which costs a busy proxy more than building the line)
 * and flushed synchronously when the process exits.
 */
export function bufferedLogDestination(dest: number | string): DestinationStream {
  return pino.destination({ dest, sync: false, minLength: 4096, periodicFlush: 200 });
}

/**
 * A pino logger writing JSON to stdout (or to `destination`, for tests and benchmarks).
 * `secrets` is read at each line, so values added later are scrubbed too.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  secrets: ReadonlySet<string> = new Set(),
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: "connector-proxy" },
    formatters: { log: (object) => sanitizeForLog(object, secrets) as Record<string, unknown> },
    serializers: { err: (value: unknown) => value }, // already serialised by the formatter
    hooks: {
      logMethod(args, method) {
        // the common line is one object (scrubbed by the formatter): no copy of the arguments
        if (args.length === 1 && typeof args[0] !== "string") return method.apply(this, args);
        const cleaned = args.map((arg) => (typeof arg === "string" ? scrubString(arg, secrets) : arg));
        return method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY && prettyAvailable()) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l" } } });
  }
  return pino(options);
}
