/**
 * The declarative mappings of a trigger (`payload`, `event_id`): JSONata expressions over the
 * event's body, with `$meta` bound to the delivery facts (topic, routing key, headers...).
 * Compiled once at start-up, so a syntax error stops the proxy with the trigger's name.
 */
import jsonata from "jsonata";
import { ConfigError } from "../config/load-config.js";

export interface Mapping {
  /** Evaluate over an event; rejects with a readable message when the expression fails. */
  evaluate(body: unknown, meta: Record<string, unknown>): Promise<unknown>;
}

/** Compile `expression` (from `where`, e.g. `triggers.orders.payload`). */
export function compileMapping(expression: string, where: string): Mapping {
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(expression);
  } catch (error) {
    throw new ConfigError(`${where} is not a valid JSONata expression: ${(error as Error).message}`);
  }
  return {
    async evaluate(body, meta) {
      try {
        return await compiled.evaluate(body, { meta });
      } catch (error) {
        throw new Error(`${where} failed on this event: ${(error as Error).message}`);
      }
    },
  };
}
