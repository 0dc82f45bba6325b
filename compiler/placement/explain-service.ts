// `herd plan --explain SERVICE`: the placement rebuilt as state, then for
// each replica of the service the machines that would also take it and why
// the others do not.
import type { SystemModel } from "../../language/eval/model.js";
import { explainReplicas, type ReplicaExplanation } from "./explain.js";
import { compile } from "./problem.js";
import { BY, State } from "./state.js";
import type { PlacedBy, PlacementResult } from "./types.js";

const CODE: Record<PlacedBy, number> = { lock: BY.LOCK, greedy: BY.GREEDY, repair: BY.REPAIR, search: BY.SEARCH, balance: BY.BALANCE };

export function explainService(model: SystemModel, result: PlacementResult, service: string): ReplicaExplanation[] | undefined {
  const p = compile(model, result.failed);
  const si = p.serviceIndex.get(service);
  if (si === undefined) return undefined;
  const st = new State(p);
  result.assignments.forEach((a, i) => {
    const s = p.serviceIndex.get(a.service);
    const m = p.machineIndex.get(a.machine);
    if (s === undefined || m === undefined || a.replica >= p.services[s]!.replicas) return;
    st.add(p.offset[s]! + a.replica, m, CODE[result.placedBy[i] ?? "greedy"]);
  });
  return explainReplicas(st, si);
}
