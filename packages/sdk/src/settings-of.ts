/**
 * A connector's settings, typed. The proxy parses `ctx.config` with the connector's settings
 * schema once, at start-up; a command that wants the typed value asks for it here instead of
 * parsing again on every call: each config object is parsed once per schema and remembered.
 */
import type { z } from "zod";

const parsed = new WeakMap<z.ZodType, WeakMap<object, unknown>>();

/**
 * `config` parsed with `schema` (defaults applied), computed once per config object.
 *
 * @example
 * const settings = settingsOf(smtpSettingsSchema, ctx.config);
 */
export function settingsOf<S extends z.ZodType>(schema: S, config: Readonly<Record<string, unknown>>): z.output<S> {
  let bySchema = parsed.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    parsed.set(schema, bySchema);
  }
  if (!bySchema.has(config)) bySchema.set(config, schema.parse(config));
  return bySchema.get(config) as z.output<S>;
}
