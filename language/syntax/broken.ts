// Which declarations the parser had to recover in: those holding a syntax
// error, on whose last line one is (`let registry = registry.example.com/shop"`:
// the declaration ends where the parser stopped reading, before the string
// left open), or followed by one on an indented line (its rest, after a `}`
// that closed it early). Later phases take what such a declaration says
// with care: its own diagnostics wait for the fix of the syntax error
// (workspace/broken-declarations.ts), the calls of a broken function are not
// checked against a parameter list that may be cut short, a broken constant
// gives its users no type or value, and names a broken import may bring in
// are not reported unknown. Indented text that starts no declaration may be
// the body of one whose first line, and name, is lost, and a name followed by
// what cannot follow one may be cut short: the file is marked, and its
// importers are not told it lacks the names they ask for.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFileNode } from "./ast.js";
import { fieldAboveHeader, modulePath } from "./declaration-shapes.js";

/** Marks `broken` the declarations of `tree` that the errors among `diagnostics` are in. */
export function markBrokenDeclarations(tree: SourceFileNode, diagnostics: readonly Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    if (d.severity !== "error" || !d.code.startsWith("H01")) continue;
    const at = d.span.start;
    if (d.code === "H0112") {
      // A field swapped with the declaration's first line below it: that declaration lacks it until it is moved back, and nothing is lost.
      const above = fieldAboveHeader(text, at);
      const below = above && tree.decls.find((x) => x.start === above.header.start);
      if (below) {
        below.broken = true;
        continue;
      }
    }
    const decl = tree.decls.find((x) => x.start <= at && at <= x.end) ?? endingOnLineOf(tree, at, text);
    if (decl) decl.broken = true;
    // Indented text that starts no declaration: the body of one whose first line is gone, or the rest of one closed early.
    if ((!decl || d.code === "H0112") && indented(text, at)) tree.lostDeclaration = true;
    // A line at the top that starts no declaration but holds a module's path (`imp,ort "std/services" { http }`):
    // an import lost, whose names are not unknown where used.
    // Or that opens a body or sets a value (`servic.e adguard {`, `le t x = 1`): a declaration whose name is lost with its keyword.
    if (d.code === "H0112" && !tree.lostDeclaration && !indented(text, at)) {
      const line = lineOf(text, at);
      if (importPath.test(line) || declarationHead.test(line)) tree.lostDeclaration = true;
    }
    // A name cut by what cannot follow it (`let hetznerLocatio"ns = …`): the name meant is lost too.
    if (decl && "name" in decl && decl.name && !afterName.test(text[decl.name.end] ?? "\n")) tree.lostDeclaration = true;
  }
}

/** A module's path in quotes, as an import writes it. */
const importPath = new RegExp(modulePath);

/** A line that opens a body or sets a value, after a name: what a declaration's first line does. */
const declarationHead = /[A-Za-z_][A-Za-z0-9_-]*[ \t]*(?:\{[ \t]*(?:\/\/.*)?$|=(?!=))/;

/** The line holding `at`. */
function lineOf(text: string, at: number): string {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const end = text.indexOf("\n", at);
  return text.slice(start, end < 0 ? text.length : end);
}

/** What may follow a declaration's name: a space, the end of the line, or what its kind has next. */
const afterName = /[ \t\r\n=({:]/;

/** Whether the line of `at` starts with a space or tab. */
function indented(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return lineStart < at && (text[lineStart] === " " || text[lineStart] === "\t");
}

/** The last declaration that ends before `at`, when `at` is on its last line or on an indented line (the rest of it, after a `}` that closed it early). */
function endingOnLineOf(tree: SourceFileNode, at: number, text: string): SourceFileNode["decls"][number] | undefined {
  for (let i = tree.decls.length - 1; i >= 0; i--) {
    const x = tree.decls[i]!;
    if (x.end > at) continue;
    return indented(text, at) || !text.slice(x.end, at).includes("\n") ? x : undefined;
  }
  return undefined;
}
