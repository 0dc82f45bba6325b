// Exact search for small instances: depth-first over replicas (most
// constrained services first, near targets before the services near them),
// each onto every machine that allows it, best score first. Replicas of one
// service are interchangeable, so their machines are taken in non-decreasing
// order. Near rules whose target is not fully placed yet are checked at the
// leaves. Bounded by a budget of visited nodes: within it, a placement of
// every replica is found whenever one exists.
import { nearOrder } from "./constraints/affinity.js";
import type { Problem } from "./problem.js";
import { eligibleMachines, score } from "./scoring.js";
import { State, W } from "./state.js";

export interface SearchResult {
  /** Replica → machine for a complete placement; undefined when none was found. */
  assign: Int32Array | undefined;
  /** True when the search space was exhausted: no complete placement exists. */
  exhausted: boolean;
  visited: number;
}

export function exactSearch(p: Problem, budget: number, preferred?: Int32Array): SearchResult {
  const st = new State(p);
  const candidates = p.services.map((s) => eligibleMachines(p, s));
  const order = nearOrder(
    p.services.map((s) => s.near),
    (a, b) => candidates[a]!.length - candidates[b]!.length || a - b,
  );
  const replicas: number[] = [];
  for (const si of order) for (let r = p.offset[si]!; r < p.offset[si + 1]!; r++) replicas.push(r);
  const n = replicas.length;
  let visited = 0;
  let aborted = false;

  // Machines the previous placement used, per service (a multiset): tried first.
  const keepAt = p.services.map(() => new Map<number, number>());
  if (preferred) {
    preferred.forEach((m, r) => {
      if (m < 0) return;
      const k = keepAt[p.serviceOf[r]!]!;
      k.set(m, (k.get(m) ?? 0) + 1);
    });
  }

  const leafOk = (): boolean => p.services.every((s) => st.nearHolds(s));

  const dfs = (i: number): boolean => {
    if (i === n) return leafOk();
    if (++visited > budget) {
      aborted = true;
      return false;
    }
    const r = replicas[i]!;
    const si = p.serviceOf[r]!;
    const s = p.services[si]!;
    const prev = i > 0 && p.serviceOf[replicas[i - 1]!] === si ? st.assign[replicas[i - 1]!]! : -1;
    const options: { m: number; sc: number }[] = [];
    for (const m of candidates[si]!) {
      if (m < prev) continue;
      if (st.check(s, m, true) !== W.OK) continue;
      const keep = (keepAt[si]!.get(m) ?? 0) > st.count(si, m) ? 1e6 : 0;
      options.push({ m, sc: keep + score(st, s, m) });
    }
    options.sort((a, b) => b.sc - a.sc || a.m - b.m);
    for (const o of options) {
      st.add(r, o.m, 0);
      if (dfs(i + 1)) return true;
      st.remove(r);
      if (aborted) return false;
    }
    return false;
  };

  const found = dfs(0);
  return { assign: found ? Int32Array.from(st.assign) : undefined, exhausted: !found && !aborted, visited };
}

/** Whether an instance is small enough for the exact search. */
export function searchable(p: Problem): boolean {
  return p.totalReplicas <= 200 && p.names.length <= 200;
}
