// CST → typed syntax tree. Defensive throughout: a node that error recovery
// left incomplete lowers to a node with the parts that exist (or to an
// `Error` node), never to an exception. Also decodes literals (escapes,
// units, numbers), attaches `///` doc comments, and reports the syntax
// problems the grammar itself cannot see (missing separators, chained
// comparisons).
import type { CstNode, IToken, CstElement } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import type * as A from "./ast.js";
import type { Comment } from "./scanner.js";
import type { Span } from "./source.js";
import { unitAliases, units } from "./units.js";

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).tokenType !== undefined;
}

function tokenSpan(t: IToken): Span | undefined {
  if (t.isInsertedInRecovery || Number.isNaN(t.startOffset)) return undefined;
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset - 1) + 1 };
}

interface DocGroup {
  span: Span;
  text: string;
  used: boolean;
}

export class Lowerer {
  readonly diagnostics: Diagnostic[] = [];
  /** Offsets of parse errors: a missing separator next to one is its echo. */
  errorOffsets: number[] = [];
  private readonly docAt = new Map<number, DocGroup>();
  private readonly docGroups: DocGroup[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    comments: readonly Comment[],
  ) {
    this.collectDocs(comments);
  }

  // ───────────── helpers ─────────────

  private collectDocs(comments: readonly Comment[]): void {
    let group: DocGroup | undefined;
    let lastEnd = -1;
    for (const c of comments) {
      if (c.kind !== "doc" || !c.ownLine) {
        group = undefined;
        continue;
      }
      const between = lastEnd >= 0 ? this.text.slice(lastEnd, c.start) : "";
      if (group && /^[ \t\r]*\n[ \t\r]*$/.test(between)) {
        group.span.end = c.end;
        group.text += "\n" + stripOneSpace(c.text);
      } else {
        group = { span: { start: c.start, end: c.end }, text: stripOneSpace(c.text), used: false };
        this.docGroups.push(group);
      }
      lastEnd = c.end;
    }
    for (const g of this.docGroups) {
      let k = g.span.end;
      while (k < this.text.length && /\s/.test(this.text[k]!)) k++;
      this.docAt.set(k, g);
    }
  }

  private docFor(start: number): A.DocComment | undefined {
    const g = this.docAt.get(start);
    if (!g) return undefined;
    g.used = true;
    return { start: g.span.start, end: g.span.end, text: g.text };
  }

  reportUnusedDocs(): void {
    for (const g of this.docGroups) {
      if (!g.used) {
        this.diagnostics.push(
          diagnostic("H0113", this.file, g.span, "this doc comment documents nothing: `///` must stand directly above a declaration or field; use `//` for other comments"),
        );
      }
    }
  }

  private error(span: Span, message: string): void {
    this.diagnostics.push(diagnostic("H0110", this.file, span, message));
  }

  private spanOf(e: CstElement | undefined, fallback: Span): Span {
    if (!e) return fallback;
    if (isToken(e)) return tokenSpan(e) ?? fallback;
    const loc = e.location;
    if (loc && !Number.isNaN(loc.startOffset) && loc.endOffset !== undefined && !Number.isNaN(loc.endOffset)) {
      return { start: loc.startOffset, end: loc.endOffset + 1 };
    }
    // Recovered node: compute from whatever children exist.
    let start = Infinity;
    let end = -Infinity;
    for (const list of Object.values(e.children)) {
      for (const c of list ?? []) {
        const s = this.spanOf(c, { start: Infinity, end: -Infinity });
        if (s.start < start) start = s.start;
        if (s.end > end) end = s.end;
      }
    }
    return start === Infinity ? fallback : { start, end };
  }

  private node(e: CstElement | undefined): CstNode | undefined {
    return e && !isToken(e) ? e : undefined;
  }

  private tok(ch: Children, key: string, i = 0): IToken | undefined {
    const e = ch[key]?.[i];
    return e && isToken(e) && !e.isInsertedInRecovery && !Number.isNaN(e.startOffset) ? e : undefined;
  }

  private sub(ch: Children, key: string, i = 0): CstNode | undefined {
    return this.node(ch[key]?.[i]);
  }

  private ident(t: IToken | undefined): A.Ident | undefined {
    const s = t && tokenSpan(t);
    return s ? { kind: "Ident", name: t!.image, ...s } : undefined;
  }

  /** Items must be separated by a separator token; report adjacent ones. */
  private checkSeparated(items: Span[], separators: IToken[], what: string, sepText: string): void {
    if (items.length < 2) return;
    const seps = separators.map((t) => t.startOffset).filter((o) => !Number.isNaN(o)).sort((a, b) => a - b);
    let k = 0;
    for (let i = 1; i < items.length; i++) {
      const prevEnd = items[i - 1]!.end;
      const start = items[i]!.start;
      while (k < seps.length && seps[k]! < prevEnd) k++;
      const nearError = this.errorOffsets.some((o) => o >= items[i - 1]!.start && o <= items[i]!.end);
      if (!(k < seps.length && seps[k]! < start) && !nearError) {
        this.diagnostics.push(
          diagnostic("H0111", this.file, { start: prevEnd, end: start }, `expected ${sepText} between ${what}`, {
            fix: { message: `insert ${sepText === "`,`" ? "`,`" : "a line break"}`, edits: [{ span: { start: prevEnd, end: prevEnd }, newText: sepText === "`,`" ? "," : "\n" }] },
          }),
        );
      }
    }
  }

  private tokensOf(ch: Children, ...keys: string[]): IToken[] {
    const out: IToken[] = [];
    for (const k of keys) for (const e of ch[k] ?? []) if (isToken(e)) out.push(e);
    return out;
  }

  // ───────────── file and declarations ─────────────

  lowerFile(cst: CstNode): A.SourceFileNode {
    const decls: A.Decl[] = [];
    for (const d of cst.children["decl"] ?? []) {
      const decl = this.decl(this.node(d));
      if (decl) decls.push(decl);
    }
    this.checkSeparated(decls, this.tokensOf(cst.children, "Newline"), "declarations", "a line break");
    return { kind: "File", decls, start: 0, end: this.text.length };
  }

  private decl(cst: CstNode | undefined): A.Decl | undefined {
    if (!cst) return undefined;
    const [key, list] = Object.entries(cst.children).find(([, v]) => v && v.length > 0) ?? [];
    const inner = this.node(list?.[0]);
    if (!key || !inner) return undefined;
    const span = this.spanOf(inner, this.spanOf(cst, { start: 0, end: 0 }));
    const ch = inner.children;
    const doc = this.docFor(span.start);
    const withDoc = <D extends A.Decl>(d: D): D => (doc ? { ...d, doc } : d);
    switch (key) {
      case "importDecl": {
        const pathNode = this.sub(ch, "path");
        const d: A.ImportDecl = { kind: "ImportDecl", ...span };
        if (pathNode) d.path = this.string(pathNode);
        const alias = this.ident(this.tok(ch, "alias"));
        if (alias) d.alias = alias;
        if (ch["LCurly"]) {
          d.names = [];
          for (const n of ch["importName"] ?? []) {
            const nn = this.node(n);
            if (!nn) continue;
            const name = this.ident(this.tok(nn.children, "name"));
            if (!name) continue;
            const item: A.ImportName = { kind: "ImportName", name, ...this.spanOf(nn, name) };
            const a = this.ident(this.tok(nn.children, "alias"));
            if (a) item.alias = a;
            d.names.push(item);
          }
          this.checkSeparated(d.names, this.tokensOf(ch, "Comma", "Newline"), "imported names", "`,`");
        }
        return withDoc(d);
      }
      case "baseDecl": {
        const kw = tokenSpan(this.tok(ch, "KwBase")!) ?? span;
        const d: A.BaseDecl = { kind: "BaseDecl", keyword: kw, ...span };
        const body = this.sub(ch, "body");
        if (body) d.body = this.record(body, true);
        return withDoc(d);
      }
      case "poolDecl":
      case "nodeDecl": {
        const name = this.ident(this.tok(ch, "name"));
        const bodyNode = this.sub(ch, "body");
        const body = bodyNode ? this.record(bodyNode, true) : undefined;
        const d = { kind: key === "poolDecl" ? "PoolDecl" : "NodeDecl", ...span } as A.PoolDecl | A.NodeDecl;
        if (name) d.name = name;
        if (body) d.body = body;
        return withDoc(d);
      }
      case "serviceDecl": {
        const d: A.ServiceDecl = { kind: "ServiceDecl", ...span };
        const name = this.ident(this.tok(ch, "name"));
        if (name) d.name = name;
        const body = this.sub(ch, "body");
        if (body) {
          const rec = this.sub(body.children, "record");
          const val = this.sub(body.children, "value");
          if (rec) d.value = this.record(rec, true);
          else if (val) d.value = this.expr(val);
          else if (body.children["Eq"]) d.value = this.errorExpr(this.spanOf(body, span));
        }
        return withDoc(d);
      }
      case "letDecl": {
        const d: A.LetDecl = { kind: "LetDecl", ...span };
        const name = this.ident(this.tok(ch, "name"));
        if (name) d.name = name;
        const t = this.sub(ch, "type");
        if (t) d.type = this.type(t);
        const v = this.sub(ch, "value");
        d.value = v ? this.expr(v) : this.errorExpr({ start: span.end, end: span.end });
        return withDoc(d);
      }
      case "typeDecl": {
        const d: A.TypeDecl = { kind: "TypeDecl", ...span };
        const name = this.ident(this.tok(ch, "name"));
        if (name) d.name = name;
        const t = this.sub(ch, "type");
        if (t) d.type = this.type(t);
        return withDoc(d);
      }
      case "fnDecl": {
        const d: A.FnDecl = { kind: "FnDecl", params: [], ...span };
        const name = this.ident(this.tok(ch, "name"));
        if (name) d.name = name;
        for (const p of ch["param"] ?? []) {
          const pn = this.node(p);
          if (!pn) continue;
          const pname = this.ident(this.tok(pn.children, "name"));
          if (!pname) continue;
          const param: A.Param = { kind: "Param", name: pname, ...this.spanOf(pn, pname) };
          const t = this.sub(pn.children, "type");
          if (t) param.type = this.type(t);
          const def = this.sub(pn.children, "default");
          if (def) param.default = this.expr(def);
          d.params.push(param);
        }
        this.checkSeparated(d.params, this.tokensOf(ch, "Comma"), "parameters", "`,`");
        const rt = this.sub(ch, "returnType");
        if (rt) d.returnType = this.type(rt);
        const body = this.sub(ch, "body");
        if (body) d.body = this.expr(body);
        return withDoc(d);
      }
      case "policyDecl": {
        const kw = tokenSpan(this.tok(ch, "KwPolicy")!) ?? span;
        const items: (A.Field | A.SurviveRule)[] = [];
        for (const e of [...(ch["surviveRule"] ?? []), ...(ch["field"] ?? [])]) {
          const n = this.node(e);
          if (!n) continue;
          if (n.name === "surviveRule") {
            const rule: A.SurviveRule = { kind: "SurviveRule", ...this.spanOf(n, span) };
            const c = this.sub(n.children, "count");
            if (c) rule.count = this.expr(c);
            items.push(rule);
          } else {
            const f = this.field(n);
            if (f) items.push(f);
          }
        }
        items.sort((a, b) => a.start - b.start);
        this.checkSeparated(items, this.tokensOf(ch, "Comma", "Newline"), "policy rules", "a line break");
        return withDoc({ kind: "PolicyDecl", keyword: kw, items, ...span });
      }
    }
    return undefined;
  }

  // ───────────── records ─────────────

  record(cst: CstNode, block: boolean): A.RecordExpr {
    const span = this.spanOf(cst, { start: 0, end: 0 });
    const fields: A.Field[] = [];
    for (const f of cst.children["field"] ?? []) {
      const n = this.node(f);
      const field = n && this.field(n);
      if (field) fields.push(field);
    }
    this.checkSeparated(fields, this.tokensOf(cst.children, "Comma", "Newline"), "fields", "a line break or `,`");
    return { kind: "Record", fields, block, ...span };
  }

  private field(cst: CstNode): A.Field | undefined {
    const ch = cst.children;
    const span = this.spanOf(cst, { start: 0, end: 0 });
    const place = this.sub(ch, "placeBlock");
    if (place) {
      const kwTok = this.tok(place.children, "KwPlace");
      const kw = kwTok ? tokenSpan(kwTok)! : span;
      const rules: A.PlaceRule[] = [];
      for (const r of place.children["rule"] ?? []) {
        const rn = this.node(r);
        const rule = rn && this.rule(rn);
        if (rule) rules.push(rule);
      }
      for (const u of place.children["unknownRule"] ?? []) {
        const word = this.tok(this.node(u)?.children ?? {}, "word");
        if (!word) continue;
        const meant = closest(word.image, ["on", "prefer", "spread", "max", "avoid", "near"]);
        const ws = tokenSpan(word)!;
        this.diagnostics.push(
          diagnostic("H0110", this.file, ws, `\`${word.image}\` is not a placement rule${meant ? `; did you mean \`${meant}\`?` : ": rules are `on`, `prefer`, `spread by`, `max … per node`, `avoid` and `near`"}`, meant ? { fix: { message: `write \`${meant}\``, edits: [{ span: ws, newText: meant }] } } : {}),
        );
      }
      this.checkSeparated(rules, this.tokensOf(place.children, "Comma", "Newline"), "placement rules", "a line break");
      const value: A.PlaceExpr = { kind: "Place", rules, ...this.spanOf(place, span) };
      const f: A.Field = { kind: "Field", path: [{ kind: "FieldKey", name: "place", quoted: false, ...kw }], value, ...span };
      const doc = this.docFor(span.start);
      if (doc) f.doc = doc;
      return f;
    }
    const path: A.FieldKey[] = [];
    for (const k of ch["key"] ?? []) {
      const key = this.fieldKey(this.node(k));
      if (key) path.push(key);
    }
    if (path.length === 0) return undefined;
    const f: A.Field = { kind: "Field", path, ...span };
    const rec = this.sub(ch, "record");
    const val = this.sub(ch, "value");
    if (rec) f.value = this.record(rec, false);
    else if (val) f.value = this.expr(val);
    else f.value = this.errorExpr({ start: span.end, end: span.end });
    const doc = this.docFor(span.start);
    if (doc) f.doc = doc;
    return f;
  }

  private fieldKey(cst: CstNode | undefined): A.FieldKey | undefined {
    if (!cst) return undefined;
    const t = this.tok(cst.children, "Name");
    if (t) return { kind: "FieldKey", name: t.image, quoted: false, ...tokenSpan(t)! };
    const s = this.sub(cst.children, "string");
    if (!s) return undefined;
    const str = this.string(s);
    return { kind: "FieldKey", name: this.plainString(str, "a field name"), quoted: true, start: str.start, end: str.end };
  }

  /** The text of a string that must not interpolate (keys, import paths). */
  plainString(str: A.StringExpr, what: string): string {
    let out = "";
    for (const p of str.parts) {
      if (p.kind === "Text") out += p.value;
      else this.error(p, `${what} cannot contain \`\${…}\``);
    }
    return out;
  }

  // ───────────── placement ─────────────

  private rule(cst: CstNode): A.PlaceRule | undefined {
    const ch = cst.children;
    const span = this.spanOf(cst, { start: 0, end: 0 });
    if (ch["KwOn"]) {
      const r: A.OnRule = { kind: "OnRule", ...span };
      const s = this.sub(ch, "onSelector");
      if (s) r.selector = this.selector(s);
      return r;
    }
    if (ch["KwPrefer"]) {
      const r: A.PreferRule = { kind: "PreferRule", ...span };
      const s = this.sub(ch, "preferSelector");
      if (s) r.selector = this.selector(s);
      const w = this.sub(ch, "weight");
      if (w) r.weight = this.expr(w);
      return r;
    }
    if (ch["KwSpread"]) {
      const r: A.SpreadRule = { kind: "SpreadRule", ...span };
      const l = this.labelKey(this.sub(ch, "spreadLabel"));
      if (l) r.label = l;
      const s = this.sub(ch, "skew");
      if (s) r.skew = this.expr(s);
      return r;
    }
    if (ch["KwMax"]) {
      const r: A.MaxPerNodeRule = { kind: "MaxPerNodeRule", ...span };
      const c = this.sub(ch, "max");
      if (c) r.count = this.expr(c);
      return r;
    }
    if (ch["KwAvoid"] || ch["KwNear"]) {
      const t = this.tok(ch, ch["KwAvoid"] ? "avoid" : "near");
      const r = { kind: ch["KwAvoid"] ? "AvoidRule" : "NearRule", ...span } as A.AvoidRule | A.NearRule;
      if (t) r.service = { kind: "Name", name: t.image, ...tokenSpan(t)! };
      return r;
    }
    return undefined;
  }

  private labelKey(cst: CstNode | undefined): A.LabelKey | undefined {
    const k = this.fieldKey(cst);
    return k ? { kind: "LabelKey", name: k.name, quoted: k.quoted, start: k.start, end: k.end } : undefined;
  }

  private selector(cst: CstNode): A.Selector | undefined {
    const ch = cst.children;
    if (cst.name === "selector" || cst.name === "selAnd") {
      const ops = this.tokensOf(ch, "op");
      const operands = (ch["operand"] ?? []).map((o) => this.node(o)).filter((o): o is CstNode => !!o);
      let left = operands[0] && this.selector(operands[0]);
      if (!left) return undefined;
      for (let i = 1; i < operands.length; i++) {
        const right = this.selector(operands[i]!);
        const b: A.SelBinary = {
          kind: "SelBinary",
          op: cst.name === "selector" ? "||" : "&&",
          left,
          start: left.start,
          end: right ? right.end : (tokenSpan(ops[i - 1]!)?.end ?? left.end),
        };
        if (right) b.right = right;
        left = b;
      }
      return left;
    }
    // selAtom
    const span = this.spanOf(cst, { start: 0, end: 0 });
    if (ch["KwBang"] || ch["Bang"]) {
      const n: A.SelNot = { kind: "SelNot", ...span };
      const inner = this.sub(ch, "negated");
      const s = inner && this.selector(inner);
      if (s) n.operand = s;
      return n;
    }
    if (ch["inner"]) {
      const p: A.SelParen = { kind: "SelParen", ...span };
      const inner = this.sub(ch, "inner");
      const s = inner && this.selector(inner);
      if (s) p.inner = s;
      return p;
    }
    const label = this.labelKey(this.sub(ch, "label"));
    if (!label) return undefined;
    const cmp = this.tok(ch, "cmp");
    if (cmp) {
      const c: A.SelCompare = { kind: "SelCompare", label, op: cmp.image as "==" | "!=", ...span };
      const v = this.sub(ch, "value");
      if (v) c.value = this.expr(v);
      return c;
    }
    if (ch["KwIn"]) {
      const c: A.SelIn = { kind: "SelIn", label, ...span };
      const v = this.sub(ch, "values");
      if (v) c.values = this.expr(v);
      return c;
    }
    return { kind: "SelHas", label, ...span };
  }

  // ───────────── types ─────────────

  type(cst: CstNode): A.TypeExpr {
    const span = this.spanOf(cst, { start: 0, end: 0 });
    const members = (cst.children["member"] ?? []).map((m) => this.node(m)).filter((m): m is CstNode => !!m).map((m) => this.optionalType(m));
    if (members.length === 0) return { kind: "ErrorType", ...span };
    if (members.length === 1 && !cst.children["leading"]) return members[0]!;
    return { kind: "UnionType", members, ...span };
  }

  private optionalType(cst: CstNode): A.TypeExpr {
    const span = this.spanOf(cst, { start: 0, end: 0 });
    const innerNode = this.sub(cst.children, "inner");
    const inner = innerNode ? this.primaryType(innerNode) : ({ kind: "ErrorType", ...span } as A.ErrorType);
    return cst.children["Question"] ? { kind: "OptionalType", inner, ...span } : inner;
  }

  private primaryType(cst: CstNode): A.TypeExpr {
    const ch = cst.children;
    const span = this.spanOf(cst, { start: 0, end: 0 });
    const nameTok = this.tok(ch, "name");
    if (nameTok) {
      const first = this.ident(nameTok)!;
      const member = this.ident(this.tok(ch, "member"));
      const t: A.NamedType = member
        ? { kind: "NamedType", namespace: first, name: member, ...span }
        : { kind: "NamedType", name: first, ...span };
      const r = this.sub(ch, "refinement");
      if (r) {
        const rs = this.spanOf(r, span);
        const re = this.tok(r.children, "RegexLit");
        if (re) {
          t.refinement = { kind: "Regex", pattern: decodeRegex(re.image), ...rs };
          this.checkRegex(re);
        } else {
          const range: A.RangeRefinement = { kind: "Range", ...rs };
          const min = this.sub(r.children, "min");
          const max = this.sub(r.children, "max");
          if (min) range.min = this.expr(min);
          if (max) range.max = this.expr(max);
          t.refinement = range;
        }
      }
      return t;
    }
    if (ch["LBracket"]) {
      const t: A.ListType = { kind: "ListType", ...span };
      const e = this.sub(ch, "element");
      if (e) t.element = this.type(e);
      return t;
    }
    if (ch["LCurly"]) {
      const fields: A.RecordTypeField[] = [];
      for (const f of ch["typeField"] ?? []) {
        const fn = this.node(f);
        if (!fn) continue;
        const key = this.fieldKey(this.sub(fn.children, "key"));
        if (!key) continue;
        const field: A.RecordTypeField = { kind: "RecordTypeField", name: key, ...this.spanOf(fn, key) };
        const t = this.sub(fn.children, "type");
        if (t) field.type = this.type(t);
        const d = this.sub(fn.children, "default");
        if (d) field.default = this.expr(d);
        const doc = this.docFor(field.start);
        if (doc) field.doc = doc;
        fields.push(field);
      }
      this.checkSeparated(fields, this.tokensOf(ch, "Comma", "Newline"), "fields", "a line break or `,`");
      const only = fields[0];
      if (fields.length === 1 && only && only.name.name === "String" && !only.name.quoted && !only.default) {
        const m: A.MapType = { kind: "MapType", ...span };
        if (only.type) m.value = only.type;
        return m;
      }
      return { kind: "RecordType", fields, ...span };
    }
    if (ch["parenOpen"]) {
      const t: A.ParenType = { kind: "ParenType", ...span };
      const inner = this.sub(ch, "inner");
      if (inner) t.inner = this.type(inner);
      return t;
    }
    const lit = ch["literal"]?.[0];
    if (lit) {
      if (isToken(lit)) {
        const v = lit.image === "true" ? true : lit.image === "false" ? false : this.intValue(lit);
        return { kind: "LiteralType", value: v, ...span };
      }
      const s = this.string(lit);
      return { kind: "LiteralType", value: this.plainString(s, "a literal type"), ...span };
    }
    return { kind: "ErrorType", ...span };
  }

  private checkRegex(t: IToken): void {
    try {
      new RegExp(decodeRegex(t.image), "u");
    } catch (e) {
      this.diagnostics.push(diagnostic("H0105", this.file, tokenSpan(t)!, `invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`));
    }
  }

  // ───────────── expressions ─────────────

  private errorExpr(span: Span): A.ErrorExpr {
    return { kind: "Error", ...span };
  }

  expr(cst: CstNode): A.Expr {
    const ch = cst.children;
    const span = this.spanOf(cst, { start: 0, end: 0 });
    switch (cst.name) {
      case "expr": {
        if (ch["KwIf"]) {
          const e: A.IfExpr = { kind: "If", ...span };
          const c = this.sub(ch, "condition");
          const t = this.sub(ch, "then");
          const f = this.sub(ch, "else");
          if (c) e.condition = this.expr(c);
          if (t) e.then = this.expr(t);
          if (f) e.else = this.expr(f);
          return e;
        }
        const inner = this.sub(ch, "inner");
        return inner ? this.expr(inner) : this.errorExpr(span);
      }
      case "coalesceExpr":
      case "orExpr":
      case "andExpr":
      case "eqExpr":
      case "relExpr":
      case "addExpr":
      case "mulExpr":
        return this.binary(cst, span);
      case "unaryExpr": {
        const op = this.tok(ch, "op");
        if (op) {
          const e: A.UnaryExpr = { kind: "Unary", op: op.image as "!" | "-", ...span };
          const o = this.sub(ch, "operand");
          if (o) e.operand = this.expr(o);
          // Fold `-5`, `-2GiB` into literals so that literal types stay exact.
          if (op.image === "-" && e.operand && (e.operand.kind === "Int" || e.operand.kind === "Float" || e.operand.kind === "Unit")) {
            return { ...e.operand, value: -e.operand.value, start: span.start, end: span.end };
          }
          return e;
        }
        const p = this.sub(ch, "postfix");
        return p ? this.expr(p) : this.errorExpr(span);
      }
      case "postfixExpr":
        return this.postfix(cst, span);
      case "primary":
        return this.primary(cst, span);
    }
    return this.errorExpr(span);
  }

  private binary(cst: CstNode, span: Span): A.Expr {
    const ch = cst.children;
    const operands = (ch["operand"] ?? []).map((o) => this.node(o)).filter((o): o is CstNode => !!o);
    const ops = this.tokensOf(ch, "op");
    if (operands.length === 0) return this.errorExpr(span);
    let left = this.expr(operands[0]!);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const opSpan = tokenSpan(op) ?? { start: left.end, end: left.end };
      const rightNode = operands[i + 1];
      const right = rightNode ? this.expr(rightNode) : undefined;
      if (i > 0 && (cst.name === "eqExpr" || cst.name === "relExpr")) {
        this.error(opSpan, `comparisons cannot be chained: write \`a ${ops[0]!.image} b && b ${op.image} c\``);
      }
      const b: A.BinaryExpr = { kind: "Binary", op: op.image as A.BinaryOp, opSpan, left, start: left.start, end: right ? right.end : opSpan.end };
      if (right) b.right = right;
      left = b;
    }
    return left;
  }

  private postfix(cst: CstNode, span: Span): A.Expr {
    const ch = cst.children;
    const p = this.sub(ch, "primary");
    let e: A.Expr = p ? this.expr(p) : this.errorExpr(span);
    for (const s of ch["suffix"] ?? []) {
      const sn = this.node(s);
      if (!sn) continue;
      const ss = this.spanOf(sn, { start: e.end, end: e.end });
      const end = Math.max(ss.end, e.end);
      switch (sn.name) {
        case "memberSuffix": {
          const m: A.MemberExpr = { kind: "Member", object: e, start: e.start, end };
          const id = this.ident(this.tok(sn.children, "member"));
          if (id) m.member = id;
          e = m;
          break;
        }
        case "indexSuffix": {
          const x: A.IndexExpr = { kind: "Index", object: e, start: e.start, end };
          const i = this.sub(sn.children, "index");
          if (i) x.index = this.expr(i);
          e = x;
          break;
        }
        case "callSuffix": {
          const args: A.Arg[] = [];
          for (const a of sn.children["arg"] ?? []) {
            const an = this.node(a);
            if (!an) continue;
            const as = this.spanOf(an, ss);
            const arg: A.Arg = { kind: "Arg", ...as };
            const name = this.ident(this.tok(an.children, "name"));
            if (name) arg.name = name;
            const v = this.sub(an.children, "value");
            if (v) arg.value = this.expr(v);
            args.push(arg);
          }
          this.checkSeparated(args, this.tokensOf(sn.children, "Comma"), "arguments", "`,`");
          e = { kind: "Call", callee: e, args, start: e.start, end };
          break;
        }
        case "recordCallSuffix": {
          const r = this.sub(sn.children, "record");
          const record = r ? this.record(r, false) : ({ kind: "Record", fields: [], block: false, ...ss } as A.RecordExpr);
          const args: A.Arg[] = record.fields.map((f) => {
            const first = f.path[0]!;
            const arg: A.Arg = { kind: "Arg", name: { kind: "Ident", name: first.name, start: first.start, end: first.end }, start: f.start, end: f.end };
            if (f.value) arg.value = f.value;
            return arg;
          });
          e = { kind: "Call", callee: e, args, record, start: e.start, end };
          break;
        }
        case "withSuffix": {
          const w: A.WithExpr = { kind: "With", base: e, start: e.start, end };
          const r = this.sub(sn.children, "record");
          if (r) w.update = this.record(r, false);
          e = w;
          break;
        }
      }
    }
    return e;
  }

  private primary(cst: CstNode, span: Span): A.Expr {
    const ch = cst.children;
    const lit = this.tok(ch, "literal");
    if (lit) {
      switch (lit.tokenType.name) {
        case "IntLit":
          return { kind: "Int", value: this.intValue(lit), ...span };
        case "FloatLit":
          return { kind: "Float", value: Number(lit.image.replace(/_/g, "")), ...span };
        case "UnitLit":
          return this.unitLiteral(lit, span);
        case "KwTrue":
          return { kind: "Bool", value: true, ...span };
        case "KwFalse":
          return { kind: "Bool", value: false, ...span };
        case "KwNone":
          return { kind: "None", ...span };
      }
    }
    const s = this.sub(ch, "string");
    if (s) return this.string(s);
    const name = this.tok(ch, "name");
    if (name) return { kind: "Name", name: name.image, ...span };
    if (ch["paren"] || ch["LParen"]) {
      const e: A.ParenExpr = { kind: "Paren", ...span };
      const inner = this.sub(ch, "paren");
      if (inner) e.inner = this.expr(inner);
      return e;
    }
    const l = this.sub(ch, "list");
    if (l) return this.list(l);
    const r = this.sub(ch, "record");
    if (r) return this.record(r, false);
    return this.errorExpr(span);
  }

  private list(cst: CstNode): A.Expr {
    const ch = cst.children;
    const span = this.spanOf(cst, { start: 0, end: 0 });
    const f = this.sub(ch, "for");
    if (f) {
      const fc = f.children;
      const e: A.ForExpr = { kind: "For", ...span };
      const first = this.ident(this.tok(fc, "first"));
      const second = this.ident(this.tok(fc, "second"));
      if (first) e.first = first;
      if (second) e.second = second;
      const it = this.sub(fc, "iterable");
      const cond = this.sub(fc, "condition");
      const body = this.sub(fc, "body");
      if (it) e.iterable = this.expr(it);
      if (cond) e.condition = this.expr(cond);
      if (body) e.body = this.expr(body);
      return e;
    }
    const items = (ch["item"] ?? []).map((i) => this.node(i)).filter((i): i is CstNode => !!i).map((i) => this.expr(i));
    this.checkSeparated(items, this.tokensOf(ch, "Comma"), "list items", "`,`");
    return { kind: "List", items, ...span };
  }

  private intValue(t: IToken): number {
    const v = Number(t.image.replace(/_/g, ""));
    if (!Number.isSafeInteger(v)) {
      this.diagnostics.push(diagnostic("H0105", this.file, tokenSpan(t)!, `\`${t.image}\` is too large: integers must be below 2^53`));
      return 0;
    }
    return v;
  }

  private unitLiteral(t: IToken, span: Span): A.UnitExpr {
    const m = /^([0-9_]+(?:\.[0-9_]+)?)([A-Za-z].*)$/.exec(t.image);
    const num = m ? Number(m[1]!.replace(/_/g, "")) : 0;
    const unit = m ? m[2]! : "";
    const unitStart = span.start + (m ? m[1]!.length : 0);
    const unitSpan = { start: unitStart, end: span.end };
    const info = units.get(unit);
    if (!info && /^[A-Za-z]+$/.test(unit)) {
      const meant = unitAliases.get(unit) ?? closest(unit, units.keys());
      this.diagnostics.push(
        diagnostic("H0104", this.file, unitSpan, `unknown unit \`${unit}\`${meant ? `; did you mean \`${meant}\`?` : ""}`, {
          fix: meant
            ? { message: `write \`${m![1]}${meant}\``, edits: [{ span: unitSpan, newText: meant }] }
            : { message: "units are B, KB, MB, GB, TB, KiB, MiB, GiB, TiB (bytes); m (millicores); ms, s, min, h, d (time)", edits: [] },
        }),
      );
    } else if (info && !Number.isInteger(num * info.scale)) {
      const base = info.dimension === "Bytes" ? "byte" : info.dimension === "Cpu" ? "millicore" : "millisecond";
      this.diagnostics.push(diagnostic("H0105", this.file, span, `\`${t.image}\` is not a whole number of ${base}s`));
    }
    return { kind: "Unit", value: num, unit, unitSpan, ...span };
  }

  string(cst: CstNode): A.StringExpr {
    const ch = cst.children;
    const span = this.spanOf(cst, { start: 0, end: 0 });
    const start = this.tok(ch, "StringStart");
    const open = start?.image ?? '"';
    const nix = open.startsWith("nix");
    const triple = open.endsWith('"""');
    const parts: (A.StringTextPart | A.InterpPart)[] = [];
    for (const p of ch["part"] ?? []) {
      if (isToken(p)) {
        const ps = tokenSpan(p);
        if (!ps) continue;
        parts.push({ kind: "Text", value: nix ? decodeNix(p.image, triple) : decodeEscapes(p.image), ...ps });
      } else {
        const ps = this.spanOf(p, span);
        const ip: A.InterpPart = { kind: "Interp", ...ps };
        const e = this.sub(p.children, "expr");
        if (e) ip.expr = this.expr(e);
        parts.push(ip);
      }
    }
    if (triple) trimTripleQuoted(parts, this.text, span);
    return { kind: "String", nix, triple, parts, ...span };
  }
}

function stripOneSpace(s: string): string {
  return s.startsWith(" ") ? s.slice(1) : s;
}

function decodeRegex(image: string): string {
  return image.slice(1, image.endsWith("/") && image.length > 1 ? -1 : undefined).replace(/\\\//g, "/");
}

const simpleEscapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\", $: "$" };

export function decodeEscapes(raw: string): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = raw[i + 1];
    if (next === "u" && raw[i + 2] === "{") {
      const close = raw.indexOf("}", i + 3);
      const cp = close > 0 ? parseInt(raw.slice(i + 3, close), 16) : NaN;
      if (!Number.isNaN(cp) && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i = close;
        continue;
      }
    }
    if (next !== undefined && next in simpleEscapes) {
      out += simpleEscapes[next];
      i++;
      continue;
    }
    out += next ?? "";
    i++;
  }
  return out;
}

function decodeNix(raw: string, triple: boolean): string {
  if (triple) return raw;
  return raw.replace(/\\(["\\])/g, "$1");
}

/** `"""` strings: drop the line break after the opening quotes and the
 * indentation of the closing quotes from every line (as Swift does). */
function trimTripleQuoted(parts: (A.StringTextPart | A.InterpPart)[], text: string, span: Span): void {
  // The indentation of the closing `"""`, if it stands on its own line.
  const closeAt = text.lastIndexOf('"""', span.end);
  let k = closeAt - 1;
  while (k >= 0 && (text[k] === " " || text[k] === "\t")) k--;
  const closingOwnLine = k >= 0 && text[k] === "\n";
  const indent = closingOwnLine ? text.slice(k + 1, closeAt) : "";
  const first = parts[0];
  if (first?.kind === "Text") first.value = first.value.replace(/^[ \t]*\r?\n/, "");
  const last = parts[parts.length - 1];
  if (closingOwnLine && last?.kind === "Text") last.value = last.value.replace(/\r?\n[ \t]*$/, "");
  if (indent.length === 0) return;
  let atLineStart = true;
  for (const p of parts) {
    if (p.kind !== "Text") {
      atLineStart = false;
      continue;
    }
    const lines = p.value.split("\n");
    p.value = lines
      .map((l, i) => ((i > 0 || atLineStart) && l.startsWith(indent) ? l.slice(indent.length) : l))
      .join("\n");
    atLineStart = p.value.endsWith("\n");
  }
}
