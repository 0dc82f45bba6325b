// Which declarations the parser had to recover in: those holding a syntax
// error, or on whose last line one is (`let registry = registry.example.com/shop"`:
// the declaration ends where the parser stopped reading it, before the
// string left open). Later phases take what such a declaration says with
// care: its own diagnostics wait for the syntax error's fix
// (workspace/broken-declarations.ts), calls of a function whose declaration
// broke are not checked against a parameter list that may be cut short, and
// names a broken import may have brought in are not reported unknown.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFileNode } from "./ast.js";

/** Marks `broken` the declarations of `tree` that the errors among `diagnostics` are in. */
export function markBrokenDeclarations(tree: SourceFileNode, diagnostics: readonly Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    if (d.severity !== "error" || !d.code.startsWith("H01")) continue;
    const at = d.span.start;
    const decl = tree.decls.find((x) => x.start <= at && at <= x.end) ?? endingOnLineOf(tree, at, text);
    if (decl) decl.broken = true;
  }
}

/** The last declaration that ends before `at` on the line of `at`. */
function endingOnLineOf(tree: SourceFileNode, at: number, text: string): SourceFileNode["decls"][number] | undefined {
  for (let i = tree.decls.length - 1; i >= 0; i--) {
    const x = tree.decls[i]!;
    if (x.end > at) continue;
    return text.slice(x.end, at).includes("\n") ? undefined : x;
  }
  return undefined;
}
