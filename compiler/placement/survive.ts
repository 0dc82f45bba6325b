// Failure analysis. `failureImpact`: what moves if given machines die.
// `proveSurvive`: for every set of N machines lost, can every replica be
// placed again? Machines that are interchangeable in the placement (same
// labels, same usable capacity, same replicas of the same services) give
// equivalent failures, so the sets are enumerated as multisets of such
// kinds: far fewer than all N-subsets when pools are uniform.
import type { SystemModel } from "../../language/eval/model.js";
import { nearOrder } from "./constraints/affinity.js";
import { greedy } from "./greedy.js";
import { lockFromResult } from "./lock.js";
import { compile, usableCapacity, type PService } from "./problem.js";
import { eligibleMachinesOnce, serviceRank } from "./scoring.js";
import { place } from "./solver.js";
import { BY, State } from "./state.js";
import type { Lock, PlacementResult, UnplacedReplica } from "./types.js";

export interface SurviveCase {
  failed: string[];
  stranded: UnplacedReplica[];
}

export interface SurviveProof {
  n: number;
  /** Failure sets placed (one per kind of failure). */
  checked: number;
  /** False when the limit of cases stopped the proof early. */
  complete: boolean;
  counterexample?: SurviveCase | undefined;
}

export const MAX_SURVIVE_CASES = 10_000;

/** Placement with `failed` down, starting from `base` (moves are relative to it). */
export function failureImpact(model: SystemModel, base: PlacementResult, failed: readonly string[]): PlacementResult {
  return place({ model, previous: lockFromResult(model, base), failed, suggest: false });
}

function machineKinds(model: SystemModel, base: PlacementResult): string[][] {
  const kinds = new Map<string, string[]>();
  const byName = new Map(model.machines.map((m) => [m.name, m]));
  for (const m of base.machines) {
    if (m.failed) continue;
    const mm = byName.get(m.name)!;
    const hosted = new Map<string, number>();
    for (const r of m.replicas) hosted.set(r.service, (hosted.get(r.service) ?? 0) + 1);
    const key = JSON.stringify([usableCapacity(model, mm), Object.entries(m.labels).sort(), [...hosted].sort()]);
    const list = kinds.get(key);
    if (list) list.push(m.name);
    else kinds.set(key, [m.name]);
  }
  return [...kinds.values()];
}

/**
 * A quick sufficient test for one failure set: in the base placement, take
 * the failed machines down and place their replicas elsewhere greedily,
 * everything else staying. Spread domains stay as they were, which is
 * stricter than losing them, so success proves the case; failure only means
 * the full placement must decide.
 */
class QuickCheck {
  private readonly st: State;
  private readonly order: number[];
  private readonly eligible: (s: PService) => readonly number[];

  constructor(model: SystemModel, base: PlacementResult) {
    const p = compile(model);
    this.st = new State(p);
    for (const a of base.assignments) {
      const si = p.serviceIndex.get(a.service);
      const m = p.machineIndex.get(a.machine);
      if (si !== undefined && m !== undefined) this.st.add(p.offset[si]! + a.replica, m, BY.LOCK);
    }
    this.order = nearOrder(p.services.map((s) => s.near), serviceRank(p));
    this.eligible = eligibleMachinesOnce(p);
  }

  survives(failed: readonly string[]): boolean {
    const st = this.st;
    const ms = failed.map((f) => st.p.machineIndex.get(f)!);
    const moved: { r: number; m: number }[] = [];
    for (const m of ms) {
      st.down[m] = 1;
      for (const r of [...st.onMachine[m]!]) {
        moved.push({ r, m });
        st.remove(r);
      }
    }
    const placed = moved.length === 0 || greedy(st, this.order, undefined, BY.GREEDY, this.eligible) === 0;
    // Near rules: a follower whose target left must have moved too.
    const ok = placed && st.p.services.every((s) => st.nearHolds(s));
    for (const { r } of moved) st.remove(r);
    for (const m of ms) st.down[m] = 0;
    for (const { r, m } of moved) st.add(r, m, BY.LOCK);
    return ok;
  }
}

export function proveSurvive(model: SystemModel, n: number, base: PlacementResult, maxCases = MAX_SURVIVE_CASES): SurviveProof {
  const lock: Lock = lockFromResult(model, base);
  const quick = new QuickCheck(model, base);
  const kinds = machineKinds(model, base);
  const live = kinds.reduce((k, x) => k + x.length, 0);
  const want = Math.min(n, live);
  const proof: SurviveProof = { n, checked: 0, complete: true };
  if (want <= 0) return proof;
  const take = new Array<number>(kinds.length).fill(0);
  // Multisets of kinds with `want` machines in all, in a fixed order.
  const visit = (k: number, left: number): boolean => {
    if (left === 0) {
      if (proof.checked >= maxCases) {
        proof.complete = false;
        return false;
      }
      proof.checked++;
      const failed = kinds.flatMap((ms, i) => ms.slice(0, take[i]));
      if (quick.survives(failed)) return true;
      const r = place({ model, previous: lock, failed, suggest: false });
      if (r.unplaced.length > 0) {
        proof.counterexample = smallest({ failed, stranded: r.unplaced }, (f) => place({ model, previous: lock, failed: f, suggest: false }).unplaced);
        return false;
      }
      return true;
    }
    if (k === kinds.length) return true;
    const rest = kinds.slice(k + 1).reduce((a, x) => a + x.length, 0);
    for (let t = Math.min(left, kinds[k]!.length); t >= Math.max(0, left - rest); t--) {
      take[k] = t;
      if (!visit(k + 1, left - t)) return false;
    }
    take[k] = 0;
    return true;
  };
  visit(0, want);
  return proof;
}

/**
 * A failure set that strands replicas, with every machine taken out of it
 * that is not needed for that: "if backup fails" says what to fix, where
 * "if backup and app-1 fail" (any second machine, with `survive 2`) hides it.
 */
function smallest(found: SurviveCase, stranded: (failed: string[]) => UnplacedReplica[]): SurviveCase {
  let best = found;
  for (let i = 0; i < best.failed.length && best.failed.length > 1; ) {
    const fewer = best.failed.filter((_, j) => j !== i);
    const left = stranded(fewer);
    if (left.length > 0) best = { failed: fewer, stranded: left };
    else i++;
  }
  return best;
}
