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
