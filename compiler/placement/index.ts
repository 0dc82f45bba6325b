// Placement: which machine runs each replica. A pure library over the
// system model (no I/O), used by the CLI, the language server and the agent.
export type * from "./types.js";
export { place } from "./solver.js";
export { placementDiagnostics, surviveDiagnostics } from "./diagnostics.js";
export { proveSurvive, failureImpact, type SurviveProof, type SurviveCase } from "./survive.js";
export { lockFromResult, serializeLock, parseLock, serviceHash, diffMoves, LockError, LOCK_VERSION } from "./lock.js";
export { explainService } from "./explain-service.js";
export { renderPlan, renderMachines, renderMoves, renderUnplaced, renderExplain } from "./render-text.js";
export { renderHtml } from "./render-html.js";
export { violations } from "./validate.js";
export { checkPlacement, type PlacementCheck } from "./check.js";
export { withPlacementDiagnostics } from "./fold-causes.js";
export { placementInputKey, sameInput, type PlacementInput } from "./input-key.js";
export { checkPlacementReusing, type PlacementMemo } from "./reuse.js";
export { rulesText } from "./rules-text.js";
