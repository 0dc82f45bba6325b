// Placing again only when what placement reads changed: an editor (the
// language server) and `herd check --watch` analyse again on every change,
// and most changes move no replica. Kept by the caller between checks.
import type { SystemModel } from "../../language/eval/model.js";
import { checkPlacement, type PlacementCheck } from "./check.js";
import { placementInputKey, sameInput, type PlacementInput } from "./input-key.js";
import type { Lock } from "./types.js";

/** The last placement checked, with what it read. */
export interface PlacementMemo {
  last?: { key: PlacementInput; check: PlacementCheck };
}

/**
 * `checkPlacement`, or the memo's last check when what placement reads is
 * the same. Reused only when it reported nothing: its diagnostics' spans
 * point into the texts as they were.
 */
export function checkPlacementReusing(memo: PlacementMemo, model: SystemModel, lock: Lock | undefined): PlacementCheck {
  const last = memo.last;
  const key = placementInputKey(model, lock, last?.key);
  if (last && sameInput(last.key, key) && last.check.diagnostics.length === 0) {
    // The newer models, for the next key to compare with.
    memo.last = { key, check: last.check };
    return last.check;
  }
  const check = checkPlacement(model, lock);
  memo.last = { key, check };
  return check;
}
