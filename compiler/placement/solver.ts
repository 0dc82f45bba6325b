// place(): where every replica runs.
//
//  1. Keep: replicas of the previous placement stay on their machine while
//     every rule still allows it (sticky; they are not moved again).
//  2. Greedy: the other replicas, service by service, onto the best-scoring
//     machine (see scoring.ts, greedy.ts). Small instances try three
//     orders of services and keep the best result.
//  3. Repair: make room for what is left by moving one replica aside.
//  4. Exact search on small instances when something is still unplaced.
//  5. Balance: moves and swaps that lower the peak utilisation; on small
//     instances, branch and bound for the lowest peak (optimize.ts).
//  6. Explain what is unplaced, suggest the smallest fix, diff against the
//     previous placement.
// Deterministic: no randomness, no clocks; every tie is broken by
// declaration order or by name.
import type { SystemModel } from "../../language/eval/model.js";
import { nearOrder } from "./constraints/affinity.js";
import { fitReport } from "./explain.js";
import { ClassHeaps, greedy } from "./greedy.js";
import { improve } from "./improve.js";
import { optimizable, optimizeSmall } from "./optimize.js";
import { changedServices, diffMoves } from "./lock.js";
import { compile, usableCapacity, type Problem, type PService } from "./problem.js";
import { repair } from "./repair.js";
import { eligibleMachinesOnce, serviceRanks } from "./scoring.js";
import { exactSearch, searchable } from "./search.js";
import { BY, State, W } from "./state.js";
import { suggestFixes } from "./suggest.js";
import type { Assignment, Lock, MachinePlacement, PlaceOptions, PlacedBy, PlacementResult, UnplacedReplica } from "./types.js";

/** Above this many replicas × machines the first pass uses class heaps instead of scanning machines. */
const SCAN_LIMIT = 4_000_000;
const REPAIR_BUDGET = 2_000_000;
const BALANCE_BUDGET = 4_000_000;
const SEARCH_BUDGET = 300_000;
const OPTIMIZE_BUDGET = 20_000;
/** Up to this many replicas, three orders of services are tried. */
const MULTI_START_LIMIT = 2000;

/** Replica → machine index from a lock, −1 where it has none that is alive. */
export function lockedMachines(p: Problem, previous: Lock | undefined): Int32Array {
  const out = new Int32Array(p.totalReplicas).fill(-1);
  if (!previous) return out;
  for (const s of p.services) {
    const entry = previous.services[s.name];
    if (!entry) continue;
    for (let k = 0; k < s.replicas && k < entry.replicas.length; k++) {
      const name = entry.replicas[k];
      const m = name ? p.machineIndex.get(name) : undefined;
      if (m !== undefined) out[p.offset[s.idx]! + k] = m;
    }
  }
  return out;
}

export function solve(p: Problem, previous: Lock | undefined, searchBudget = SEARCH_BUDGET, optimize = true): State {
  const eligible = eligibleMachinesOnce(p);
  const near = p.services.map((s) => s.near);
  const locked = lockedMachines(p, previous);

  // Steps 1–5 for each order of services (one at scale, three on small
  // instances); the best result wins: fewest unplaced, then lowest peak.
  const ranks = serviceRanks(p);
  const orders = (p.totalReplicas <= MULTI_START_LIMIT ? ranks : ranks.slice(0, 1)).map((rank) => nearOrder(near, rank));
  let st: State | undefined;
  let stUnplaced = Infinity;
  let stPeak = Infinity;
  let searched = false;
  for (const order of orders) {
    const candidate = firstPasses(p, order, previous, locked, eligible, searched ? 0 : searchBudget);
    searched ||= candidate.searched;
    const unplaced = candidate.st.assign.reduce((n, m) => n + (m < 0 ? 1 : 0), 0);
    const peak = candidate.st.peak();
    if (unplaced < stUnplaced || (unplaced === stUnplaced && peak < stPeak - 1e-12)) {
      st = candidate.st;
      stUnplaced = unplaced;
      stPeak = peak;
    }
  }
  let best = st!;
  if (optimize && optimizable(best)) {
    const better = optimizeSmall(best, OPTIMIZE_BUDGET);
    if (better) best = better;
  }

  // Last pass for anything still free, and near rules inside near cycles.
  if (p.services.some((s) => best.placed[s.idx]! < s.replicas)) greedy(best, orders[0]!, undefined, BY.GREEDY, eligible);
  for (const s of p.services) {
    if (s.near.length === 0 && s.nearUnknown.length === 0) continue;
    for (let r = p.offset[s.idx]!; r < p.offset[s.idx + 1]!; r++) {
      const m = best.assign[r]!;
      if (m >= 0 && (s.nearUnknown.length > 0 || s.near.some((t) => best.count(t, m) === 0))) best.remove(r);
    }
  }
  return best;
}

function firstPasses(
  p: Problem,
  order: number[],
  previous: Lock | undefined,
  locked: Int32Array,
  eligible: (s: PService) => readonly number[],
  searchBudget: number,
): { st: State; searched: boolean } {
  let st = new State(p);
  // 1. Keep what the previous placement had, where still valid.
  if (previous) {
    for (const si of nearOrder(p.services.map((s) => s.near), (a, b) => a - b)) {
      const s = p.services[si]!;
      for (let r = p.offset[si]!; r < p.offset[si + 1]!; r++) {
        const m = locked[r]!;
        if (m >= 0 && st.check(s, m) === W.OK) {
          st.add(r, m, BY.LOCK);
          st.pinned[r] = 1;
        }
      }
    }
  }

  // 2. Greedy.
  const heaps = p.names.length * p.totalReplicas > SCAN_LIMIT ? new ClassHeaps(st) : undefined;
  let left = greedy(st, order, heaps, BY.GREEDY, eligible);
  heaps?.detach();

  // 3. Repair.
  if (left > 0) left = repair(st, order, eligible, { left: REPAIR_BUDGET });

  // 4. Exact search (once: it does not depend on the order).
  let searched = false;
  if (left > 0 && searchBudget > 0 && searchable(p)) {
    searched = true;
    const found = exactSearch(p, searchBudget, locked);
    if (found.assign) st = fromSearch(p, found.assign, locked);
  }

  // 5. Balance.
  improve(st, eligible, { left: BALANCE_BUDGET }, p.totalReplicas <= 5000);
  return { st, searched };
}

/** A state from a complete assignment found by the search, keeping each replica on its locked machine where the multiset allows. */
function fromSearch(p: Problem, assign: Int32Array, locked: Int32Array): State {
  const st = new State(p);
  for (const s of p.services) {
    const lo = p.offset[s.idx]!;
    const hi = p.offset[s.idx + 1]!;
    const pool = new Map<number, number>();
    for (let r = lo; r < hi; r++) pool.set(assign[r]!, (pool.get(assign[r]!) ?? 0) + 1);
    const rest: number[] = [];
    for (let r = lo; r < hi; r++) {
      const m = locked[r]!;
      const k = m >= 0 ? (pool.get(m) ?? 0) : 0;
      if (k > 0) {
        pool.set(m, k - 1);
        st.add(r, m, BY.LOCK);
        st.pinned[r] = 1;
      } else rest.push(r);
    }
    const machines: number[] = [];
    for (const [m, k] of [...pool].sort((a, b) => a[0] - b[0])) for (let i = 0; i < k; i++) machines.push(m);
    rest.forEach((r, i) => st.add(r, machines[i]!, BY.SEARCH));
  }
  // Replicas kept from the lock were re-derived, so they stay pinned only as a preference.
  st.pinned.fill(0);
  return st;
}

const BY_NAME: PlacedBy[] = ["greedy", "lock", "greedy", "repair", "search", "balance"];

export function resultFrom(model: SystemModel, p: Problem, st: State, previous: Lock | undefined): PlacementResult {
  const assignments: Assignment[] = [];
  const placedBy: PlacedBy[] = [];
  const perMachine: { service: string; replica: number }[][] = p.names.map(() => []);
  const unplaced: UnplacedReplica[] = [];
  for (const s of p.services) {
    let report: ReturnType<typeof fitReport> | undefined;
    for (let k = 0; k < s.replicas; k++) {
      const r = p.offset[s.idx]! + k;
      const m = st.assign[r]!;
      if (m >= 0) {
        assignments.push({ service: s.name, replica: k, machine: p.names[m]! });
        placedBy.push(BY_NAME[st.by[r]!]!);
        perMachine[m]!.push({ service: s.name, replica: k });
      } else {
        report ??= fitReport(st, s);
        unplaced.push({ service: s.name, replica: k, summary: report.summary, reasons: report.reasons });
      }
    }
  }
  const machines: MachinePlacement[] = model.machines.map((mm) => {
    const i = p.machineIndex.get(mm.name);
    const live = i !== undefined && p.machines[i] === mm;
    const out: MachinePlacement = {
      name: mm.name,
      labels: mm.labels,
      capacity: { ...mm.resources },
      usable: usableCapacity(model, mm),
      used: live ? { cpu: st.uc[i]!, memory: st.um[i]!, disk: st.ud[i]! } : { cpu: 0, memory: 0, disk: 0 },
      failed: !live,
      replicas: live ? perMachine[i]! : [],
    };
    if (mm.pool !== undefined) out.pool = mm.pool;
    return out;
  });
  return {
    machines,
    assignments,
    unplaced,
    moves: diffMoves(model, previous, assignments),
    changed: changedServices(model, previous),
    placedBy,
    peak: st.peak(),
    failed: p.failed,
  };
}

export function place(opts: PlaceOptions): PlacementResult {
  const { model, previous } = opts;
  const p = compile(model, opts.failed ?? []);
  const st = solve(p, previous, opts.searchBudget, opts.optimize !== false);
  const result = resultFrom(model, p, st, previous);
  if (result.unplaced.length > 0 && opts.suggest !== false) {
    const fixes = suggestFixes(model, result, place, previous);
    for (const u of result.unplaced) {
      const f = fixes.get(u.service);
      if (f) u.suggestion = f;
    }
  }
  return result;
}
