// Branch and bound on small instances: after the heuristics, search the
// placements of the free (not kept) replicas for a lower peak utilisation,
// pruning every branch that would reach the best peak found so far. Best-
// first order finds good placements early; replicas of one service take
// machines in non-decreasing order (they are interchangeable). A result is
// taken only if every replica is placed and no prefer points are lost.
// Bounded by a budget of visited nodes: exact when the budget suffices.
import { nearOrder } from "./constraints/affinity.js";
import { preferPoints, eligibleMachines, serviceRank } from "./scoring.js";
import { BY, State, W } from "./state.js";

const EPS = 1e-9;

export function optimizable(st: State): boolean {
  let free = 0;
  for (let r = 0; r < st.assign.length; r++) if (!st.pinned[r]) free++;
  return free > 0 && free <= 64 && st.p.names.length <= 64;
}

function totalPrefer(st: State): number {
  let t = 0;
  for (let r = 0; r < st.assign.length; r++) {
    const m = st.assign[r]!;
    if (m >= 0) t += preferPoints(st.p, st.p.services[st.p.serviceOf[r]!]!, m);
  }
  return t;
}

/** A state with a lower peak than `st`, with every replica placed, or undefined. */
export function optimizeSmall(st: State, budget: number): State | undefined {
  const p = st.p;
  if (st.assign.some((m) => m < 0)) return undefined;
  const base = st.peak();
  if (base <= 0) return undefined;
  const wantPrefer = totalPrefer(st) - EPS;
  const work = new State(p);
  for (let r = 0; r < st.assign.length; r++) {
    if (st.pinned[r]) {
      work.add(r, st.assign[r]!, st.by[r]!);
      work.pinned[r] = 1;
    }
  }
  const candidates = p.services.map((s) => eligibleMachines(p, s));
  const order = nearOrder(
    p.services.map((s) => s.near),
    serviceRank(p),
  );
  const free: number[] = [];
  for (const si of order) for (let r = p.offset[si]!; r < p.offset[si + 1]!; r++) if (!st.pinned[r]) free.push(r);

  let best = base;
  let bestAssign: Int32Array | undefined;
  let visited = 0;
  const n = free.length;
  const dfs = (i: number): void => {
    if (i === n) {
      if (!p.services.every((s) => work.nearHolds(s))) return;
      if (totalPrefer(work) < wantPrefer) return;
      const peak = work.peak();
      if (peak < best - EPS) {
        best = peak;
        bestAssign = Int32Array.from(work.assign);
      }
      return;
    }
    if (++visited > budget) return;
    const r = free[i]!;
    const si = p.serviceOf[r]!;
    const s = p.services[si]!;
    const prev = i > 0 && p.serviceOf[free[i - 1]!] === si ? work.assign[free[i - 1]!]! : -1;
    const options: { m: number; sh: number }[] = [];
    for (const m of candidates[si]!) {
      if (m < prev) continue;
      const sh = work.shareAfter(s, m);
      if (sh >= best - EPS) continue;
      if (work.check(s, m, true) !== W.OK) continue;
      options.push({ m, sh });
    }
    options.sort((a, b) => a.sh - b.sh || a.m - b.m);
    for (const o of options) {
      if (o.sh >= best - EPS) break;
      work.add(r, o.m, BY.BALANCE);
      dfs(i + 1);
      work.remove(r);
      if (visited > budget) return;
    }
  };
  dfs(0);
  if (!bestAssign) return undefined;
  // Keep replicas where they were when the better placement has the same machine for them.
  const out = new State(p);
  for (let r = 0; r < st.assign.length; r++) {
    if (st.pinned[r]) {
      out.add(r, st.assign[r]!, st.by[r]!);
      out.pinned[r] = 1;
    }
  }
  for (const s of p.services) {
    const lo = p.offset[s.idx]!;
    const hi = p.offset[s.idx + 1]!;
    const pool = new Map<number, number>();
    for (let r = lo; r < hi; r++) if (!st.pinned[r]) pool.set(bestAssign[r]!, (pool.get(bestAssign[r]!) ?? 0) + 1);
    const rest: number[] = [];
    for (let r = lo; r < hi; r++) {
      if (st.pinned[r]) continue;
      const m = st.assign[r]!;
      const k = pool.get(m) ?? 0;
      if (k > 0) {
        pool.set(m, k - 1);
        out.add(r, m, st.by[r]!);
      } else rest.push(r);
    }
    const ms: number[] = [];
    for (const [m, k] of [...pool].sort((a, b) => a[0] - b[0])) for (let j = 0; j < k; j++) ms.push(m);
    rest.forEach((r, j) => out.add(r, ms[j]!, BY.BALANCE));
  }
  return out;
}
