// `avoid` and `near` between services. `avoid` is symmetric: if a avoids b,
// no machine runs both, whichever is placed first. `near` makes every
// replica of a service land on a machine that runs its target, so targets
// are placed first: services are ordered so that targets precede the
// services near them (members of a near cycle are ordered by the fallback).
import { NumberHeap } from "../heap.js";

/** For each service, the services it may not share a machine with (both directions). */
export function avoidSets(avoid: readonly (readonly number[])[]): number[][] {
  const sets = avoid.map(() => new Set<number>());
  avoid.forEach((targets, s) => {
    for (const t of targets) {
      if (t === s) continue;
      sets[s]!.add(t);
      sets[t]!.add(s);
    }
  });
  return sets.map((x) => [...x].sort((a, b) => a - b));
}

/** For each service, the services that are near it (their replicas need it). */
export function nearedBy(near: readonly (readonly number[])[]): number[][] {
  const out: number[][] = near.map(() => []);
  near.forEach((targets, s) => {
    for (const t of targets) if (t !== s && !out[t]!.includes(s)) out[t]!.push(s);
  });
  return out;
}

/**
 * An order of services in which near targets come before the services near
 * them; `rank` orders everything else (lower first). Kahn's algorithm with
 * the ready services in rank order.
 */
export function nearOrder(near: readonly (readonly number[])[], rank: (a: number, b: number) => number): number[] {
  const n = near.length;
  const all = [...Array(n).keys()].sort(rank);
  const pos = new Int32Array(n);
  all.forEach((s, i) => (pos[s] = i));
  const deps = near.map((ts, s) => new Set(ts.filter((t) => t !== s && t >= 0 && t < n)));
  const waiting = deps.map((d) => d.size);
  const by = nearedBy(deps.map((d) => [...d]));
  const done = new Uint8Array(n);
  const ready = new NumberHeap();
  for (let s = 0; s < n; s++) if (waiting[s] === 0) ready.push(pos[s]!);
  const out: number[] = [];
  let scan = 0;
  while (out.length < n) {
    let s: number;
    if (ready.size > 0) s = all[ready.pop()]!;
    else {
      // A near cycle: take the first remaining service in rank order.
      while (done[all[scan]!]) scan++;
      s = all[scan]!;
    }
    if (done[s]) continue;
    done[s] = 1;
    out.push(s);
    for (const d of by[s]!) if (!done[d] && --waiting[d]! === 0) ready.push(pos[d]!);
  }
  return out;
}
