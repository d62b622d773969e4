/**
 * The proxy's structured logger: pino JSON lines, with credentials redacted by key.
 */
import { type Logger, pino } from "pino";

export type { Logger };

/** A pino logger writing JSON to stdout (or to `destination`, for tests). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: "connector-proxy" },
    redact: {
      paths: ["*.password", "*.token", "*.secret", "*.authorization", "*.api_key", "headers.*"],
      censor: "***REDACTED***",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
