// The soft side of placement. A machine's score for one more replica is
//   prefer points − 100 × (its utilisation after the replica)
// where utilisation is the larger of the cpu and memory shares of usable
// capacity and prefer points are the weights of the matching `prefer` rules:
// `prefer … weight 10` is worth ten points of utilisation. The highest score
// wins; ties go to the machine declared first. Balancing afterwards lowers
// the peak utilisation and never trades away prefer points.
import type { PService, Problem } from "./problem.js";
import type { State } from "./state.js";

export function preferPoints(p: Problem, s: PService, m: number): number {
  return s.prefer ? s.prefer[p.classOf[m]!]! : 0;
}

export function score(st: State, s: PService, m: number): number {
  return preferPoints(st.p, s, m) - 100 * st.shareAfter(s, m);
}

/** Live machines whose labels pass the service's `on` rules, in machine order. */
export function eligibleMachines(p: Problem, s: PService): number[] {
  const out: number[] = [];
  for (const c of s.eligibleClasses) for (const m of p.classes[c]!.members) out.push(m);
  return out.sort((a, b) => a - b);
}

/**
 * eligibleMachines, computed once per set of eligible classes (services
 * with the same `on` rules share one) and shared by every caller.
 */
export function eligibleMachinesOnce(p: Problem): (s: PService) => readonly number[] {
  const cache = new Map<Int32Array, number[]>();
  return (s) => {
    let e = cache.get(s.eligibleClasses);
    if (!e) cache.set(s.eligibleClasses, (e = eligibleMachines(p, s)));
    return e;
  };
}

/** Machines where a replica of s may go next, best first, by scanning every candidate. */
export function bestMachine(st: State, s: PService, candidates: readonly number[], exclude = -1): number {
  let best = -1;
  let bestScore = -Infinity;
  for (const m of candidates) {
    if (m === exclude || st.check(s, m) !== 0) continue;
    const sc = score(st, s, m);
    if (sc > bestScore || (sc === bestScore && m < best)) {
      best = m;
      bestScore = sc;
    }
  }
  return best;
}

/**
 * The order services are placed in: near targets first; then larger
 * replicas first (relative to the average machine), as longest-processing-
 * time scheduling does; then services with fewer eligible machines; then by
 * name.
 */
export function serviceRank(p: Problem): (a: number, b: number) => number {
  return serviceRanks(p)[0]!;
}

/**
 * Orders for a multi-start on small instances: the default (largest replica
 * first), fewest eligible machines first, and largest total demand first.
 */
export function serviceRanks(p: Problem): ((a: number, b: number) => number)[] {
  const n = p.names.length;
  let cpu = 0;
  let mem = 0;
  for (let m = 0; m < n; m++) {
    cpu += p.capCpu[m]!;
    mem += p.capMem[m]!;
  }
  cpu = cpu / Math.max(1, n) || 1;
  mem = mem / Math.max(1, n) || 1;
  const size = p.services.map((s) => Math.max(s.cpu / cpu, s.mem / mem));
  // Services with the same `on` rules share one eligibleClasses array: count its machines once.
  const reachOf = new Map<Int32Array, number>();
  const reach = p.services.map((s) => {
    let k = reachOf.get(s.eligibleClasses);
    if (k === undefined) {
      k = 0;
      for (const c of s.eligibleClasses) k += p.classes[c]!.members.length;
      reachOf.set(s.eligibleClasses, k);
    }
    return k;
  });
  // Each service's place in name order, so the comparators below compare numbers, not strings.
  const byName = p.services.map((_s, i) => i).sort((a, b) => (p.services[a]!.name < p.services[b]!.name ? -1 : p.services[a]!.name > p.services[b]!.name ? 1 : 0));
  const nameRank = new Int32Array(p.services.length);
  byName.forEach((si, k) => (nameRank[si] = k));
  const name = (a: number, b: number) => nameRank[a]! - nameRank[b]!;
  const demand = p.services.map((s, i) => size[i]! * s.replicas);
  return [
    (a, b) => size[b]! - size[a]! || reach[a]! - reach[b]! || name(a, b),
    (a, b) => reach[a]! - reach[b]! || size[b]! - size[a]! || name(a, b),
    (a, b) => demand[b]! - demand[a]! || size[b]! - size[a]! || name(a, b),
  ];
}
