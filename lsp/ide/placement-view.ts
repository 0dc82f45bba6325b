// The fleet at a glance, for editors: a status line ("12 machines ·
// 31 replicas · 0 unplaced") and the placement picture as a page.
import * as path from "node:path";
import { renderHtml } from "../../compiler/placement/index.js";
import type { Snapshot } from "./snapshot.js";

export function statusLine(snap: Snapshot): string {
  const errors = snap.systemErrors();
  const model = snap.analysis.model;
  const machines = model.machines.length;
  if (errors > 0) return `${machines} machine${machines === 1 ? "" : "s"} · ${errors} error${errors === 1 ? "" : "s"}`;
  const p = snap.placement();
  const replicas = p ? p.result.assignments.length : 0;
  const unplaced = p ? p.result.unplaced.length : 0;
  return `${machines} machine${machines === 1 ? "" : "s"} · ${replicas} replica${replicas === 1 ? "" : "s"} · ${unplaced} unplaced`;
}

export interface PlacementView {
  status: string;
  /** A self-contained page with the picture of the fleet, or undefined while there are errors. */
  html?: string;
  errors: number;
}

export function placementView(snap: Snapshot, root: string): PlacementView {
  const errors = snap.systemErrors();
  const p = snap.placement();
  const view: PlacementView = { status: statusLine(snap), errors };
  if (p) view.html = renderHtml(p.result, path.basename(root));
  return view;
}
