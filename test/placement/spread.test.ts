import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpreadTracker } from "../../compiler/placement/constraints/spread.js";

/** Can counts c (with R replicas in all) still end with max − min ≤ skew? By brute force over completions. */
function completable(c: number[], R: number, skew: number): boolean {
  const placed = c.reduce((a, b) => a + b, 0);
  if (placed > R) return false;
  const go = (i: number, left: number, cur: number[]): boolean => {
    if (i === cur.length) return left === 0 && Math.max(...cur) - Math.min(...cur) <= skew;
    for (let k = 0; k <= left; k++) {
      cur[i] = c[i]! + k;
      if (go(i + 1, left - k, cur)) return true;
    }
    cur[i] = c[i]!;
    return false;
  };
  return go(0, R - placed, [...c]);
}

describe("spread tracker", () => {
  it("allows a replica in a domain exactly when the placement stays completable", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(3)), { maxLength: 30 }),
        (domains, replicas, skew, ops) => {
          const t = new SpreadTracker(domains, replicas, skew);
          const c = new Array<number>(domains).fill(0);
          for (const [add, d0] of ops) {
            const d = d0 % domains;
            if (add) {
              const next = c.map((x, i) => (i === d ? x + 1 : x));
              expect(t.canAdd(d)).toBe(completable(next, replicas, skew));
              if (t.canAdd(d)) {
                t.add(d);
                c[d]!++;
              }
            } else if (c[d]! > 0) {
              t.remove(d);
              c[d]!--;
            }
            expect([...t.counts]).toEqual(c);
          }
          if (c.reduce((a, b) => a + b, 0) === replicas) expect(t.balanced()).toBe(true);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});
