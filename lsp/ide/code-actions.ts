// Quick fixes: the suggestions that diagnostics carry ("did you mean",
// add the missing field, add the unit), as edits to apply.
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import type { Snapshot } from "./snapshot.js";

export interface QuickFix {
  title: string;
  diagnostic: Diagnostic;
  /** Edits by file (diagnostic-style file names). */
  edits: Map<string, { span: { start: number; end: number }; newText: string }[]>;
  preferred: boolean;
}

export function quickFixes(snap: Snapshot, file: string, range: { start: number; end: number }): QuickFix[] {
  const m = snap.module(file);
  if (!m) return [];
  const out: QuickFix[] = [];
  for (const d of snap.diagnostics()) {
    if (d.file !== m.file || !d.fix || d.fix.edits.length === 0) continue;
    if (d.span.end < range.start || d.span.start > range.end) continue;
    const target = d.fix.file ?? d.file;
    out.push({ title: d.fix.message.charAt(0).toUpperCase() + d.fix.message.slice(1), diagnostic: d, edits: new Map([[target, d.fix.edits.map((e) => ({ span: e.span, newText: e.newText }))]]), preferred: out.length === 0 });
  }
  return out;
}
