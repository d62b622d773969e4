/**
 * Include/exclude rules on command ids: `http/*`, `aws` (the whole connector),
 * `*Request*`, `example/Example`.
 */

/** Compile patterns into one predicate; a bare connector name means all its commands. */
export function compilePatterns(patterns: readonly string[]): (id: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const full = pattern.includes("/") || pattern.includes("*") ? pattern : `${pattern}/*`;
    const source = full
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^]*");
    return new RegExp(`^${source}$`);
  });
  return (id) => regexes.some((regex) => regex.test(id));
}

/** True when `id` is served under the include/exclude rules. */
export function idFilter(include: readonly string[], exclude: readonly string[]): (id: string) => boolean {
  const included = compilePatterns(include);
  const excluded = compilePatterns(exclude);
  return (id) => included(id) && !excluded(id);
}

/**
 * True when some command of connector `name` could be served: it is not excluded as a whole,
 * and some include pattern's connector part matches it. Lets start-up skip importing the rest. `name` is the package's conventional name.
 */
export function connectorMayServe(include: readonly string[], exclude: readonly string[]): (name: string) => boolean {
  const wholeExcluded = compilePatterns(exclude);
  const connectorParts = compilePatterns(include.map((pattern) => `${pattern.split("/")[0] ?? pattern}/*`));
  const may = (name: string) => !wholeExcluded(`${name}/*`) && connectorParts(`${name}/*`);
  return (name) => may(name) || may(name.replaceAll("-", "_")); // connector-postgres-v2 defines postgres_v2
}
