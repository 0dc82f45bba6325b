// What `herd check` adds after a clean analysis: replicas that cannot be
// placed, and the proof of `policy { survive N node failures }`.
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import type { SystemModel } from "../../language/eval/model.js";
import { placementDiagnostics, surviveDiagnostics } from "./diagnostics.js";
import { place } from "./solver.js";
import { proveSurvive } from "./survive.js";
import type { Lock, PlacementResult } from "./types.js";

export interface PlacementCheck {
  result: PlacementResult;
  diagnostics: Diagnostic[];
}

export function checkPlacement(model: SystemModel, previous?: Lock): PlacementCheck {
  const result = place({ model, previous });
  // With no machines at all the analysis has said so (H0505): one warning, not one error per service.
  const diagnostics = model.machines.length === 0 ? [] : placementDiagnostics(model, result);
  if (model.policy.survive > 0 && result.unplaced.length === 0) {
    diagnostics.push(...surviveDiagnostics(model, proveSurvive(model, model.policy.survive, result)));
  }
  return { result, diagnostics };
}
