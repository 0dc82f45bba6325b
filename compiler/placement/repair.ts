// When the first pass leaves a replica without a machine, make room: on a
// machine where only another replica is in the way (its port, an avoid
// rule, or the space it takes), move that replica elsewhere and put the
// stranded one in its place. One level deep, bounded by a budget of checks;
// the exact search covers what this misses on small instances.
import type { PService } from "./problem.js";
import { bestMachine } from "./scoring.js";
import { BY, W, type State } from "./state.js";

export interface Budget {
  left: number;
}

/** Tries to place every free replica of the services in `order`; returns how many stayed unplaced. */
export function repair(st: State, order: readonly number[], eligible: (s: PService) => readonly number[], budget: Budget): number {
  const p = st.p;
  let left = 0;
  for (const si of order) {
    const s = p.services[si]!;
    for (const r of st.unplacedOf(si)) {
      if (budget.left <= 0 || !repairOne(st, s, r, eligible, budget)) left++;
    }
  }
  return left;
}

function repairOne(st: State, s: PService, r: number, eligible: (s: PService) => readonly number[], budget: Budget): boolean {
  const p = st.p;
  const candidates = eligible(s);
  budget.left -= candidates.length;
  const direct = bestMachine(st, s, candidates);
  if (direct >= 0) {
    st.add(r, direct, BY.REPAIR);
    return true;
  }
  // Machines where only other replicas stand in the way, least loaded first.
  const fixable: number[] = [];
  for (const m of candidates) {
    const w = st.check(s, m);
    if (w === W.PORT || w === W.AVOID || w === W.CPU || w === W.MEMORY || w === W.DISK) fixable.push(m);
  }
  fixable.sort((a, b) => st.share(a) - st.share(b) || a - b);
  for (const m of fixable) {
    if (budget.left <= 0) return false;
    // One replica per service on m: replicas of a service are interchangeable.
    const seen = new Set<number>();
    const tries = [...st.onMachine[m]!].sort((a, b) => st.pinned[a]! - st.pinned[b]! || a - b);
    for (const q of tries) {
      const qs = p.serviceOf[q]!;
      if (qs === s.idx || seen.has(qs) || !st.canRemove(q)) continue;
      seen.add(qs);
      const qService = p.services[qs]!;
      const wasPinned = st.pinned[q]!;
      const wasBy = st.by[q]!;
      st.remove(q);
      if (st.check(s, m) === W.OK) {
        st.add(r, m, BY.REPAIR);
        const qCandidates = eligible(qService);
        budget.left -= qCandidates.length;
        const t = bestMachine(st, qService, qCandidates, m);
        if (t >= 0) {
          st.add(q, t, BY.REPAIR);
          return true;
        }
        st.remove(r);
      }
      st.add(q, m, wasBy);
      st.pinned[q] = wasPinned;
      budget.left -= 1;
    }
  }
  return false;
}
