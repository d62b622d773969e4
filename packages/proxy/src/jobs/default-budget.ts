/**
 * The default async budget: Arena gives up on a synchronous call after 45 s, so with Arena's
 * credentials configured a call that carries `spiff__callback_url`, and whose command has no
 * async setting of its own, answers 202 once it has run for `jobs.async_after_seconds` and
 * finishes by callback. Without credentials nothing changes (a callback that cannot authenticate
 * would leave the task waiting forever), nor for a callback URL the credentials may not go to.
 */
import type { CommandSettings } from "../config/config-schema.js";
import type { Engine } from "../engine/engine.js";
import type { Logger } from "../log/logger.js";
import type { JobsConfig } from "./jobs-config.js";

/** Origins warned about at most (a caller naming ever new hosts cannot fill the log or memory). */
const MAX_WARNED_ORIGINS = 100;

export class DefaultBudget {
  private readonly warnedOrigins = new Set<string>();

  constructor(
    private readonly jobs: JobsConfig,
    private readonly engine: Engine,
    private readonly logger: Logger,
  ) {}

  /** Say at start-up whether slow calls carrying a callback URL will finish by callback. */
  announce(): void {
    const seconds = this.jobs.async_after_seconds;
    if (!this.engine.credentials.configured) {
      this.logger.info(
        "engine.auth is not set: calls with spiff__callback_url run synchronously unless their command is async (Arena gives up on a call after 45 s); set engine.auth so calls running longer than jobs.async_after_seconds finish by callback",
      );
    } else if (seconds > 0) {
      this.logger.info(
        `calls with spiff__callback_url still running after ${seconds} s answer 202 and finish by callback (jobs.async_after_seconds; 0 turns it off)`,
      );
    }
  }

  /** The budget in ms for a command without async settings of its own, or null: run synchronously. */
  forCall(settings: CommandSettings | undefined, callbackUrl: string): number | null {
    const seconds = this.jobs.async_after_seconds;
    if (settings?.async === false || seconds === 0 || !this.engine.credentials.configured) return null;
    const problem = this.engine.checkCallbackUrl(callbackUrl);
    if (problem === null) return seconds * 1000;
    const origin = URL.canParse(callbackUrl) ? new URL(callbackUrl).origin : callbackUrl.slice(0, 100);
    if (this.warnedOrigins.size < MAX_WARNED_ORIGINS && !this.warnedOrigins.has(origin)) {
      this.warnedOrigins.add(origin);
      this.logger.warn(`${problem}; calls with it run synchronously, without jobs.async_after_seconds`);
    }
    return null;
  }
}
