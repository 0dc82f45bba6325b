// Text edits (a diagnostic's fix, a rename) applied to a text, as an editor
// applies them: last first, so the earlier ones' offsets hold.
import type { Diagnostic, TextEdit } from "../../language/diagnostics/diagnostic.js";

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

/** The text with a diagnostic's fix applied (it must have one). */
export function applyFix(text: string, d: Diagnostic): string {
  return applyEdits(text, d.fix!.edits);
}
