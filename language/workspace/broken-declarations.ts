// One mistake, one report: in a declaration the parser had to recover in,
// what later phases say comes from text it could not read (a field lost to
// the error is "missing", its value's call "has no parameter" for the fields
// it swallowed, an import used only there "unused"). Those are left out
// until the syntax error is fixed; the rest of the file is reported as usual.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Decl, SourceFileNode } from "../syntax/ast.js";

/** `diags` without what names, types, evaluation and the model say inside a declaration with a syntax error (syntax/broken.ts), nor unused imports of a file with one. */
export function quietInBrokenDeclarations(diags: Diagnostic[], trees: ReadonlyMap<string, SourceFileNode>): Diagnostic[] {
  // Only a file with a syntax error has broken declarations: the others are not walked (this runs at every keystroke).
  const broken = new Map<string, Decl[]>();
  for (const d of diags) {
    if (!d.code.startsWith("H01") || broken.has(d.file)) continue;
    const decls = trees.get(d.file)?.decls.filter((x) => x.broken) ?? [];
    if (decls.length > 0) broken.set(d.file, decls);
  }
  if (broken.size === 0) return diags;
  return diags.filter((d) => {
    if (d.code.startsWith("H01") || d.code.startsWith("H06") || d.code.startsWith("H09")) return true;
    const spans = broken.get(d.file);
    if (!spans) return true;
    if (d.code === "H0209") return false;
    return !spans.some((s) => s.start <= d.span.start && d.span.start < s.end);
  });
}
