// `herd fmt`: one canonical layout. Two-space indentation; declarations
// separated by a blank line; one field, rule or item per line in blocks, with
// `=` and trailing comments aligned in runs of one-line fields (as gofmt
// does); records, lists and calls written on one line stay on one line when
// they fit in 100 columns. Literals are kept exactly as written, and so is
// every comment (see comments.ts). Idempotent: formatting formatted text
// changes nothing. Line endings are the file's: LF, or CRLF when its first
// line ends so. A file with syntax errors is not formatted.
import type * as A from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import type { Comment } from "../syntax/scanner.js";
import { SourceText } from "../syntax/source.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { itemsOf, planComments, type CommentPlan } from "./comments.js";

const WIDTH = 100;
const IND = "  ";

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

export function format(text: string, file = ""): FormatResult {
  const r = parse(text, file);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const source = new SourceText(text);
  const printer = new Printer(text, source, planComments(r.tree, r.comments, source));
  const out = printer.file(r.tree);
  // A file written with Windows line endings (its first line ends in CRLF) keeps them.
  const firstBreak = text.indexOf("\n");
  return { ok: true, text: firstBreak > 0 && text[firstBreak - 1] === "\r" ? out.replace(/\r?\n/g, "\r\n") : out };
}

/** Precedence of binary operators, loosest first, for parenthesising nothing
 * (parentheses are kept as written) but deciding where long lines may break. */
class Printer {
  /** See `once`. */
  private readonly printed = new Map<A.Node, Map<number, string>>();

  constructor(
    private readonly text: string,
    private readonly source: SourceText,
    private readonly plan: CommentPlan,
  ) {}

  private src(n: { start: number; end: number }): string {
    return this.text.slice(n.start, n.end);
  }

  private line(offset: number): number {
    return this.source.positionAt(offset).line;
  }

  private multilineInSource(n: A.Node): boolean {
    return this.line(n.start) !== this.line(n.end);
  }

  /** Was there a blank line between two offsets in the source? */
  private blankBetween(a: number, b: number): boolean {
    return this.line(b) - this.line(a) > 1 && /\n[ \t\r]*\n/.test(this.text.slice(a, b));
  }

  private commentText(c: Comment): string {
    return trimLineEnds(this.text.slice(c.start, c.end));
  }

  private hasComments(n: A.Node): boolean {
    return this.plan.mustBreak.has(n);
  }

  // ───────────── blocks of items ─────────────

  /** Prints the items of a block, one per line, each with its comments.
   * `render` gives an item's text; `key` (for fields) enables `=` alignment. */
  private items<T extends A.Node>(container: A.Node, items: readonly T[], indent: string, render: (item: T, indent: string) => { head?: string; body: string; sep?: string }, opts: { spacing?: (a: T, b: T) => boolean; suffix?: string } = {}): string {
    const out: string[] = [];
    // Rendered lines, grouped into alignment runs.
    type Row = { lines: string[]; head?: string; body: string; trailing: Comment[]; continuation: Comment[]; oneLine: boolean; blankBefore: boolean };
    const rows: Row[] = [];
    let prevEnd = -1;
    let prevItem: T | undefined;
    for (const item of items) {
      const ic = this.plan.item.get(item);
      const firstStart = ic?.leading[0]?.start ?? item.start;
      const blankBefore = prevItem !== undefined && (this.blankBetween(prevEnd, firstStart) || (opts.spacing?.(prevItem, item) ?? false));
      const lead: string[] = [];
      // The item's doc comment stays directly above it, after the comments
      // moved up from inside the item; a `///` that documents nothing is kept
      // apart from what follows, so that it documents nothing still. (Layout
      // must not change what documents what: hover shows it.)
      const doc = (item as { doc?: A.DocComment }).doc;
      const inDoc = (c: Comment) => doc !== undefined && c.start >= doc.start && c.end <= doc.end;
      const leading = ic?.leading ?? [];
      const ordered = doc ? [...leading.filter((c) => !inDoc(c)), ...leading.filter(inDoc)] : leading;
      let last = ordered[0]?.start ?? item.start;
      let loose = false;
      for (const c of ordered) {
        if (lead.length > 0 && (this.blankBetween(last, c.start) || (loose && inDoc(c)))) lead.push("");
        lead.push(...this.commentText(c).split("\n").map((l, i) => (i === 0 ? indent + l : l)));
        last = c.end;
        loose = c.kind === "doc" && !inDoc(c);
      }
      if (lead.length > 0 && (this.blankBetween(last, item.start) || loose)) lead.push("");
      const r = render(item, indent);
      const body = r.body + (opts.suffix ?? "");
      rows.push({ lines: lead, head: r.head, body, trailing: ic?.trailing ?? [], continuation: ic?.continuation ?? [], oneLine: !body.includes("\n") && !(r.head ?? "").includes("\n"), blankBefore });
      const endOfItem = Math.max(item.end, ...(ic?.trailing ?? []).map((c) => c.end), ...(ic?.continuation ?? []).map((c) => c.end));
      prevEnd = endOfItem;
      prevItem = item;
    }
    // Alignment of `=` over runs of one-line fields without blank lines.
    const headWidth = new Map<Row, number>();
    let run: Row[] = [];
    const flush = () => {
      const w = Math.max(0, ...run.map((r) => (r.head ?? "").length));
      if (run.length > 1) for (const r of run) headWidth.set(r, w);
      run = [];
    };
    for (const r of rows) {
      if (r.blankBefore || r.lines.length > 0 || !r.oneLine || r.head === undefined) flush();
      if (r.oneLine && r.head !== undefined) run.push(r);
      else flush();
    }
    flush();
    const textOf = (r: Row): string => {
      if (r.head === undefined) return indent + r.body;
      const w = headWidth.get(r);
      const head = w !== undefined ? r.head.padEnd(w) : r.head;
      return indent + head + r.body;
    };
    // Alignment of trailing comments over runs of consecutive rows that have one.
    const commentCol = new Map<Row, number>();
    let crun: Row[] = [];
    const cflush = () => {
      const w = Math.max(0, ...crun.map((r) => lastLineWidth(textOf(r))));
      if (crun.length > 1 || (crun.length === 1 && crun[0]!.continuation.length > 0)) for (const r of crun) commentCol.set(r, w + 1);
      crun = [];
    };
    for (const r of rows) {
      if (r.blankBefore || r.lines.length > 0 || r.trailing.length === 0 || !r.oneLine) cflush();
      if (r.trailing.length > 0 && r.oneLine) crun.push(r);
    }
    cflush();
    rows.forEach((r, i) => {
      if (i > 0 && r.blankBefore) out.push("");
      out.push(...r.lines);
      let t = textOf(r);
      if (r.trailing.length > 0) {
        const col = commentCol.get(r);
        const pad = col !== undefined ? " ".repeat(Math.max(1, col - lastLineWidth(t))) : " ";
        t += pad + r.trailing.map((c) => this.commentText(c)).join(" ");
        const ccol = lastLineWidth(t) - this.commentText(r.trailing[r.trailing.length - 1]!).length;
        out.push(t);
        for (const c of r.continuation) out.push(" ".repeat(ccol) + this.commentText(c));
      } else out.push(t);
    });
    const dangling = this.plan.dangling.get(container) ?? [];
    if (dangling.length > 0) {
      if (rows.length > 0 && this.blankBetween(prevEnd, dangling[0]!.start)) out.push("");
      let last = dangling[0]!.start;
      for (const c of dangling) {
        if (c !== dangling[0] && this.blankBetween(last, c.start)) out.push("");
        out.push(...this.commentText(c).split("\n").map((l, i) => (i === 0 ? indent + l : l)));
        last = c.end;
      }
    }
    return out.join("\n");
  }

  // ───────────── file and declarations ─────────────

  file(tree: A.SourceFileNode): string {
    const body = this.items(tree, tree.decls, "", (d) => ({ body: this.decl(d) }), {
      spacing: (a, b) => !((a.kind === "ImportDecl" && b.kind === "ImportDecl") || (a.kind === "LetDecl" && b.kind === "LetDecl") || (a.kind === "TypeDecl" && b.kind === "TypeDecl")),
    });
    const out = trimLineEnds(body.replace(/^\n+/, ""));
    return out.length === 0 ? "" : out + "\n";
  }

  private decl(d: A.Decl): string {
    switch (d.kind) {
      case "ImportDecl": {
        let s = "import " + (d.path ? this.src(d.path) : '""');
        if (d.alias) s += " as " + d.alias.name;
        if (d.names) {
          const names = d.names.map((n) => n.name.name + (n.alias ? " as " + n.alias.name : ""));
          const flat = `{ ${names.join(", ")} }`;
          s += " " + (names.length === 0 ? "{}" : !this.hasComments(d) && s.length + flat.length + 1 <= WIDTH ? flat : "{\n" + this.items(d, d.names, IND, (n) => ({ body: n.name.name + (n.alias ? " as " + n.alias.name : "") }), { suffix: "," }) + "\n}");
        }
        return s;
      }
      case "BaseDecl":
        return "base " + (d.body ? this.record(d.body, "", true) : "{}");
      case "TerraformDecl":
        return "terraform " + (d.body ? this.record(d.body, "", true) : "{}");
      case "PoolDecl":
        return `pool ${d.name?.name ?? ""} ` + (d.body ? this.record(d.body, "", true) : "{}");
      case "NodeDecl":
        return `node ${d.name?.name ?? ""} ` + (d.body ? this.record(d.body, "", true) : "{}");
      case "ServiceDecl": {
        const name = `service ${d.name?.name ?? ""}`;
        if (!d.value) return name + " {}";
        if (d.value.kind === "Record" && d.value.block) return name + " " + this.record(d.value, "", true);
        return name + " = " + this.expr(d.value, "", name.length + 3);
      }
      case "LetDecl": {
        const head = `let ${d.name?.name ?? ""}` + (d.type ? ": " + this.type(d.type, "") : "");
        return head + " = " + (d.value ? this.expr(d.value, "", head.length + 3) : "");
      }
      case "TypeDecl":
        return `type ${d.name?.name ?? ""} = ` + (d.type ? this.type(d.type, "", true) : "");
      case "FnDecl": {
        const params = d.params.map((p) => this.param(p, IND));
        const flat = `(${params.join(", ")})`;
        const ret = d.returnType ? ": " + this.type(d.returnType, "") : "";
        const head = `fn ${d.name?.name ?? ""}`;
        const useFlat = !this.hasComments(d) && !params.some((p) => p.includes("\n")) && (head + flat + ret + " = {").length <= WIDTH && !(this.multilineInSource({ kind: "x", start: d.name?.end ?? d.start, end: d.params[d.params.length - 1]?.end ?? d.start }) && d.params.length > 1);
        const plist = useFlat ? flat : params.length === 0 ? "()" : "(\n" + this.items(d, d.params, IND, (p) => ({ body: this.param(p, IND) }), { suffix: "," }) + "\n)";
        const prefix = head + plist + ret + " = ";
        return prefix + (d.body ? this.expr(d.body, "", lastLineWidth(prefix)) : "");
      }
      case "PolicyDecl": {
        if (d.items.length === 0 && !this.plan.dangling.get(d)) return "policy {}";
        return "policy {\n" + this.items(d, d.items, IND, (item) => (item.kind === "SurviveRule" ? { body: this.survive(item) } : this.field(item, IND))) + "\n}";
      }
      case "ErrorDecl":
        return this.src(d);
    }
  }

  private survive(r: A.SurviveRule): string {
    const n = r.count ? this.expr(r.count, "", 8) : "1";
    const one = r.count?.kind === "Int" && r.count.value === 1;
    return `survive ${n} node ${one ? "failure" : "failures"}`;
  }

  private param(p: A.Param, indent: string): string {
    let s = p.name.name;
    if (p.type) s += ": " + this.type(p.type, indent);
    if (p.default) s += " = " + this.expr(p.default, indent, s.length + 3);
    return s;
  }

  // ───────────── records ─────────────

  /** A record literal or declaration body. Bodies always break. */
  private record(r: A.RecordExpr, indent: string, forceBreak = false, column = 0): string {
    return this.once(r, place(indent, column) * 2 + (forceBreak ? 1 : 0), () => this.recordText(r, indent, forceBreak, column));
  }

  private recordText(r: A.RecordExpr, indent: string, forceBreak: boolean, column: number): string {
    const hasDangling = (this.plan.dangling.get(r) ?? []).length > 0;
    if (r.fields.length === 0 && !hasDangling) return "{}";
    if (!forceBreak && !this.hasComments(r) && !this.multilineInSource(r)) {
      const parts = r.fields.map((f) => {
        const x = this.field(f, indent + IND);
        return (x.head ?? "") + x.body;
      });
      const flat = `{ ${parts.join(", ")} }`;
      if (column + flat.length <= WIDTH && !flat.includes("\n")) return flat;
    }
    const inner = indent + IND;
    return "{\n" + this.items(r, r.fields, inner, (f) => this.field(f, inner)) + "\n" + indent + "}";
  }

  /** A field as head (`name =`, padded for alignment) and body (` value`). */
  private field(f: A.Field, indent: string): { head?: string; body: string } {
    const key = f.path.map((k) => (k.quoted ? this.src(k) : k.name)).join(".");
    const v = f.value;
    if (!v) return { head: key, body: " =" };
    // `name { … }` sugar stays sugar.
    const between = this.text.slice(f.path[f.path.length - 1]!.end, v.start);
    // `place { … }` (and `place = place { … }`, the same); rules under another name keep it (`p = place { … }`, `pace { … }`).
    if (v.kind === "Place") return key === "place" ? { body: this.place(v, indent) } : between.includes("=") ? { head: key, body: " = " + this.place(v, indent) } : { body: this.place(v, indent, key) };
    if (v.kind === "Record" && !between.includes("=")) return { body: key + " " + this.record(v, indent, false, indent.length + key.length + 1) };
    return { head: key, body: " = " + this.expr(v, indent, indent.length + key.length + 3) };
  }

  /** A block of rules, opened by `place` or, under another name (`pace { … }`), by that name. */
  private place(p: A.PlaceExpr, indent: string, opener = "place"): string {
    if (p.rules.length === 0 && !(this.plan.dangling.get(p) ?? []).length) return `${opener} {}`;
    return `${opener} {\n` + this.items(p, p.rules, indent + IND, (r) => ({ body: this.rule(r, indent + IND) })) + "\n" + indent + "}";
  }

  private rule(r: A.PlaceRule, indent: string): string {
    switch (r.kind) {
      case "OnRule":
        return "on " + (r.selector ? this.selector(r.selector, indent) : "");
      case "PreferRule":
        return "prefer " + (r.selector ? this.selector(r.selector, indent) : "") + (r.weight ? " weight " + this.expr(r.weight, indent, 0) : "");
      case "SpreadRule":
        return "spread by " + (r.label ? (r.label.quoted ? this.src(r.label) : r.label.name) : "") + (r.skew ? " skew " + this.expr(r.skew, indent, 0) : "");
      case "MaxPerNodeRule":
        return "max " + (r.count ? this.expr(r.count, indent, 0) : "") + " per node";
      case "AvoidRule":
        return "avoid " + (r.service?.name ?? "");
      case "NearRule":
        return "near " + (r.service?.name ?? "");
    }
  }

  private selector(s: A.Selector, indent: string): string {
    switch (s.kind) {
      case "SelCompare":
        return this.labelKey(s.label) + ` ${s.op} ` + (s.value ? this.expr(s.value, indent, 0) : "");
      case "SelIn":
        return this.labelKey(s.label) + " in " + (s.values ? this.expr(s.values, indent, 0) : "");
      case "SelHas":
        return this.labelKey(s.label);
      case "SelNot":
        return "!" + (s.operand ? this.selector(s.operand, indent) : "");
      case "SelParen":
        return "(" + (s.inner ? this.selector(s.inner, indent) : "") + ")";
      case "SelBinary":
        return this.selector(s.left, indent) + ` ${s.op} ` + (s.right ? this.selector(s.right, indent) : "");
    }
  }

  private labelKey(l: A.LabelKey): string {
    return l.quoted ? this.src(l) : l.name;
  }

  // ───────────── expressions ─────────────

  /**
   * What printing `n` at a place (an indent and column: see `place`) gave,
   * printed once. A record, list or call (and a record type) is tried on one
   * line and, when that does not fit, broken into lines, each time printing
   * its items: without this, every level of nesting would print what is
   * inside it twice (`{ a = { a = … } }` forty deep took minutes).
   */
  private once(n: A.Node, at: number, print: () => string): string {
    let byPlace = this.printed.get(n);
    if (!byPlace) this.printed.set(n, (byPlace = new Map()));
    let text = byPlace.get(at);
    if (text === undefined) byPlace.set(at, (text = print()));
    return text;
  }

  /** `column` is where the expression starts on its line, for width decisions. */
  private expr(e: A.Expr, indent: string, column: number): string {
    switch (e.kind) {
      case "Int":
      case "Float":
      case "Unit":
      case "String":
      case "Error":
        return this.src(e);
      case "Bool":
        return e.value ? "true" : "false";
      case "None":
        return "none";
      case "Name":
        return e.name;
      case "Member":
        return this.expr(e.object, indent, column) + "." + (e.member?.name ?? "");
      case "Index":
        return this.expr(e.object, indent, column) + "[" + (e.index ? this.expr(e.index, indent, column) : "") + "]";
      case "Paren":
        return "(" + (e.inner ? this.expr(e.inner, indent, column + 1) : "") + ")";
      case "Unary":
        return e.op + (e.operand ? this.expr(e.operand, indent, column + 1) : "");
      case "Binary": {
        const l = this.expr(e.left, indent, column);
        return l + ` ${e.op} ` + (e.right ? this.expr(e.right, indent, lastLineWidth(l) + e.op.length + 2) : "");
      }
      case "If": {
        const c = e.condition ? this.expr(e.condition, indent, column + 3) : "";
        const t = e.then ? this.expr(e.then, indent + IND, 0) : "";
        const f = e.else ? this.expr(e.else, indent + IND, 0) : "";
        const flat = `if ${c} then ${t} else ${f}`;
        if (column + flat.length <= WIDTH && !this.multilineInSource(e) && !flat.includes("\n")) return flat;
        return `if ${c}\n${indent + IND}then ${t}\n${indent + IND}else ${f}`;
      }
      case "With": {
        const b = this.expr(e.base, indent, column);
        return b + " with " + (e.update ? this.record(e.update, indent, false, lastLineWidth(b) + 6) : "{}");
      }
      case "Record":
        return this.record(e, indent, false, column);
      case "List":
        return this.list(e, indent, column);
      case "For": {
        const vars = (e.first?.name ?? "") + (e.second ? ", " + e.second.name : "");
        if (e.key) {
          const head = `{for ${vars} in ${e.iterable ? this.expr(e.iterable, indent, column) : ""}` + (e.condition ? ` if ${this.expr(e.condition, indent, column)}` : "") + ": ";
          const key = e.key.quoted ? this.src(e.key) : e.key.name;
          return head + key + " = " + (e.body ? this.expr(e.body, indent, column + head.length + key.length + 3) : "") + "}";
        }
        const head = `[for ${vars} in ${e.iterable ? this.expr(e.iterable, indent, column) : ""}` + (e.condition ? ` if ${this.expr(e.condition, indent, column)}` : "") + ": ";
        return head + (e.body ? this.expr(e.body, indent, column + head.length) : "") + "]";
      }
      case "Call":
        return this.call(e, indent, column);
      case "Place":
        return this.place(e, indent);
    }
  }

  private list(e: A.ListExpr, indent: string, column: number): string {
    return this.once(e, place(indent, column), () => this.listText(e, indent, column));
  }

  private listText(e: A.ListExpr, indent: string, column: number): string {
    const hasDangling = (this.plan.dangling.get(e) ?? []).length > 0;
    if (e.items.length === 0 && !hasDangling) return "[]";
    if (!this.hasComments(e) && !this.multilineInSource(e)) {
      const flat = "[" + e.items.map((i) => this.expr(i, indent, 0)).join(", ") + "]";
      if (column + flat.length <= WIDTH && !flat.includes("\n")) return flat;
    }
    return "[\n" + this.items(e, e.items, indent + IND, (i) => ({ body: this.expr(i, indent + IND, indent.length + 2) }), { suffix: "," }) + "\n" + indent + "]";
  }

  private call(e: A.CallExpr, indent: string, column: number): string {
    return this.once(e, place(indent, column), () => this.callText(e, indent, column));
  }

  private callText(e: A.CallExpr, indent: string, column: number): string {
    const callee = this.expr(e.callee, indent, column);
    if (e.record) return callee + " " + this.record(e.record, indent, false, lastLineWidth(callee) + 1);
    const arg = (a: A.Arg, ind: string) => (a.name ? a.name.name + " = " : "") + (a.value ? this.expr(a.value, ind, 0) : "");
    if (!this.hasComments(e)) {
      const flat = callee + "(" + e.args.map((a) => arg(a, indent)).join(", ") + ")";
      if (column + flat.length <= WIDTH && !flat.includes("\n")) return flat;
      // Only the last argument spans lines (a record or list): keep the call's head on one line.
      const lastOnly = e.args.slice(0, -1).every((a) => !arg(a, indent).includes("\n"));
      if (lastOnly && flat.includes("\n") && column + flat.split("\n")[0]!.length <= WIDTH) return flat;
    }
    if (e.args.length === 0) return callee + "()";
    return callee + "(\n" + this.items(e, e.args, indent + IND, (a) => ({ body: arg(a, indent + IND) }), { suffix: "," }) + "\n" + indent + ")";
  }

  // ───────────── types ─────────────

  private type(t: A.TypeExpr, indent: string, top = false): string {
    return t.kind === "RecordType" ? this.once(t, place(indent, top ? 1 : 0), () => this.typeText(t, indent, top)) : this.typeText(t, indent, top);
  }

  private typeText(t: A.TypeExpr, indent: string, top: boolean): string {
    switch (t.kind) {
      case "NamedType": {
        const base = (t.namespace ? t.namespace.name + "." : "") + t.name.name;
        if (!t.refinement) return base;
        if (t.refinement.kind === "Regex") return `${base}(${this.src(t.refinement)})`;
        const r = t.refinement;
        return `${base}(${r.min ? this.expr(r.min, indent, 0) : ""}..${r.max ? this.expr(r.max, indent, 0) : ""})`;
      }
      case "ListType":
        return "[" + (t.element ? this.type(t.element, indent) : "") + "]";
      case "MapType":
        return "{String: " + (t.value ? this.type(t.value, indent) : "") + "}";
      case "OptionalType":
        return this.type(t.inner, indent) + "?";
      case "ParenType":
        return "(" + (t.inner ? this.type(t.inner, indent) : "") + ")";
      case "LiteralType":
        return this.src(t);
      case "ErrorType":
        return this.src(t);
      case "UnionType": {
        const members = t.members.map((m) => this.type(m, indent + IND));
        const flat = members.join(" | ");
        const commented = this.hasComments(t) || t.members.some((m) => this.plan.item.get(m));
        if (!commented && (!top || (!this.multilineInSource(t) && flat.length + indent.length <= WIDTH))) return flat;
        const ic = (m: A.Node) => this.plan.item.get(m);
        const trailing = (m: A.Node) => (ic(m)?.trailing ?? []).map((c) => " " + this.commentText(c)).join("");
        const leading = (m: A.Node) => (ic(m)?.leading ?? []).map((c) => "\n" + indent + IND + this.commentText(c)).join("");
        if (!top) {
          // Hanging: what follows the type stays on the last member's line.
          let out = leading(t.members[0]!) ? leading(t.members[0]!).trimStart() + "\n" + indent + IND : "";
          out += members[0]! + trailing(t.members[0]!);
          t.members.slice(1).forEach((m, i) => (out += leading(m) + "\n" + indent + IND + "| " + members[i + 1]! + trailing(m)));
          return out;
        }
        // One line per group of members as the source grouped them.
        const groups: number[][] = [];
        let lastLine = -1;
        t.members.forEach((m, i) => {
          const l = this.line(m.start);
          if (l !== lastLine || ic(m)?.leading.length || (i > 0 && ic(t.members[i - 1]!)?.trailing.length)) groups.push([]);
          lastLine = l;
          groups[groups.length - 1]!.push(i);
        });
        let out = "";
        for (const g of groups) {
          const first = t.members[g[0]!]!;
          const last = t.members[g[g.length - 1]!]!;
          out += leading(first) + "\n" + indent + IND + "| " + g.map((i) => members[i]!).join(" | ") + trailing(last);
        }
        return out;
      }
      case "RecordType": {
        const hasDangling = (this.plan.dangling.get(t) ?? []).length > 0;
        if (t.fields.length === 0 && !hasDangling) return "{}";
        const fieldText = (f: A.RecordTypeField, ind: string) => (f.name.quoted ? this.src(f.name) : f.name.name) + ": " + (f.type ? this.type(f.type, ind) : "") + (f.default ? " = " + this.expr(f.default, ind, 0) : "");
        if (!this.hasComments(t) && !this.multilineInSource(t)) {
          const flat = "{ " + t.fields.map((f) => fieldText(f, indent)).join(", ") + " }";
          if (indent.length + flat.length <= WIDTH && !flat.includes("\n")) return flat;
        }
        return "{\n" + this.items(t, t.fields, indent + IND, (f) => ({ body: fieldText(f, indent + IND) })) + "\n" + indent + "}";
      }
    }
  }
}

/** An indent and a column as one number, for `Printer.once` (columns past a million are one: far past the width, they print alike). */
function place(indent: string, column: number): number {
  return indent.length * 2 ** 20 + Math.min(column, 2 ** 20 - 1);
}

/**
 * Spaces and tabs at the ends of lines taken off (before a CRLF's `\r` too),
 * in one pass: the regular expression `/[ \t]+$/gm` takes time quadratic in
 * the length of a run of spaces, and deeply indented output has long ones.
 */
function trimLineEnds(s: string): string {
  const lines = s.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const cr = l.endsWith("\r") ? 1 : 0;
    let e = l.length - cr;
    while (e > 0 && (l.charCodeAt(e - 1) === 32 || l.charCodeAt(e - 1) === 9)) e--;
    if (e !== l.length - cr) lines[i] = l.slice(0, e) + (cr ? "\r" : "");
  }
  return lines.join("\n");
}

function lastLineWidth(s: string): number {
  const i = s.lastIndexOf("\n");
  return i < 0 ? s.length : s.length - i - 1;
}

export { itemsOf };
