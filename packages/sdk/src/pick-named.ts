/**
 * Choosing one entry of a named map in a connector's settings (brokers, servers, databases)
 * from a diagram's parameter: by name, else the entry named "default", else the only entry.
 */
import { CommandError } from "./command-error.js";

export interface PickNamedOptions {
  /** What the entries are, for the message: "AMQP broker". */
  kind: string;
  /** The setting that lists them: "brokers". */
  setting: string;
  /** The parameter that names one: "broker". */
  parameter: string;
  /** Error code when nothing matches: "BrokerNotConfigured". */
  code: string;
}

/**
 * The chosen entry and its name; a `CommandError` with `options.code` when there is none.
 *
 * @example
 * const { value: url } = pickNamed(settings.brokers, params.broker, {
 *   kind: "AMQP broker", setting: "brokers", parameter: "broker", code: "BrokerNotConfigured",
 * });
 */
export function pickNamed<T>(
  entries: Readonly<Record<string, T>>,
  name: string | undefined,
  options: PickNamedOptions,
): { name: string; value: T } {
  const names = Object.keys(entries);
  const chosen = name ?? (names.length === 1 ? names[0] : "default") ?? "default";
  if (Object.hasOwn(entries, chosen)) return { name: chosen, value: entries[chosen] as T };
  const listed = names.length > 0 ? names.join(", ") : "none";
  throw new CommandError(
    options.code,
    name === undefined
      ? `No ${options.kind} chosen: set the ${options.parameter} parameter to one of the connector's ${options.setting} (configured: ${listed})`
      : `No ${options.kind} "${name}" is configured (configured: ${listed}): fix the ${options.parameter} parameter or the connector's ${options.setting} setting`,
  );
}
