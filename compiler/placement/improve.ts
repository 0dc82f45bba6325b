// Balancing after the first pass: lower the peak utilisation by moving a
// replica off the most loaded machine, or by swapping it with a replica of
// another service on a less loaded machine, or by moving it where another
// replica is in the way after moving that one on (an ejection chain of two),
// while every machine involved ends below the old peak. Kept (locked) replicas never move, and no replica moves to
// a machine its `prefer` rules like less. Every accepted step makes the
// sorted list of utilisations smaller, so it ends; a budget of checks
// bounds the work on large instances.
import type { Budget } from "./repair.js";
import type { PService } from "./problem.js";
import { preferPoints } from "./scoring.js";
import { BY, W, type State } from "./state.js";

const EPS = 1e-12;

export function improve(st: State, eligible: (s: PService) => readonly number[], budget: Budget, swaps: boolean): void {
  const p = st.p;
  const n = p.names.length;
  if (n < 2) return;
  while (budget.left > 0) {
    let top = 0;
    let peak = -1;
    for (let m = 0; m < n; m++) {
      const x = st.share(m);
      if (x > peak) {
        peak = x;
        top = m;
      }
    }
    budget.left -= n;
    if (peak <= 0 || !Number.isFinite(peak)) return;
    if (moveOff(st, top, peak, eligible, budget)) continue;
    if (!swaps || !(swapOff(st, top, peak, budget) || ejectOff(st, top, peak, eligible, budget))) return;
  }
}

/** One replica per service on m that may move (not kept, not holding a near dependent). */
function movable(st: State, m: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const r of [...st.onMachine[m]!].sort((a, b) => a - b)) {
    const si = st.p.serviceOf[r]!;
    if (st.pinned[r] || seen.has(si) || !st.canRemove(r)) continue;
    seen.add(si);
    out.push(r);
  }
  return out;
}

function moveOff(st: State, from: number, peak: number, eligible: (s: PService) => readonly number[], budget: Budget): boolean {
  const p = st.p;
  let bestR = -1;
  let bestT = -1;
  let bestVal = peak - EPS;
  for (const r of movable(st, from)) {
    const s = p.services[p.serviceOf[r]!]!;
    const by = st.by[r]!;
    const pref = preferPoints(p, s, from);
    st.remove(r);
    const rest = st.share(from);
    if (rest < bestVal) {
      const cands = eligible(s);
      budget.left -= cands.length;
      for (const t of cands) {
        if (t === from || preferPoints(p, s, t) < pref) continue;
        const after = st.shareAfter(s, t);
        const val = after > rest ? after : rest;
        if (val < bestVal && st.check(s, t) === W.OK) {
          bestVal = val;
          bestR = r;
          bestT = t;
        }
      }
    }
    st.add(r, from, by);
  }
  if (bestR < 0) return false;
  st.remove(bestR);
  st.add(bestR, bestT, BY.BALANCE);
  return true;
}

function swapOff(st: State, from: number, peak: number, budget: Budget): boolean {
  const p = st.p;
  const n = p.names.length;
  const mine = movable(st, from);
  if (mine.length === 0) return false;
  for (let t = 0; t < n; t++) {
    if (t === from || st.share(t) >= peak - EPS) continue;
    const theirs = movable(st, t);
    for (const a of mine) {
      const sa = p.services[p.serviceOf[a]!]!;
      for (const b of theirs) {
        if (--budget.left <= 0) return false;
        const sb = p.services[p.serviceOf[b]!]!;
        if (sa === sb) continue;
        // Only swaps that lighten `from` can lower the peak.
        if (sb.cpu >= sa.cpu && sb.mem >= sa.mem) continue;
        if (preferPoints(p, sa, t) < preferPoints(p, sa, from) || preferPoints(p, sb, from) < preferPoints(p, sb, t)) continue;
        const byA = st.by[a]!;
        const byB = st.by[b]!;
        st.remove(a);
        st.remove(b);
        let ok = false;
        if (st.check(sa, t) === W.OK) {
          st.add(a, t, BY.BALANCE);
          if (st.check(sb, from) === W.OK) {
            st.add(b, from, BY.BALANCE);
            if (Math.max(st.share(from), st.share(t)) < peak - EPS && st.nearHolds(sa) && st.nearHolds(sb)) ok = true;
            else st.remove(b);
          }
          if (!ok) st.remove(a);
        }
        if (ok) return true;
        st.add(a, from, byA);
        st.add(b, t, byB);
      }
    }
  }
  return false;
}

/** Move a replica off `from` to a machine t where one other replica b is in the way, moving b on to a third machine. */
function ejectOff(st: State, from: number, peak: number, eligible: (s: PService) => readonly number[], budget: Budget): boolean {
  const p = st.p;
  for (const a of movable(st, from)) {
    const sa = p.services[p.serviceOf[a]!]!;
    const byA = st.by[a]!;
    const prefA = preferPoints(p, sa, from);
    st.remove(a);
    if (st.share(from) >= peak - EPS) {
      st.add(a, from, byA);
      continue;
    }
    for (const t of eligible(sa)) {
      if (--budget.left <= 0) {
        st.add(a, from, byA);
        return false;
      }
      if (t === from || preferPoints(p, sa, t) < prefA || st.shareAfter(sa, t) >= peak - EPS) continue;
      const w = st.check(sa, t);
      if (w !== W.AVOID && w !== W.PORT && w !== W.CPU && w !== W.MEMORY && w !== W.DISK) continue;
      for (const b of movable(st, t)) {
        const sb = p.services[p.serviceOf[b]!]!;
        if (sb === sa) continue;
        const byB = st.by[b]!;
        const prefB = preferPoints(p, sb, t);
        st.remove(b);
        if (st.check(sa, t) === W.OK && st.shareAfter(sa, t) < peak - EPS) {
          st.add(a, t, BY.BALANCE);
          let done = false;
          const cands = eligible(sb);
          budget.left -= cands.length;
          for (const u of cands) {
            if (u === t || u === from || preferPoints(p, sb, u) < prefB || st.shareAfter(sb, u) >= peak - EPS) continue;
            if (st.check(sb, u) !== W.OK) continue;
            st.add(b, u, BY.BALANCE);
            if (st.nearHolds(sa) && st.nearHolds(sb)) {
              done = true;
              break;
            }
            st.remove(b);
          }
          if (done) return true;
          st.remove(a);
        }
        st.add(b, t, byB);
      }
    }
    st.add(a, from, byA);
  }
  return false;
}
