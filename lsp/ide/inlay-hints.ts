// Inlay hints: where each service's replicas landed (`→ web-1, web-3`) and
// the inferred type of each `let` without one written.
import { typeToString } from "../../language/types/types.js";
import type { Snapshot } from "./snapshot.js";

export interface InlayHint {
  offset: number;
  label: string;
  kind: "type" | "placement";
  tooltip?: string;
}

export function inlayHints(snap: Snapshot, file: string, range: { start: number; end: number }): InlayHint[] {
  const m = snap.module(file);
  if (!m) return [];
  const out: InlayHint[] = [];
  const placement = snap.placement();
  for (const d of m.tree.decls) {
    if (d.end < range.start || d.start > range.end) continue;
    if (d.kind === "LetDecl" && !d.type && d.name) {
      const sym = m.decls.symbols.get(d.name.name);
      const t = sym && snap.analysis.checker.symbolType(sym);
      if (t && t.k !== "error") out.push({ offset: d.name.end, label: `: ${typeToString(t)}`, kind: "type" });
    }
    if (d.kind === "ServiceDecl" && placement && d.name) {
      const name = d.name.name;
      const machines = placement.result.assignments.filter((a) => a.service === name).map((a) => a.machine);
      const unplaced = placement.result.unplaced.filter((u) => u.service === name).length;
      if (machines.length === 0 && unplaced === 0) continue;
      const label = `→ ${machines.join(", ")}${unplaced ? `${machines.length ? ", " : ""}${unplaced} unplaced` : ""}`;
      out.push({ offset: d.name.end, label, kind: "placement", tooltip: `where the replicas of ${name} run` });
    }
  }
  return out;
}
