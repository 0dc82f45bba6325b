// How deeply a file may nest: the parser, the checker and the evaluator walk
// syntax trees recursively, and a file nested thousands of levels deep (made
// by a generator gone wrong, or by accident) would exhaust the stack. Such a
// declaration is left out of the tree, as an ErrorDecl over its text, with one
// located diagnostic (H0114); the rest of the file is read as usual. No
// written configuration comes near the limits.
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import type { TokenStream } from "./token-stream.js";
import * as T from "./tokens.js";
import { forEachChild } from "./walk.js";

/** Brackets (`(`, `[`, `{`, `${`) open inside one another at most this deep. */
export const MAX_BRACKET_DEPTH = 100;
/** A declaration's syntax tree at most this deep (operator, `if … else` and member chains nest without brackets). */
export const MAX_TREE_DEPTH = 800;

const openers = new Set([T.LParen, T.LBracket, T.LCurly, T.InterpStart].map((t) => t.tokenTypeIdx!));
const closers = new Set([T.RParen, T.RBracket, T.RCurly, T.InterpEnd].map((t) => t.tokenTypeIdx!));
const declarations = new Set([T.Import, T.Base, T.Pool, T.Node, T.Service, T.Let, T.Type, T.Fn, T.Policy, T.Terraform].map((t) => t.tokenTypeIdx!));

/** A stretch of text left out: from its declaration's first token to where its brackets close again. */
export interface DeepRegion {
  start: number;
  end: number;
  /** The bracket that went one level too deep. */
  at: { start: number; end: number };
}

/** The declarations whose brackets nest more than MAX_BRACKET_DEPTH deep (one pass over the token types). */
export function tooDeepBrackets(stream: TokenStream): DeepRegion[] {
  const out: DeepRegion[] = [];
  const { kinds, starts, ends, count } = stream;
  let depth = 0;
  let declStart = 0;
  let open: DeepRegion | undefined;
  for (let i = 0; i < count; i++) {
    const k = kinds[i]!;
    if (depth === 0 && declarations.has(k)) declStart = starts[i]!;
    if (openers.has(k)) {
      if (++depth > MAX_BRACKET_DEPTH && !open) open = { start: declStart, end: stream.text.length, at: { start: starts[i]!, end: ends[i]! } };
    } else if (closers.has(k) && depth > 0 && --depth === 0 && open) {
      open.end = ends[i]!;
      out.push(open);
      open = undefined;
    }
  }
  if (open) out.push(open);
  return out;
}

/** The text with the regions blanked out (line breaks kept, so every offset and line stays where it was). */
export function blank(text: string, regions: readonly DeepRegion[]): string {
  let out = "";
  let from = 0;
  for (const r of regions) {
    out += text.slice(from, r.start) + text.slice(r.start, r.end).replace(/[^\n]/g, " ");
    from = r.end;
  }
  return out + text.slice(from);
}

export function bracketDiagnostic(file: string, r: DeepRegion): Diagnostic {
  return diagnostic("H0114", file, r.at, `nested too deeply: brackets open more than ${MAX_BRACKET_DEPTH} levels deep here, so this declaration is left out; build the value in steps, with \`let\`s`);
}

/**
 * Declarations whose tree is deeper than MAX_TREE_DEPTH, replaced by an
 * ErrorDecl each, with their diagnostics. Only declarations of more than
 * MAX_TREE_DEPTH / 3 tokens are walked: every level of a tree holds a token
 * of its own, or wraps one that does, so a shorter one cannot be that deep.
 */
export function limitTreeDepth(tree: A.SourceFileNode, stream: TokenStream, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const decls = tree.decls;
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i]!;
    if (stream.lastBefore(d.end) - stream.lastBefore(d.start) <= MAX_TREE_DEPTH / 3) continue;
    const deep = deepestBeyond(d);
    if (!deep) continue;
    const error: A.ErrorDecl = { kind: "ErrorDecl", start: d.start, end: d.end };
    decls[i] = error;
    out.push(diagnostic("H0114", file, { start: deep.start, end: deep.end }, `nested too deeply: this expression is more than ${MAX_TREE_DEPTH} levels down its declaration (a chain of operators, \`if … else\` or members that long), so the declaration is left out; build the value in steps, with \`let\`s`));
  }
  return out;
}

/** The first node more than MAX_TREE_DEPTH levels down, found without recursion. */
function deepestBeyond(root: A.AnyNode): A.AnyNode | undefined {
  const stack: [A.AnyNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [n, depth] = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) return n;
    forEachChild(n, (c) => void stack.push([c, depth + 1]));
  }
  return undefined;
}
