/**
 * The one start-up line: how many connectors and commands are served and where each source
 * was found; a warning naming where discovery looked when nothing is served.
 */
import type { Logger } from "../log/logger.js";
import type { Catalogue } from "./catalogue.js";

export function logStartupLine(
  logger: Logger,
  catalogue: Catalogue,
  mounted: ReadonlyMap<string, string>,
  searched: readonly string[],
  triggers: number,
): void {
  const handles = catalogue.list();
  const connectors = new Set(handles.map((handle) => handle.id.slice(0, handle.id.indexOf("/"))));
  const byPlace = new Map<string, string[]>();
  for (const [name, foundIn] of mounted) byPlace.set(foundIn, [...(byPlace.get(foundIn) ?? []), name]);
  const sources = Object.fromEntries(byPlace);
  if (handles.length === 0 && triggers > 0) {
    logger.info({ connectors: 0, commands: 0, triggers }, `serving no commands, ${triggers} triggers`);
    return;
  }
  if (handles.length === 0) {
    const looked = searched.length > 0 ? searched.join(", ") : "nowhere (discover: false)";
    logger.warn(
      { connectors: 0, commands: 0, sources, searched },
      `serving no commands: no connector package found in ${looked}, none configured, or every one excluded`,
    );
    return;
  }
  const places = [...byPlace].map(([place, names]) => `${names.join(", ")} (${place})`).join("; ");
  logger.info(
    { connectors: connectors.size, commands: handles.length, sources },
    `serving ${handles.length} commands of ${connectors.size} connectors: ${places}`,
  );
}
