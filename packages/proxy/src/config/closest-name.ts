/**
 * "Did you mean …?": the known name closest to a mistyped one, by edit distance.
 */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `name` (case-insensitive), if it is close enough to be a typo:
 * at most a third of the name's letters apart (at least one). Ties go to a candidate with
 * the same first letter, then to the first in alphabetical order.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(1, Math.ceil(wanted.length / 3));
  let best: { name: string; score: number } | undefined;
  for (const candidate of [...candidates].sort()) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower);
    if (distance > limit) continue;
    const score = distance + (lower[0] === wanted[0] ? 0 : 0.25);
    if (!best || score < best.score) best = { name: candidate, score };
  }
  return best?.name;
}

/** "; did you mean `x`?" or "" */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? "" : `; did you mean \`${closest}\`?`;
}
