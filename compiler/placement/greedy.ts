// The first pass: services one after another (see serviceRank), each free
// replica onto the machine with the best score among those that allow it.
//
// At scale the candidates are not scanned one by one: machines of a class
// are interchangeable for the rules, so each class keeps a heap of its
// machines by utilisation, and a replica looks only at the least loaded
// valid machine of each eligible class. Machines a service cannot use (a
// port taken, max per node reached, no room) are set aside until that
// service is done; those reasons stay true while it is being placed. The
// cost is O(replicas × eligible classes + moves × log machines).
import { IndexedHeap } from "./heap.js";
import type { PService } from "./problem.js";
import { bestMachine, preferPoints } from "./scoring.js";
import { W, type State } from "./state.js";

export class ClassHeaps {
  readonly heaps: IndexedHeap[];
  constructor(readonly st: State) {
    const p = st.p;
    const pos = new Int32Array(p.names.length).fill(-1);
    const less = (a: number, b: number) => {
      const sa = st.share(a);
      const sb = st.share(b);
      return sa < sb || (sa === sb && a < b);
    };
    this.heaps = p.classes.map((c) => {
      const h = new IndexedHeap(less, pos);
      h.fill(c.members);
      return h;
    });
    st.onLoad = (m) => this.heaps[p.classOf[m]!]!.update(m);
  }

  detach(): void {
    this.st.onLoad = undefined;
  }
}

/** Places the free replicas of each service in `order`; returns how many stayed unplaced. */
export function greedy(st: State, order: readonly number[], heaps: ClassHeaps | undefined, by: number, eligible: (s: PService) => readonly number[]): number {
  const p = st.p;
  let left = 0;
  for (const si of order) {
    const free = st.unplacedOf(si);
    if (free.length === 0) continue;
    const s = p.services[si]!;
    const placed = heaps && s.near.length === 0 ? placeByClass(st, s, free, heaps, by) : placeByScan(st, s, free, by, eligible);
    left += free.length - placed;
  }
  return left;
}

function placeByScan(st: State, s: PService, free: number[], by: number, eligible: (s: PService) => readonly number[]): number {
  let candidates: readonly number[];
  if (s.near.length > 0) {
    // Only machines that already run a near target qualify.
    let fewest = s.near[0]!;
    for (const t of s.near) if (st.cnt[t]!.size < st.cnt[fewest]!.size) fewest = t;
    candidates = [...st.cnt[fewest]!.keys()].filter((m) => s.classOk[st.p.classOf[m]!]).sort((a, b) => a - b);
  } else candidates = eligible(s);
  let placed = 0;
  for (const r of free) {
    const m = bestMachine(st, s, candidates);
    if (m < 0) break;
    st.add(r, m, by);
    placed++;
  }
  return placed;
}

function placeByClass(st: State, s: PService, free: number[], ch: ClassHeaps, by: number): number {
  const p = st.p;
  const classes = s.eligibleClasses;
  // Each eligible class's valid top machine and its score, kept from one
  // replica to the next: placing a replica changes only the chosen machine,
  // so only its class is looked at again (spread is rechecked every time).
  const k = classes.length;
  if (candBuf.length < k) {
    candBuf = new Int32Array(k);
    scoreBuf = new Float64Array(k);
  }
  const cand = candBuf;
  const score = scoreBuf;
  cand.fill(STALE, 0, k);
  const stash: number[] = [];
  let placed = 0;
  for (const r of free) {
    let best = -1;
    let bestAt = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < k; i++) {
      const c = classes[i]!;
      let m = cand[i]!;
      if (m === NONE || st.spreadAllows(s, c) !== W.OK) continue;
      if (m === STALE) {
        const h = ch.heaps[c]!;
        m = NONE;
        while (h.size > 0) {
          const top = h.top();
          if (st.checkMachine(s, top) === W.OK) {
            m = top;
            break;
          }
          stash.push(h.pop());
        }
        cand[i] = m;
        if (m === NONE) continue;
        score[i] = preferPoints(p, s, m) - 100 * st.shareAfter(s, m);
      }
      const sc = score[i]!;
      if (sc > bestScore || (sc === bestScore && m < best)) {
        best = m;
        bestAt = i;
        bestScore = sc;
      }
    }
    if (best < 0) break;
    st.add(r, best, by);
    cand[bestAt] = STALE;
    placed++;
  }
  for (const m of stash) ch.heaps[p.classOf[m]!]!.push(m);
  return placed;
}

// Reused from one service to the next (a pair of typed arrays per service costs more than the scan).
let candBuf = new Int32Array(0);
let scoreBuf = new Float64Array(0);
/** A class whose valid top machine is not known (yet, or since it took a replica). */
const STALE = -2;
/** A class with no machine left that the service may use. */
const NONE = -1;
