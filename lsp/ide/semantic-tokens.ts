// Semantic tokens: what each word is, from the binder and the checker, so an
// editor can colour a service differently from a constant, a field from a
// label, and a contextual keyword used as a name like a name.
import type { IToken } from "chevrotain";
import type { Sym } from "../../language/names/symbols.js";
import type * as A from "../../language/syntax/ast.js";
import * as T from "../../language/syntax/tokens.js";
import { walk } from "../../language/syntax/walk.js";
import { tokensOf } from "./cursor.js";
import type { Snapshot } from "./snapshot.js";

export const tokenTypes = ["namespace", "type", "class", "struct", "enumMember", "parameter", "variable", "property", "function", "keyword", "comment", "string", "number", "regexp", "operator", "macro"] as const;
export const tokenModifiers = ["declaration", "readonly", "defaultLibrary", "documentation"] as const;

export type TokenTypeName = (typeof tokenTypes)[number];
export type TokenModifierName = (typeof tokenModifiers)[number];

export interface SemanticToken {
  start: number;
  end: number;
  type: TokenTypeName;
  modifiers: TokenModifierName[];
}

const operators = new Set([T.Eq, T.EqEq, T.NotEq, T.Lt, T.Le, T.Gt, T.Ge, T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Bang, T.AndAnd, T.OrOr, T.QuestionQuestion, T.Question, T.Pipe, T.DotDot]);

function symbolClass(sym: Sym): [TokenTypeName, TokenModifierName[]] {
  switch (sym.kind) {
    case "service":
      return ["class", []];
    case "pool":
    case "node":
    case "machine":
      return ["struct", []];
    case "let":
      return ["variable", ["readonly"]];
    case "fn":
      return ["function", []];
    case "type":
      return ["type", []];
    case "namespace":
      return ["namespace", []];
    case "param":
      return ["parameter", []];
    case "local":
    case "index":
      return ["variable", []];
    case "field":
      return ["property", []];
    case "builtin":
      return sym.info.kind === "type" ? ["type", ["defaultLibrary"]] : sym.info.kind === "function" ? ["function", ["defaultLibrary"]] : ["namespace", ["defaultLibrary"]];
  }
}

export function semanticTokens(snap: Snapshot, file: string): SemanticToken[] {
  const m = snap.module(file);
  if (!m) return [];
  const text = m.source.text;
  const byStart = new Map<number, [TokenTypeName, TokenModifierName[]]>();
  const mark = (n: { start: number } | undefined, c: [TokenTypeName, TokenModifierName[]]) => {
    if (n) byStart.set(n.start, c);
  };
  const declared = (c: [TokenTypeName, TokenModifierName[]]): [TokenTypeName, TokenModifierName[]] => [c[0], [...c[1], "declaration"]];
  walk(m.tree, (n: A.AnyNode) => {
    const ref = m.binding.refs.get(n);
    switch (n.kind) {
      case "Name":
        if (ref) mark(n, symbolClass(ref));
        break;
      case "NamedType":
        if (n.namespace) mark(n.namespace, ["namespace", []]);
        mark(n.name, ref ? symbolClass(ref) : ["type", []]);
        break;
      case "Member":
        if (n.member) mark(n.member, ref ? symbolClass(ref) : ["property", []]);
        break;
      case "FieldKey":
      case "LabelKey":
        if (!n.quoted) mark(n, ["property", []]);
        break;
      case "ImportName":
        if (ref) mark(n.name, symbolClass(ref));
        if (n.alias && ref) mark(n.alias, declared(symbolClass(ref)));
        break;
      case "ImportDecl":
        if (n.alias) mark(n.alias, ["namespace", ["declaration"]]);
        break;
      case "LetDecl":
        mark(n.name, declared(["variable", ["readonly"]]));
        break;
      case "FnDecl":
        mark(n.name, declared(["function", []]));
        break;
      case "TypeDecl":
        mark(n.name, declared(["type", []]));
        break;
      case "ServiceDecl":
        mark(n.name, declared(["class", []]));
        break;
      case "PoolDecl":
      case "NodeDecl":
        mark(n.name, declared(["struct", []]));
        break;
      case "Param":
        mark(n.name, declared(["parameter", []]));
        break;
      case "For":
        mark(n.first, declared(["variable", []]));
        mark(n.second, declared(["variable", []]));
        break;
      case "Arg":
        if (n.name) mark(n.name, ["parameter", []]);
        break;
      default:
        break;
    }
  });
  const out: SemanticToken[] = [];
  for (const t of tokensOf(m) as IToken[]) {
    if (t.tokenType === T.Newline) continue;
    const start = t.startOffset;
    const end = (t.endOffset ?? start) + 1;
    if (end <= start) continue;
    const known = byStart.get(start);
    let c: [TokenTypeName, TokenModifierName[]] | undefined = known;
    if (!c) {
      const tt = t.tokenType;
      if (tt === T.IntLit || tt === T.FloatLit || tt === T.UnitLit) c = ["number", []];
      else if (tt === T.StringStart || tt === T.StringText || tt === T.StringEnd) c = ["string", []];
      else if (tt === T.RegexLit) c = ["regexp", []];
      else if (tt === T.InterpStart || tt === T.InterpEnd) c = ["operator", []];
      else if (T.keywordTokens.get(t.image) === tt) c = ["keyword", []];
      else if (operators.has(tt)) c = ["operator", []];
    }
    if (c) out.push({ start, end, type: c[0], modifiers: c[1] });
  }
  // nix"…" strings are code in another language.
  for (const o of out) if (o.type === "string" && text.startsWith("nix", o.start)) o.type = "macro";
  for (const c of m.parse.comments) out.push({ start: c.start, end: c.end, type: "comment", modifiers: c.kind === "doc" ? ["documentation"] : [] });
  return out.sort((a, b) => a.start - b.start);
}
