/**
 * From the `triggers` section to running definitions: each trigger id gets its source (a
 * trigger kind by name: the built-in `webhook` or one a loaded connector ships), its parsed
 * settings, its compiled mappings and its delivery target. Every problem is a ConfigError
 * naming the trigger and the fix, raised at start-up.
 */
import type { Trigger } from "@connector-proxy/sdk";
import { ConfigError } from "../config/load-config.js";
import type { DeliveryPlan } from "./deliver-event.js";
import { type EngineTarget, engineMessageTarget, httpTarget } from "./delivery-targets.js";
import { compileMapping, type Mapping } from "./mapping.js";
import { OPTION_KEYS, type TriggerOptions, type TriggersConfig, triggerOptionsSchema } from "./trigger-config.js";

export interface TriggerKind {
  trigger: Trigger;
  /** The connector that ships it; null for the proxy's own (webhook). */
  connector: string | null;
}

export interface ConfiguredTrigger {
  id: string;
  /** The source key: the trigger kind's name. */
  source: string;
  kind: TriggerKind;
  settings: unknown;
  options: TriggerOptions;
  eventId: Mapping | null;
  plan: DeliveryPlan;
}

const SECOND = 1000;
const HOUR = 3_600_000;

export function configureTriggers(
  config: TriggersConfig,
  kinds: ReadonlyMap<string, TriggerKind>,
  engine: EngineTarget,
): ConfiguredTrigger[] {
  return Object.entries(config).map(([id, raw]) => {
    const where = `triggers.${id}`;
    const sources = Object.keys(raw).filter((key) => !OPTION_KEYS.has(key));
    const known = [...kinds.keys()].sort().join(", ");
    if (sources.length !== 1) {
      throw new ConfigError(
        `${where} must name exactly one source (one of: ${known}), found ${sources.length === 0 ? "none" : sources.join(", ")}`,
      );
    }
    const source = sources[0] as string;
    const kind = kinds.get(source);
    if (!kind) {
      throw new ConfigError(
        `${where}.${source}: no trigger "${source}" on this proxy (available: ${known}); install or enable the connector that ships it`,
      );
    }
    const parsed = kind.trigger.parseSettings(raw[source] ?? {});
    if (!parsed.ok) throw new ConfigError(`${where}.${source} is invalid: ${parsed.problems.join("; ")}`);
    const options = triggerOptionsSchema.parse(raw);
    return {
      id,
      source,
      kind,
      settings: parsed.value,
      options,
      eventId: options.event_id === undefined ? null : compileMapping(options.event_id, `${where}.event_id`),
      plan: {
        target: target(where, options, engine),
        payload: options.payload === undefined ? null : compileMapping(options.payload, `${where}.payload`),
        policy: {
          initialMs: options.retry_initial_seconds * SECOND,
          maxMs: options.retry_max_seconds * SECOND,
          periodMs: options.delivery_period_hours * HOUR,
          timeoutMs: options.timeout_seconds * SECOND,
        },
      },
    };
  });
}

function target(where: string, options: TriggerOptions, engine: EngineTarget) {
  if (options.message !== undefined && options.delivery !== undefined) {
    throw new ConfigError(`${where}: set either message (an engine message) or delivery (any HTTP endpoint), not both`);
  }
  if (options.delivery) return httpTarget(options.delivery);
  if (options.message === undefined) {
    throw new ConfigError(`${where}: set message (the engine message each event becomes) or delivery`);
  }
  const apiUrl = engine.apiUrl;
  if (apiUrl === null) {
    throw new ConfigError(`${where}.message needs engine.api_url (Arena's API, e.g. http://arena:7000/v1.0)`);
  }
  return engineMessageTarget(options.message, options, { apiUrl, credentials: engine.credentials });
}
