// The fast path of parse(): a hand-written recursive-descent reading of the
// same grammar as parser.ts, for text without syntax errors, which is almost
// all text `herd check` and `herd build` see. It builds the very same tree
// (same nodes, same spans, same literals through the same TreeBuilder) and
// gives up at the first token that is not what a well-formed file has there;
// parse() then runs the Chevrotain parser, whose error recovery and messages
// are the ones users see. So this file never reports anything: a file it
// accepts is one the Chevrotain parser accepts without errors, and the tree is
// equal (test/syntax/direct-parser.test.ts checks both on every fixture,
// example and generated workspace, and on random mutations of them).
//
// Going through Chevrotain's recogniser costs about a microsecond a token
// (rule wrappers, lookahead functions, closures per rule): most of
// `herd check`'s parse time on large workspaces. The frequent nodes are made
// here as one object literal with every field (an optional one that is
// absent is `undefined`) once their parts are parsed: a node grown field by
// field after creation takes a third more memory and three times as long to
// build, and the trees of a large workspace live for the whole analysis. Where the grammar in
// parser.ts chooses between alternatives with more than one token of
// lookahead, the same tokens decide here; keep the two in step.
import type { TokenType } from "chevrotain";
import type * as A from "./ast.js";
import type { TokenStream } from "./token-stream.js";
import { recordCallArgs, type TokenText, type TreeBuilder } from "./tree-builder.js";
import { namedRulesAhead } from "./rule-block.js";
import { namelessDeclarations } from "./declaration-shapes.js";
import * as T from "./tokens.js";

/** Thrown at the first token a well-formed file would not have there. */
class GiveUp {}
const giveUp = new GiveUp();

const nameTypes = new Set<TokenType>();
const identifierTypes = new Set<TokenType>();
for (const t of T.allTokens) {
  const cats = t.CATEGORIES ?? [];
  if (t !== T.Name && t !== T.Identifier && cats.includes(T.Name)) nameTypes.add(t);
  if (t !== T.Name && t !== T.Identifier && cats.includes(T.Identifier)) identifierTypes.add(t);
}

const binaryOperators = new Set<TokenType>([T.OrOr, T.AndAnd, T.QuestionQuestion, T.EqEq, T.NotEq, T.Lt, T.Le, T.Gt, T.Ge, T.Plus, T.Minus, T.Star, T.Slash, T.Percent]);
const arithmeticOperators = new Set<TokenType>([T.Plus, T.Minus, T.Star, T.Slash, T.Percent]);
const declarationKeywords = new Set<TokenType>([T.Import, T.Base, T.Pool, T.Node, T.Service, T.Let, T.Type, T.Fn, T.Policy, T.Terraform]);
const fieldFollowers = new Set<TokenType>([T.Eq, T.Dot, T.LCurly]);
/** What may follow `place {` in a block of rules; anything else makes `place` a field holding a record (`place { place { … } }`), as parser.ts's three tokens of lookahead decide. */
const placeBlockFollowers = new Set<TokenType>([T.On, T.Prefer, T.Spread, T.Max, T.Avoid, T.Near, T.PlainIdent, T.Newline, T.Comma, T.RCurly]);
/** Tokens an operand (and so an arithmetic chain) can start with. */
const operandStarts = new Set<TokenType>([T.Bang, T.Minus, T.IntLit, T.FloatLit, T.UnitLit, T.True, T.False, T.None, T.StringStart, T.LParen, T.LBracket, T.LCurly, T.Place, ...identifierTypes]);
/** Tokens a field (and a record-type field) can start with: a name or a string. */
const isFieldStart = (t: TokenType) => nameTypes.has(t) || t === T.StringStart;

/** Parses a whole file, or returns undefined where it has a syntax error. */
export function parseDirect(stream: TokenStream, b: TreeBuilder): A.SourceFileNode | undefined {
  try {
    return new DirectParser(stream, b).file();
  } catch (e) {
    if (e === giveUp) return undefined;
    throw e;
  }
}

/** Tokens are read by index into the stream's lists. */
class DirectParser {
  private pos = 0;
  /** The end offset of the last consumed token. */
  private lastEnd = 0;
  private readonly count: number;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(
    private readonly stream: TokenStream,
    private readonly b: TreeBuilder,
  ) {
    this.count = stream.count;
    this.kinds = stream.kinds;
    this.starts = stream.starts;
    this.ends = stream.ends;
  }

  // ───────────── tokens ─────────────

  private la(i: number): TokenType | undefined {
    const j = this.pos + i - 1;
    return j < this.count ? T.tokenTypeByIdx[this.kinds[j]!] : undefined;
  }

  /** The next token's index. */
  private next(): number {
    const t = this.pos++;
    if (t >= this.count) throw giveUp;
    this.lastEnd = this.ends[t]!;
    return t;
  }

  /** Token t's text and offsets, for the builder's literals and operators. */
  private tok(t: number): TokenText {
    return { image: this.stream.image(t), startOffset: this.starts[t]!, endOffset: this.ends[t]! - 1 };
  }

  private expect(type: TokenType): number {
    if (this.la(1) !== type) throw giveUp;
    return this.next();
  }

  private expectName(): number {
    if (!nameTypes.has(this.la(1)!)) throw giveUp;
    return this.next();
  }

  private expectIdentifier(): number {
    if (!identifierTypes.has(this.la(1)!)) throw giveUp;
    return this.next();
  }

  private accept(type: TokenType): boolean {
    if (this.la(1) !== type) return false;
    this.next();
    return true;
  }

  private startOf(): number {
    return this.pos < this.count ? this.starts[this.pos]! : this.lastEnd;
  }

  private ident(t: number): A.Ident {
    return { kind: "Ident", name: this.stream.image(t), start: this.starts[t]!, end: this.ends[t]! };
  }

  private withDoc<N extends { start: number; doc?: A.DocComment }>(n: N): N {
    const doc = this.b.docFor(n.start);
    if (doc) n.doc = doc;
    return n;
  }

  private finish<N extends A.Node>(n: N): N {
    n.end = Math.max(n.start, this.lastEnd);
    return n;
  }

  /** Where a node that started at `start` ends: after the last token read. */
  private endFrom(start: number): number {
    return Math.max(start, this.lastEnd);
  }

  /**
   * Items and separators up to `close`: `item` parses one item when the next
   * token starts one. Two items with no separator between them are a
   * diagnostic (H0111) the Chevrotain path reports, so they give up here.
   */
  private separated<N>(close: TokenType, separators: readonly TokenType[], item: () => N | undefined): N[] {
    const items: N[] = [];
    let needSep = false;
    for (;;) {
      const t = this.la(1);
      if (t === close) return fit(items);
      if (separators.includes(t!)) {
        this.next();
        needSep = false;
        continue;
      }
      if (needSep) throw giveUp;
      const it = item();
      if (it === undefined) throw giveUp;
      items.push(it);
      needSep = true;
    }
  }

  // ───────────── file and declarations ─────────────

  file(): A.SourceFileNode {
    const decls: A.Decl[] = [];
    const n: A.SourceFileNode = { kind: "File", decls, start: 0, end: 0 };
    let needSep = false;
    while (this.pos < this.count) {
      if (this.la(1) === T.Newline) {
        this.next();
        needSep = false;
        continue;
      }
      if (needSep) throw giveUp;
      decls.push(this.decl());
      needSep = true;
    }
    n.end = this.b.text.length;
    return n;
  }

  private decl(): A.Decl {
    switch (this.la(1)) {
      case T.Import:
        return this.importDecl();
      case T.Base:
        return this.keywordBodyDecl("BaseDecl");
      case T.Terraform:
        return this.keywordBodyDecl("TerraformDecl");
      case T.Pool:
        return this.namedBodyDecl("PoolDecl");
      case T.Node:
        return this.namedBodyDecl("NodeDecl");
      case T.Service:
        return this.serviceDecl();
      case T.Let:
        return this.letDecl();
      case T.Type:
        return this.typeDecl();
      case T.Fn:
        return this.fnDecl();
      case T.Policy:
        return this.policyDecl();
      default:
        throw giveUp;
    }
  }

  private importDecl(): A.ImportDecl {
    const start = this.startOf();
    const doc = this.b.docFor(start);
    this.next();
    const path = this.string();
    let alias: A.Ident | undefined;
    let names: A.ImportName[] | undefined;
    if (this.accept(T.As)) {
      alias = this.ident(this.expectIdentifier());
    } else if (this.accept(T.LCurly)) {
      names = this.separated(T.RCurly, [T.Comma, T.Newline], () => (identifierTypes.has(this.la(1)!) ? this.importName() : undefined));
      this.next();
    }
    return { kind: "ImportDecl", start, end: this.endFrom(start), path, alias, names, doc };
  }

  private importName(): A.ImportName {
    const start = this.startOf();
    const name = this.ident(this.next());
    const n = { kind: "ImportName", name, start, end: 0 } as A.ImportName;
    if (this.accept(T.As)) n.alias = this.ident(this.expectIdentifier());
    return this.finish(n);
  }

  private keywordBodyDecl<K extends "BaseDecl" | "TerraformDecl">(kind: K): A.BaseDecl | A.TerraformDecl {
    const kw = this.next();
    const n = this.withDoc({ kind, keyword: { start: this.starts[kw]!, end: this.ends[kw]! }, start: this.starts[kw]!, end: 0 } as A.BaseDecl | A.TerraformDecl);
    n.body = this.record(true);
    return this.finish(n);
  }

  private namedBodyDecl(kind: "PoolDecl" | "NodeDecl"): A.PoolDecl | A.NodeDecl {
    const start = this.startOf();
    const doc = this.b.docFor(start);
    this.next();
    const name = this.ident(this.expectIdentifier());
    const body = this.record(true);
    return { kind, start, end: this.endFrom(start), name, body, doc };
  }

  private serviceDecl(): A.ServiceDecl {
    const start = this.startOf();
    const doc = this.b.docFor(start);
    this.next();
    const name = this.ident(this.expectIdentifier());
    let value: A.Expr;
    if (this.la(1) === T.LCurly) value = this.record(true);
    else {
      this.expect(T.Eq);
      value = this.expr();
    }
    return { kind: "ServiceDecl", start, end: this.endFrom(start), name, value, doc };
  }

  private letDecl(): A.LetDecl {
    const start = this.startOf();
    const doc = this.b.docFor(start);
    this.next();
    const name = this.ident(this.expectIdentifier());
    const type = this.accept(T.Colon) ? this.type() : undefined;
    this.expect(T.Eq);
    const value = this.expr();
    return { kind: "LetDecl", start, end: this.endFrom(start), name, type, value, doc };
  }

  private typeDecl(): A.TypeDecl {
    const n: A.TypeDecl = this.withDoc({ kind: "TypeDecl", start: this.startOf(), end: 0 });
    this.next();
    n.name = this.ident(this.expectIdentifier());
    this.expect(T.Eq);
    n.type = this.type();
    return this.finish(n);
  }

  private fnDecl(): A.FnDecl {
    const n: A.FnDecl = this.withDoc({ kind: "FnDecl", params: [], start: this.startOf(), end: 0 });
    this.next();
    n.name = this.ident(this.expectIdentifier());
    this.expect(T.LParen);
    n.params = this.separated(T.RParen, [T.Comma], () => (identifierTypes.has(this.la(1)!) ? this.param() : undefined));
    this.next();
    if (this.accept(T.Colon)) n.returnType = this.type();
    this.expect(T.Eq);
    n.body = this.expr();
    return this.finish(n);
  }

  private param(): A.Param {
    const start = this.startOf();
    const name = this.ident(this.next());
    const n = { kind: "Param", name, start, end: 0 } as A.Param;
    if (this.accept(T.Colon)) n.type = this.type();
    if (this.accept(T.Eq)) n.default = this.expr();
    return this.finish(n);
  }

  private policyDecl(): A.PolicyDecl {
    const kw = this.next();
    const items: (A.Field | A.SurviveRule)[] = [];
    const n: A.PolicyDecl = this.withDoc({ kind: "PolicyDecl", keyword: { start: this.starts[kw]!, end: this.ends[kw]! }, items, start: this.starts[kw]!, end: 0 });
    this.expect(T.LCurly);
    n.items = this.separated(T.RCurly, [T.Newline, T.Comma], () => {
      const t = this.la(1)!;
      // `survive` is also a valid field name (`survive = …`); the rule wins otherwise.
      if (t === T.Survive && !fieldFollowers.has(this.la(2)!)) return this.surviveRule();
      return isFieldStart(t) ? this.field() : undefined;
    });
    this.next();
    return this.finish(n);
  }

  private surviveRule(): A.SurviveRule {
    const n: A.SurviveRule = { kind: "SurviveRule", start: this.startOf(), end: 0 };
    this.next();
    n.count = this.arithChain();
    this.expect(T.Node);
    if (this.la(1) !== T.Failure && this.la(1) !== T.Failures) throw giveUp;
    this.next();
    return this.finish(n);
  }

  // ───────────── records and fields ─────────────

  private record(block: boolean): A.RecordExpr {
    const fields: A.Field[] = [];
    const n: A.RecordExpr = { kind: "Record", fields, block, start: this.startOf(), end: 0 };
    this.expect(T.LCurly);
    let needSep = false;
    for (;;) {
      const t = this.la(1)!;
      if (t === T.RCurly) break;
      if (t === T.Newline || t === T.Comma) {
        this.next();
        needSep = false;
        continue;
      }
      // A declaration keyword followed by a name: a `}` is missing above.
      if ((declarationKeywords.has(t) && !fieldFollowers.has(this.la(2)!)) || needSep || !isFieldStart(t)) throw giveUp;
      // `policy {`, `base {`, `terraform {` at the start of a line: a declaration without a name, as parser.ts reads it.
      if (namelessDeclarations.has(t) && this.la(2) === T.LCurly && this.b.text.charCodeAt(this.starts[this.pos]! - 1) === 10) throw giveUp;
      fields.push(this.field());
      needSep = true;
    }
    n.fields = fit(fields);
    this.next();
    return this.finish(n);
  }

  private field(): A.Field {
    const start = this.startOf();
    const doc = this.b.docFor(start);
    if (this.la(1) === T.Place && this.la(2) === T.LCurly && placeBlockFollowers.has(this.la(3)!)) {
      const kw = this.pos;
      const path: A.FieldKey[] = [{ kind: "FieldKey", name: "place", quoted: false, start: this.starts[kw]!, end: this.ends[kw]! }];
      const value = this.placeBlock();
      return { kind: "Field", path, start, end: this.endFrom(start), value, doc };
    }
    if (this.la(2) === T.LCurly && nameTypes.has(this.la(1)!) && namedRulesAhead((k) => this.la(k))) {
      const kw = this.pos;
      const path: A.FieldKey[] = [{ kind: "FieldKey", name: this.stream.image(kw), quoted: false, start: this.starts[kw]!, end: this.ends[kw]! }];
      const value = this.placeBlock(true);
      return { kind: "Field", path, start, end: this.endFrom(start), value, doc };
    }
    let path = [this.fieldKey()];
    if (this.la(1) === T.Dot) {
      while (this.accept(T.Dot)) path.push(this.fieldKey());
      path = fit(path);
    }
    let value: A.Expr;
    if (this.la(1) === T.Eq) {
      this.next();
      value = this.expr();
    } else if (this.la(1) === T.LCurly) {
      value = this.record(false);
    } else throw giveUp;
    return { kind: "Field", path, start, end: this.endFrom(start), value, doc };
  }

  private fieldKey(): A.FieldKey {
    const type = this.la(1)!;
    if (nameTypes.has(type)) {
      const t = this.next();
      return { kind: "FieldKey", name: this.stream.image(t), quoted: false, start: this.starts[t]!, end: this.ends[t]! } as A.FieldKey;
    }
    if (type !== T.StringStart) throw giveUp;
    const s = this.string();
    if (s.parts.some((p) => p.kind === "Interp")) {
      return { kind: "FieldKey", name: `\u0000${s.start}`, quoted: true, computed: s, start: s.start, end: s.end } as A.FieldKey;
    }
    return { kind: "FieldKey", name: this.b.plainString(s, "a field name"), quoted: true, start: s.start, end: s.end } as A.FieldKey;
  }

  /** `{for x in xs: key = value}`: a map built by a comprehension. */
  private mapFor(): A.ForExpr {
    const n: A.ForExpr = { kind: "For", start: this.startOf(), end: 0 };
    this.next();
    this.comprehensionHead(n);
    n.key = this.fieldKey();
    this.expect(T.Eq);
    n.body = this.expr();
    this.expect(T.RCurly);
    return this.finish(n);
  }

  /** `for x[, y] in xs [if c]:` of a list or map comprehension. */
  private comprehensionHead(n: A.ForExpr): void {
    this.expect(T.For);
    n.first = this.ident(this.expectIdentifier());
    if (this.accept(T.Comma)) n.second = this.ident(this.expectIdentifier());
    this.expect(T.In);
    n.iterable = this.expr();
    if (this.accept(T.If)) n.condition = this.expr();
    this.expect(T.Colon);
  }

  // ───────────── placement rules ─────────────

  /** `place { … }`, or with `named` a block of rules under another name (rule-block.ts). */
  private placeBlock(named = false): A.PlaceExpr {
    const rules: A.PlaceRule[] = [];
    const n: A.PlaceExpr = { kind: "Place", rules, start: this.startOf(), end: 0 };
    if (named) this.expectName();
    else this.expect(T.Place);
    this.expect(T.LCurly);
    n.rules = this.separated(T.RCurly, [T.Newline, T.Comma], () => this.placeRule());
    this.next();
    return this.finish(n);
  }

  private placeRule(): A.PlaceRule | undefined {
    const start = this.startOf();
    switch (this.la(1)) {
      case T.On: {
        const n: A.OnRule = { kind: "OnRule", start, end: 0 };
        this.next();
        n.selector = this.selector();
        return this.finish(n);
      }
      case T.Prefer: {
        const n: A.PreferRule = { kind: "PreferRule", start, end: 0 };
        this.next();
        n.selector = this.selector();
        if (this.accept(T.Weight)) n.weight = this.arithChain();
        return this.finish(n);
      }
      case T.Spread: {
        const n: A.SpreadRule = { kind: "SpreadRule", start, end: 0 };
        this.next();
        this.expect(T.By);
        n.label = this.labelKey();
        if (this.accept(T.Skew)) n.skew = this.arithChain();
        return this.finish(n);
      }
      case T.Max: {
        const n: A.MaxPerNodeRule = { kind: "MaxPerNodeRule", start, end: 0 };
        this.next();
        n.count = this.arithChain();
        this.expect(T.Per);
        this.expect(T.Node);
        return this.finish(n);
      }
      case T.Avoid:
      case T.Near: {
        const n = { kind: this.la(1) === T.Avoid ? "AvoidRule" : "NearRule", start, end: 0 } as A.AvoidRule | A.NearRule;
        this.next();
        const t = this.expectIdentifier();
        n.service = { kind: "Name", name: this.stream.image(t), start: this.starts[t]!, end: this.ends[t]! };
        return this.finish(n);
      }
      default:
        // An unknown word here is a diagnostic (the Chevrotain path's unknownRule).
        return undefined;
    }
  }

  private labelKey(): A.LabelKey {
    const k = this.fieldKey();
    if (k.computed) throw giveUp;
    return { kind: "LabelKey", name: k.name, quoted: k.quoted, start: k.start, end: k.end };
  }

  private selector(): A.Selector {
    return this.selChain(T.OrOr, "||", () => this.selAnd());
  }

  private selAnd(): A.Selector {
    return this.selChain(T.AndAnd, "&&", () => this.selAtom());
  }

  /** Operands joined by one operator, left to right. */
  private selChain(opType: TokenType, op: "&&" | "||", operand: () => A.Selector): A.Selector {
    let left = operand();
    while (this.la(1) === opType) {
      const tok = this.next();
      left = selBinary(op, left, operand(), this.ends[tok]!);
    }
    return left;
  }

  private selAtom(): A.Selector {
    const start = this.startOf();
    const t = this.la(1)!;
    if (t === T.Bang) {
      const n: A.SelNot = { kind: "SelNot", start, end: 0 };
      this.next();
      n.operand = this.selAtom();
      return this.finish(n);
    }
    if (t === T.LParen) {
      const n: A.SelParen = { kind: "SelParen", start, end: 0 };
      this.next();
      n.inner = this.selector();
      this.expect(T.RParen);
      return this.finish(n);
    }
    const label = this.labelKey();
    const next = this.la(1);
    if (next === T.EqEq || next === T.NotEq) {
      const op = this.stream.image(this.next()) as A.SelCompare["op"];
      const value = this.arithChain();
      return { kind: "SelCompare", label, start, end: this.endFrom(start), op, value };
    }
    if (next === T.In) {
      this.next();
      const values = this.arithChain();
      return { kind: "SelIn", label, start, end: this.endFrom(start), values };
    }
    return { kind: "SelHas", label, start, end: this.endFrom(start) };
  }

  // ───────────── types ─────────────

  private type(): A.TypeExpr {
    const start = this.startOf();
    let leading = false;
    const members: A.TypeExpr[] = [];
    const n = { kind: "UnionType", members, start, end: 0 } as A.UnionType;
    if (this.accept(T.Pipe)) leading = true;
    members.push(this.optionalType());
    while (this.accept(T.Pipe)) members.push(this.optionalType());
    this.finish(n);
    if (members.length === 1 && !leading) return members[0]!;
    return n;
  }

  private optionalType(): A.TypeExpr {
    const start = this.startOf();
    const inner = this.primaryType();
    let optional = false;
    while (this.accept(T.Question)) optional = true;
    return optional ? { kind: "OptionalType", inner, start, end: this.lastEnd } : inner;
  }

  private primaryType(): A.TypeExpr {
    const start = this.startOf();
    const t = this.la(1)!;
    if (identifierTypes.has(t)) {
      let name = this.ident(this.next());
      let namespace: A.Ident | undefined;
      let refinement: A.Refinement | undefined;
      if (this.accept(T.Dot)) {
        namespace = name;
        name = this.ident(this.expectName());
      }
      if (this.accept(T.LParen)) {
        refinement = this.refinement();
        this.expect(T.RParen);
      }
      return { kind: "NamedType", name, start, end: this.endFrom(start), namespace, refinement };
    }
    switch (t) {
      case T.LBracket: {
        const n: A.ListType = { kind: "ListType", start, end: 0 };
        this.next();
        n.element = this.type();
        this.expect(T.RBracket);
        return this.finish(n);
      }
      case T.LCurly: {
        const n = { kind: "RecordType", fields: noFields, start, end: 0 } as A.RecordType;
        this.next();
        const fields = (n.fields = this.separated(T.RCurly, [T.Newline, T.Comma], () => (isFieldStart(this.la(1)!) ? this.typeField() : undefined)));
        this.next();
        this.finish(n);
        // `{String: T}` is a map.
        const only = fields[0];
        if (fields.length === 1 && only && only.name.name === "String" && !only.name.quoted && !only.default) {
          const m: A.MapType = { kind: "MapType", start: n.start, end: n.end };
          if (only.type) m.value = only.type;
          return m;
        }
        return n;
      }
      case T.LParen: {
        const n: A.ParenType = { kind: "ParenType", start, end: 0 };
        this.next();
        n.inner = this.type();
        this.expect(T.RParen);
        return this.finish(n);
      }
      case T.StringStart: {
        const s = this.string();
        return { kind: "LiteralType", value: this.b.plainString(s, "a literal type"), start: s.start, end: s.end } as A.LiteralType;
      }
      case T.IntLit: {
        const i = this.next();
        return { kind: "LiteralType", value: this.b.intValue(this.tok(i)), start: this.starts[i]!, end: this.ends[i]! } as A.LiteralType;
      }
      case T.True:
      case T.False: {
        const b = this.next();
        return { kind: "LiteralType", value: this.stream.image(b) === "true", start: this.starts[b]!, end: this.ends[b]! } as A.LiteralType;
      }
      default:
        throw giveUp;
    }
  }

  private refinement(): A.Refinement {
    const start = this.startOf();
    if (this.la(1) === T.RegexLit) {
      const t = this.next();
      return { kind: "Regex", pattern: this.b.regex(this.tok(t)), start: this.starts[t]!, end: this.ends[t]! } as A.RegexRefinement;
    }
    const n: A.RangeRefinement = { kind: "Range", start, end: 0 };
    if (operandStarts.has(this.la(1)!)) n.min = this.arithChain();
    this.expect(T.DotDot);
    if (operandStarts.has(this.la(1)!)) n.max = this.arithChain();
    return this.finish(n);
  }

  private typeField(): A.RecordTypeField {
    const name = this.fieldKey();
    const n = this.withDoc({ kind: "RecordTypeField", name, start: name.start, end: 0 } as A.RecordTypeField);
    this.expect(T.Colon);
    n.type = this.type();
    if (this.accept(T.Eq)) n.default = this.expr();
    return this.finish(n);
  }

  // ───────────── expressions ─────────────

  private expr(): A.Expr {
    if (this.la(1) !== T.If) return this.chain(binaryOperators);
    const start = this.startOf();
    this.next();
    const condition = this.expr();
    this.expect(T.Then);
    const then = this.expr();
    this.expect(T.Else);
    const otherwise = this.expr();
    return { kind: "If", start, end: this.endFrom(start), condition, then, else: otherwise };
  }

  private arithChain(): A.Expr {
    return this.chain(arithmeticOperators);
  }

  /** A flat chain of operands and operators; the builder applies precedence. */
  private chain(operators: ReadonlySet<TokenType>): A.Expr {
    const start = this.startOf();
    const first = this.operand();
    if (!operators.has(this.la(1)!)) return first;
    const operands: (A.Expr | undefined)[] = [first];
    const ops: TokenText[] = [];
    while (operators.has(this.la(1)!)) {
      ops.push(this.tok(this.next()));
      operands.push(this.operand());
    }
    return this.b.binary(operands, ops, { start, end: this.lastEnd });
  }

  /** Prefix operators, a primary value, then member, index, call and `with` suffixes. */
  private operand(): A.Expr {
    let prefixes: number[] | undefined;
    while (this.la(1) === T.Bang || this.la(1) === T.Minus) (prefixes ??= []).push(this.next());
    let e = this.primary();
    for (;;) {
      const t = this.la(1);
      const start = e.start;
      if (t === T.Dot) {
        this.next();
        const member = this.ident(this.expectName());
        e = { kind: "Member", object: e, start, end: this.endFrom(start), member };
      } else if (t === T.LBracket) {
        this.next();
        const index = this.expr();
        this.expect(T.RBracket);
        e = { kind: "Index", object: e, start, end: this.endFrom(start), index };
      } else if (t === T.LParen) {
        this.next();
        const args = this.separated(T.RParen, [T.Comma], () => this.arg());
        this.next();
        e = { kind: "Call", callee: e, args, start, end: this.endFrom(start), record: undefined };
      } else if (t === T.LCurly) {
        const record = this.record(false);
        e = { kind: "Call", callee: e, args: recordCallArgs, start, end: this.endFrom(start), record };
      } else if (t === T.With) {
        this.next();
        const update = this.record(false);
        e = { kind: "With", base: e, start, end: this.endFrom(start), update };
      } else break;
    }
    if (prefixes) {
      // Prefix operators bind looser than suffixes: `-x.y` is `-(x.y)`.
      for (let i = prefixes.length - 1; i >= 0; i--) {
        const p = prefixes[i]!;
        const ps = { start: this.starts[p]!, end: this.ends[p]! };
        // `-5`, `-2GiB`: a negative literal keeps its literal type.
        if (this.stream.image(p) === "-" && (e.kind === "Int" || e.kind === "Float" || e.kind === "Unit") && e.start === ps.end) {
          e = { ...e, value: -e.value, start: ps.start };
          continue;
        }
        e = { kind: "Unary", op: this.stream.image(p) as "!" | "-", operand: e, start: ps.start, end: e.end };
      }
    }
    return e;
  }

  private primary(): A.Expr {
    const t = this.pos;
    const type = this.la(1)!;
    if (identifierTypes.has(type)) {
      this.next();
      return { kind: "Name", name: this.stream.image(t), start: this.starts[t]!, end: this.ends[t]! } as A.NameExpr;
    }
    switch (type) {
      case T.StringStart:
        return this.string();
      case T.IntLit:
        this.next();
        return { kind: "Int", value: this.b.intValue(this.tok(t)), start: this.starts[t]!, end: this.ends[t]! } as A.IntExpr;
      case T.FloatLit:
        this.next();
        return { kind: "Float", value: Number(this.stream.image(t).replace(/_/g, "")), start: this.starts[t]!, end: this.ends[t]! } as A.FloatExpr;
      case T.UnitLit:
        this.next();
        return this.b.unitLiteral(this.tok(t), { start: this.starts[t]!, end: this.ends[t]! });
      case T.True:
      case T.False:
        this.next();
        return { kind: "Bool", value: this.stream.image(t) === "true", start: this.starts[t]!, end: this.ends[t]! } as A.BoolExpr;
      case T.None:
        this.next();
        return { kind: "None", start: this.starts[t]!, end: this.ends[t]! } as A.NoneExpr;
      case T.LParen: {
        const start = this.starts[t]!;
        this.next();
        const inner = this.expr();
        this.expect(T.RParen);
        return { kind: "Paren", start, end: this.endFrom(start), inner };
      }
      case T.LBracket:
        return this.list();
      case T.LCurly:
        // `{for x in xs: k = v}` builds a map; `{for = 1}` is a record with a field named `for`.
        if (this.la(2) === T.For && identifierTypes.has(this.la(3)!)) return this.mapFor();
        return this.record(false);
      case T.Place:
        // `place { … }` as a value: `x with { place = place { on … } }`.
        return this.placeBlock();
      default:
        throw giveUp;
    }
  }

  private arg(): A.Arg {
    const start = this.startOf();
    let name: A.Ident | undefined;
    if (nameTypes.has(this.la(1)!) && this.la(2) === T.Eq) {
      name = this.ident(this.next());
      this.next();
    }
    const value = this.expr();
    return { kind: "Arg", start, end: this.endFrom(start), name, value };
  }

  private list(): A.Expr {
    const start = this.startOf();
    this.next();
    if (this.la(1) === T.For) {
      const n: A.ForExpr = { kind: "For", start, end: 0 };
      this.comprehensionHead(n);
      n.body = this.expr();
      this.expect(T.RBracket);
      return this.finish(n);
    }
    const n: A.ListExpr = { kind: "List", items: noItems, start, end: 0 };
    n.items = this.separated(T.RBracket, [T.Comma], () => this.expr());
    this.next();
    return this.finish(n);
  }

  private string(): A.StringExpr {
    const open = this.expect(T.StringStart);
    // `"`, `"""`, `nix"` or `nix"""`: told apart by length.
    const length = this.ends[open]! - this.starts[open]!;
    const nix = length === 4 || length === 6;
    const triple = length === 3 || length === 6;
    const parts: (A.StringTextPart | A.InterpPart)[] = [];
    const n: A.StringExpr = { kind: "String", nix, triple, parts, start: this.starts[open]!, end: 0 };
    for (;;) {
      const t = this.la(1);
      if (t === T.StringText) {
        const p = this.b.textPart(this.tok(this.next()), nix, triple);
        if (p) parts.push(p);
      } else if (t === T.InterpStart) {
        const start = this.startOf();
        this.next();
        const expr = this.expr();
        this.expect(T.InterpEnd);
        parts.push({ kind: "Interp", start, end: this.endFrom(start), expr });
      } else break;
    }
    n.parts = fit(parts);
    this.expect(T.StringEnd);
    this.finish(n);
    if (triple) this.b.trimTripleQuoted(n.parts, n);
    return n;
  }
}

/**
 * A list grown by `push` has room for 17 items, whatever it holds: the
 * trees keep hundreds of thousands of lists of one to three, so each is
 * kept as an exact copy (the grown one dies young).
 */
function fit<T>(items: T[]): T[] {
  return items.slice();
}

/** Placeholders until a node's list is parsed (never written to). */
const noFields: A.RecordTypeField[] = [];
const noItems: A.Expr[] = [];

function selBinary(op: "&&" | "||", left: A.Selector, right: A.Selector, opEnd: number): A.Selector {
  const b: A.SelBinary = { kind: "SelBinary", op, left, start: left.start, end: typeof right.end === "number" ? right.end : opEnd };
  b.right = right;
  return b;
}
