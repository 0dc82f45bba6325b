// One mistake, one report: in a declaration the parser had to recover in,
// what later phases say comes from text it could not read (a field lost to
// the error is "missing", its value's call "has no parameter" for the fields
// it swallowed, an import used only there "unused"). Those are left out
// until the syntax error is fixed; the rest of the file is reported as usual.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFileNode } from "../syntax/ast.js";

/** `diags` without what names, types, evaluation and the model say inside a declaration with a syntax error, nor unused imports of a file with one. */
export function quietInBrokenDeclarations(diags: Diagnostic[], trees: ReadonlyMap<string, SourceFileNode>, texts: ReadonlyMap<string, string>): Diagnostic[] {
  const broken = new Map<string, { start: number; end: number }[]>();
  for (const d of diags) {
    if (!d.code.startsWith("H01") || d.severity !== "error") continue;
    const tree = trees.get(d.file);
    const at = d.span.start;
    // The declaration the error is in, or the one whose last line it is on
    // (`let registry = registry.example.com/shop"`: the declaration ends
    // where the parser stopped reading it, before the string left open).
    const decl = tree?.decls.find((x) => x.start <= at && at <= x.end) ?? (tree ? endingOnLineOf(tree, at, texts.get(d.file) ?? "") : undefined);
    const spans = broken.get(d.file) ?? broken.set(d.file, []).get(d.file)!;
    if (decl) spans.push({ start: decl.start, end: decl.end });
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

/** The last declaration that ends before `at` on the line of `at`. */
function endingOnLineOf(tree: SourceFileNode, at: number, text: string): { start: number; end: number } | undefined {
  for (let i = tree.decls.length - 1; i >= 0; i--) {
    const x = tree.decls[i]!;
    if (x.end > at) continue;
    return text.slice(x.end, at).includes("\n") ? undefined : x;
  }
  return undefined;
}
