/**
 * Settings for a connector or command that is not served are configuration errors: a typo
 * (`htp`, `GetRequestV3`) would otherwise be ignored without a word. Each problem names the
 * closest served name and the ones served beside it.
 */
import { didYouMean } from "../config/closest-name.js";
import type { ProxyConfig } from "../config/config-schema.js";

/** What start-up found: each loaded connector's command names (null: not known in advance, e.g. remote). */
export interface LoadedNames {
  commands: ReadonlyMap<string, readonly string[] | null>;
  /** Found but disabled or excluded: settings for them are fine. */
  notLoaded: ReadonlySet<string>;
}

export function configuredNameProblems(config: ProxyConfig, loaded: LoadedNames): string[] {
  const problems: string[] = [];
  const served = [...loaded.commands.keys()].sort();
  for (const [name, settings] of Object.entries(config.connectors)) {
    if (loaded.notLoaded.has(name)) continue;
    const commands = loaded.commands.get(name);
    if (commands === undefined) {
      problems.push(
        `\`connectors.${name}\`: no connector "${name}" is served${didYouMean(name, served)} (served: ${served.join(", ") || "none"})`,
      );
      continue;
    }
    if (commands === null) continue;
    for (const command of Object.keys(settings.commands)) {
      if (commands.includes(command)) continue;
      problems.push(
        `\`connectors.${name}.commands.${command}\`: connector "${name}" has no command "${command}"${didYouMean(command, commands)} (its commands: ${commands.join(", ")})`,
      );
    }
  }
  return problems;
}
