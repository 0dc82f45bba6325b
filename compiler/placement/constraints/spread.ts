// `spread by LABEL skew N`: the replicas of a service are balanced across the
// values of a label (its domains), as Kubernetes topology spread does. In the
// final placement, over every domain that holds an eligible live machine,
// (most replicas in one domain) − (fewest) ≤ skew; machines without the
// label take no replica.
//
// While placing, a partial placement is kept *completable*: with R replicas
// in all, counts c and T = max(c) − skew, every domain must reach at least T,
// so the replicas placed plus the shortfall Σ max(0, T − c_d) may not exceed
// R. That condition is also sufficient (domains can then be filled up to
// T..T+skew in any order), so a replica may go to a domain exactly when the
// condition still holds afterwards. Counts, a histogram of counts, the
// number of domains at or below T and the shortfall are kept incrementally:
// every operation is O(1). (With skew 0 every domain ends with R / D
// replicas, so R must divide evenly and no domain may pass R / D.)

export class SpreadTracker {
  readonly counts: Int32Array;
  /** hist[k] = number of domains holding k replicas. */
  private hist: number[];
  private maxc = 0;
  /** #domains with count ≤ T. */
  private below = 0;
  /** Σ max(0, T − c_d). */
  private deficit = 0;
  placed = 0;

  constructor(
    readonly domains: number,
    readonly replicas: number,
    readonly skew: number,
  ) {
    this.counts = new Int32Array(domains);
    this.hist = [domains];
    // T = −skew < 0 (or 0 when skew is 0).
    if (this.t >= 0) this.below = domains;
  }

  private get t(): number {
    return this.maxc - this.skew;
  }

  /** Would a replica in domain d keep the placement completable? */
  canAdd(d: number): boolean {
    const k = this.counts[d]!;
    if (this.skew === 0) return this.replicas % this.domains === 0 && k + 1 <= this.replicas / this.domains;
    const t = this.t;
    let def = this.deficit - (k < t ? 1 : 0);
    if (k + 1 > this.maxc) def += this.below - (k === t ? 1 : 0);
    return this.placed + 1 + def <= this.replicas;
  }

  add(d: number): void {
    const k = this.counts[d]!;
    const t = this.t;
    this.counts[d] = k + 1;
    this.hist[k]!--;
    this.hist[k + 1] = (this.hist[k + 1] ?? 0) + 1;
    if (k < t) this.deficit--;
    if (k === t) this.below--;
    this.placed++;
    if (k + 1 > this.maxc) {
      this.maxc = k + 1;
      this.deficit += this.below;
      const nt = t + 1;
      if (nt >= 0) this.below += this.hist[nt] ?? 0;
    }
  }

  remove(d: number): void {
    const k = this.counts[d]!;
    const t = this.t;
    this.counts[d] = k - 1;
    this.hist[k]!--;
    this.hist[k - 1] = (this.hist[k - 1] ?? 0) + 1;
    if (k <= t) this.deficit++;
    if (k - 1 === t) this.below++;
    this.placed--;
    if (k === this.maxc && this.hist[k] === 0) {
      if (t >= 0) this.below -= this.hist[t] ?? 0;
      this.deficit -= this.below;
      this.maxc--;
    }
  }

  /** The final condition: max − min ≤ skew over all domains. */
  balanced(): boolean {
    if (this.domains === 0) return true;
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of this.counts) {
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
    return hi - lo <= this.skew;
  }
}
