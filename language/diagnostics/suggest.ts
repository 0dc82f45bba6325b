// "Did you mean …?": the closest candidate by edit distance, if close enough
// to be a plausible typo.

/** Optimal string alignment distance (Levenshtein plus adjacent swaps). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** The candidate closest to `name`, when the distance is small for its length. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  // Read twice (by distance, then by stem): an iterator would be spent by the first.
  if (!Array.isArray(candidates)) candidates = [...candidates];
  const lower = name.toLowerCase();
  // Short names are too easy to confuse: with one or two letters only case may differ.
  const limit = name.length < 3 ? 0 : Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase(), limit);
    if (d <= limit && (d < bestDist || (d === bestDist && best !== undefined && c < best))) {
      best = c;
      bestDist = d;
    }
  }
  return best ?? longestStem(lower, candidates);
}

/**
 * A candidate that begins the name or that the name begins (`health` for
 * `healthcheck`, `memory` for `mem`): a name with a word added, or cut
 * short, too far from the candidate by edit distance to be a typo. Four
 * letters at least in common (three for a name cut short), and the longest
 * such candidate.
 */
function longestStem(lower: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (lc === lower) continue;
    const [short, long] = lc.length < lower.length ? [lc, lower] : [lower, lc];
    if (short.length < (short === lower ? 3 : 4) || !long.startsWith(short)) continue;
    if (best === undefined || c.length > best.length || (c.length === best.length && c < best)) best = c;
  }
  return best;
}

export function didYouMean(name: string | undefined): string {
  return name === undefined ? "" : `; did you mean \`${name}\`?`;
}
