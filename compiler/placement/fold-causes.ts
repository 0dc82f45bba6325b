// One report per mistake: a label or label value misspelt in an `on` rule
// (H0503, a warning from the analysis, with the spelling as its fix) leaves
// the service unplaceable (H0601, placement's error on that same rule). The
// editor and `herd check` then showed two diagnostics for one slip, the one
// that fails the check without the fix. The H0601 keeps the error and takes
// the fix; the H0503 it restates goes.
import { compareDiagnostics, type Diagnostic } from "../../language/diagnostics/diagnostic.js";

/** The analysis's diagnostics and placement's, as one sorted list. */
export function withPlacementDiagnostics(analysis: readonly Diagnostic[], placement: readonly Diagnostic[]): Diagnostic[] {
  if (placement.length === 0) return [...analysis];
  const folded = new Set<Diagnostic>();
  const out: Diagnostic[] = [];
  for (const p of placement) {
    const cause = p.code === "H0601" ? analysis.find((a) => a.code === "H0503" && a.fix && a.fix.edits.length > 0 && !folded.has(a) && a.file === p.file && a.span.start >= p.span.start && a.span.end <= p.span.end) : undefined;
    if (!cause) {
      out.push(p);
      continue;
    }
    folded.add(cause);
    out.push({ ...p, fix: cause.fix! });
  }
  for (const a of analysis) if (!folded.has(a)) out.push(a);
  return out.sort(compareDiagnostics);
}
