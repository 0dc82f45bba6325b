// Completion that knows the language: declaration keywords where a
// declaration may start, the fields of the record being written (from its
// schema), enum values, label keys and values machines actually have,
// service names after avoid/near, module paths in imports and what a module
// declares in its import list, units after a number, `pkgs.` names, members
// after a dot, types where a type is written, and names in scope; the
// names the standard library and the workspace's modules declare that a file
// has not imported, with the import; and in a pool's or node's `labels`, the
// keys and values services select on.
import * as fs from "node:fs";
import * as path from "node:path";
import type { IToken } from "chevrotain";
import { describe as describeSym } from "../../language/names/binder.js";
import { importEdit } from "../../language/names/import-edit.js";
import { moduleExports } from "../../language/workspace/module-exports.js";
import type { Sym } from "../../language/names/symbols.js";
import type * as A from "../../language/syntax/ast.js";
import * as T from "../../language/syntax/tokens.js";
import { units } from "../../language/syntax/units.js";
import { machineAttributes, serviceRefFields, unitAccessors } from "../../language/types/checker.js";
import { assignable } from "../../language/types/assignability.js";
import { nonOptional, typeToString, widen, type FieldType, type Type } from "../../language/types/types.js";
import type { Selector } from "../../language/eval/values.js";
import { cursorAt, is, isNameToken, startsLine, streamOf, type Cursor } from "./cursor.js";
import { fnSignature } from "./fn-signature.js";
import { nixpkgsNames } from "./nixpkgs-names.js";
import { catalogEntry } from "./catalog.js";
import { placeRuleDocs, surviveDoc } from "./rule-docs.js";
import { typeDeclaration } from "./type-definition.js";
import type { Snapshot } from "./snapshot.js";

export type CompletionKind = "keyword" | "field" | "value" | "enum" | "service" | "label" | "module" | "unit" | "package" | "function" | "type" | "variable" | "snippet";

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert instead of the label; `$1`-style placeholders when `snippet`. */
  insertText?: string;
  snippet?: boolean;
  /** The span the completion replaces (the word being typed). */
  replace: { start: number; end: number };
  sortText?: string;
  /** Edits elsewhere in the file that come with it: the import of a name another module declares. */
  additionalEdits?: { span: { start: number; end: number }; newText: string }[];
}

const declKeywords: [string, string, string][] = [
  ["service", "service ${1:name} {\n  replicas = ${2:1}\n  run = ${3:systemdService { exec = \"$4\" \\}}\n}", "a replicated service"],
  ["pool", "pool ${1:name} {\n  count   = ${2:3}\n  machine = ${3}\n  labels  = { ${4:tier} = \"${5}\" }\n}", "interchangeable machines NAME-1 … NAME-N"],
  ["node", "node ${1:name} {\n  address   = \"${2}\"\n  resources = { cpu = ${3:4}, memory = ${4:8GiB} }\n}", "one named machine"],
  ["let", "let ${1:name} = ${2}", "a constant"],
  ["type", "type ${1:Name} = ${2}", "a named type"],
  ["fn", "fn ${1:name}(${2}): ${3:Service} = ${4}", "a function"],
  ["import", "import \"${1:std/services}\" { ${2} }", "another file or a std module"],
  ["base", "base {\n  ${1}\n}", "what every machine gets"],
  ["policy", "policy {\n  survive ${1:1} node failure\n}", "rules for the whole system"],
];


const exprKeywords = ["if", "then", "else", "for", "in", "true", "false", "none", "with"];

export function completion(snap: Snapshot, file: string, offset: number): CompletionItem[] {
  const m = snap.module(file);
  if (!m) return [];
  const text = m.source.text;
  const cur = cursorAt(streamOf(m), offset);
  const replace = cur.word ? { start: cur.word.startOffset, end: (cur.word.endOffset ?? cur.word.startOffset) + 1 } : { start: offset, end: offset };
  const nodes = snap.nodesAt(file, cur.word ? cur.word.startOffset : offset);
  const ctx = new CompletionContext(snap, file, cur, replace, nodes, text);
  return ctx.items();
}

class CompletionContext {
  constructor(
    readonly snap: Snapshot,
    readonly file: string,
    readonly cur: Cursor,
    readonly replace: { start: number; end: number },
    readonly nodes: A.AnyNode[],
    readonly text: string,
  ) {}

  private get m() {
    return this.snap.module(this.file)!;
  }

  items(): CompletionItem[] {
    const c = this.cur;
    if (c.inString) return this.inString(c.inString);
    // A number with (part of) a unit: `512Mi|`, `10|`.
    const at = c.at && (c.at.endOffset ?? 0) + 1 >= c.offset && is(c.at, T.UnitLit, T.IntLit, T.FloatLit) ? c.at : undefined;
    if (at) return this.units(at);
    if (is(c.before, T.Dot)) return this.afterDot();
    const imp = this.innermost("ImportDecl") as A.ImportDecl | undefined;
    const listed = imp && this.importList(imp);
    if (listed) return listed;
    if (this.inTypePosition()) return this.types();
    const place = this.innermost("Place");
    const container = this.container();
    if (place && container === place) return this.inPlace();
    if (this.atItemStart()) {
      if (container?.kind === "File") return this.decls();
      if (container?.kind === "Record") return this.fields(container as A.RecordExpr);
      if (container?.kind === "PolicyDecl") return [...this.policyFields(container as A.PolicyDecl), this.item(surviveDoc.keyword, "keyword", { insertText: surviveDoc.snippet, snippet: true, detail: surviveDoc.short, documentation: surviveDoc.long })];
    }
    return this.expression();
  }

  // ───────────── helpers ─────────────

  private item(label: string, kind: CompletionKind, more: Partial<CompletionItem> = {}): CompletionItem {
    return { label, kind, replace: this.replace, ...more };
  }

  private innermost(kind: string): A.AnyNode | undefined {
    for (let i = this.nodes.length - 1; i >= 0; i--) if (this.nodes[i]!.kind === kind) return this.nodes[i];
    return undefined;
  }

  /** The innermost node that holds items one per line (or between commas). */
  private container(): A.AnyNode | undefined {
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (n.kind === "Record" || n.kind === "Place" || n.kind === "PolicyDecl" || n.kind === "File") {
        // The cursor must be inside the braces, not on the keyword before them.
        if (n.kind === "File" || this.cur.offset > n.start) return n;
      }
      if (n.kind === "List" || n.kind === "Call" || n.kind === "Paren" || n.kind === "Interp" || n.kind === "For") return n;
    }
    return undefined;
  }

  /** At the start of an item: after `{`, `,` or a line break. */
  private atItemStart(): boolean {
    const b = this.cur.before;
    return !b || is(b, T.LCurly, T.Comma, T.Newline) || startsLine(this.text, this.cur.word, this.cur.offset);
  }

  // ───────────── strings ─────────────

  private inString(open: IToken): CompletionItem[] {
    const str = this.nodes.find((n): n is A.StringExpr => n.kind === "String" && n.start === open.startOffset);
    const closeAt = str ? str.end - (str.triple ? 3 : 1) : this.cur.offset;
    const content = { start: (open.endOffset ?? open.startOffset) + 1, end: Math.max(this.cur.offset, closeAt) };
    const imp = this.nodes.find((n): n is A.ImportDecl => n.kind === "ImportDecl");
    if (imp && str && imp.path === str) return this.modulePaths(content);
    if (!str) return [];
    const labelField = this.nodes[this.nodes.indexOf(str) - 1];
    const labels = this.nodes[this.nodes.indexOf(str) - 2];
    if (labelField?.kind === "Field" && labels?.kind === "Record" && this.machineLabels(labels) && labelField.value === str) {
      const key = labelField.path[0]?.name;
      const uses = key !== undefined ? ruleLabels(this.snap).get(key) : undefined;
      return [...(uses?.values ?? [])].sort().map((v) => ({ label: v, kind: "enum" as const, replace: content, detail: `${key} = "${v}" in: ${[...uses!.rules].slice(0, 3).join(", ")}` }));
    }
    const want = this.snap.analysis.checker.expectedTypeOf(str, this.m.key);
    const detail = this.enumDetail(want);
    return literalStrings(want).map((v) => ({ label: v, kind: "enum" as const, replace: content, detail: detail(v) }));
  }

  /** The detail of a literal value of `want`: what its type module's catalog says of it (a machine type: cpu, memory, disk), else the type. */
  private enumDetail(want: Type | undefined): (value: string) => string | undefined {
    const declared = want?.name ? typeDeclaration(this.snap, this.file, want.name) : undefined;
    return (v) => (declared && catalogEntry(this.snap, declared, v)?.text) ?? (want ? typeToString(want) : undefined);
  }

  private modulePaths(replace: { start: number; end: number }): CompletionItem[] {
    const out: CompletionItem[] = [];
    const stdModules = stdList(this.snap);
    for (const s of stdModules) if (s !== "prelude") out.push({ label: `std/${s}`, kind: "module", replace, detail: "standard library" });
    const dir = this.file.includes("/") ? this.file.slice(0, this.file.lastIndexOf("/")) : "";
    for (const k of this.snap.analysis.modules.keys()) {
      if (k.startsWith("std:") || k === this.file) continue;
      let rel = path.posix.relative(dir || ".", k);
      if (!rel.startsWith(".")) rel = "./" + rel;
      out.push({ label: rel, kind: "module", replace, detail: "workspace file" });
    }
    return out;
  }

  // ───────────── numbers ─────────────

  private units(t: IToken): CompletionItem[] {
    const m = /^([0-9_.]+)([A-Za-z]*)$/.exec(t.image);
    if (!m) return [];
    const start = t.startOffset + m[1]!.length;
    const replace = { start, end: (t.endOffset ?? t.startOffset) + 1 };
    const lit = this.nodes.find((n) => (n.kind === "Unit" || n.kind === "Int" || n.kind === "Float") && n.start === t.startOffset);
    const want = lit ? this.snap.analysis.checker.expectedTypeOf(lit, this.m.key) : undefined;
    const kind = want ? nonOptional(want).k : undefined;
    const dims = kind === "bytes" ? ["Bytes"] : kind === "cpu" ? ["Cpu"] : kind === "duration" ? ["Duration"] : ["Bytes", "Cpu", "Duration"];
    const out: CompletionItem[] = [];
    let i = 0;
    for (const [u, info] of units) {
      if (!dims.includes(info.dimension)) continue;
      out.push({ label: u, kind: "unit", replace, detail: info.dimension, sortText: String(i++).padStart(3, "0") });
    }
    return out;
  }

  // ───────────── after a dot ─────────────

  private afterDot(): CompletionItem[] {
    const c = this.cur;
    const objTok = c.before2;
    // `pkgs.`
    if (objTok && objTok.image === "pkgs" && !is(c.before3, T.Dot)) {
      return nixpkgsNames.map((n) => this.item(n, "package", { detail: "nixpkgs" }));
    }
    // A field path in a record: `ssh.autho|`.
    const field = this.nodes.find((n): n is A.Field => n.kind === "Field");
    const rec = [...this.nodes].reverse().find((n): n is A.RecordExpr => n.kind === "Record");
    if (field && rec && field.path.length > 0 && c.offset <= (field.value && field.value.kind !== "Error" ? field.value.start : Infinity) && field.path[0]!.start < c.offset) {
      const prefix = field.path.filter((k) => k.end < c.offset).map((k) => k.name);
      let t: Type | undefined = this.snap.analysis.checker.expectedTypeOf(rec, this.m.key);
      for (const p of prefix) t = t && recordField(t, p)?.type;
      return t ? this.fieldItems(t, new Set()) : [];
    }
    // A type of a namespace: `let z: hcloud.|` (the word before the dot, as a half-typed type may not parse as one).
    if (this.inTypePosition()) {
      const ref = objTok ? this.m.binding.moduleScope.get(objTok.image) : undefined;
      const target = ref?.kind === "namespace" ? this.snap.analysis.modules.get(ref.target) : undefined;
      return target ? [...target.decls.symbols.values()].filter((s) => s.kind === "type").map((s) => this.symbolItem(s.name, s)) : [];
    }
    // A member of a value: find the member expression at the dot.
    const member = [...this.nodes].reverse().find((n): n is A.MemberExpr => n.kind === "Member");
    if (!member) return [];
    const ref = this.m.binding.refs.get(member.object);
    if (ref?.kind === "namespace") {
      const target = this.snap.analysis.modules.get(ref.target);
      if (!target) return [];
      return [...target.decls.symbols.values(), ...target.decls.machines.values()].filter((s) => s.kind !== "type").map((s) => this.symbolItem(s.name, s));
    }
    const t = this.snap.analysis.checker.typeOf(member.object, this.m.key);
    if (!t) return [];
    return this.memberItems(t);
  }

  private memberItems(t0: Type): CompletionItem[] {
    const t = nonOptional(t0);
    switch (t.k) {
      case "record":
      case "union":
        return this.fieldItems(t, new Set());
      case "service": {
        const schema = this.snap.analysis.checker.schema("Service");
        return [...this.fieldItems(schema, new Set()), ...[...serviceRefFields].map(([n, f]) => this.item(n, "field", { detail: typeToString(f.type), documentation: f.doc }))];
      }
      case "bytes":
      case "cpu":
      case "duration":
        return Object.entries(unitAccessors[t.k]).map(([n, a]) => this.item(n, "field", { detail: typeToString(a.type), documentation: a.doc }));
      case "machineRef":
        return [...machineAttributes].map(([n, doc]) => this.item(n, "field", { detail: "String", documentation: doc }));
      default:
        return [];
    }
  }

  /** Is `rec` the `labels` of a pool or node (whose keys and values placement rules select on)? */
  private machineLabels(rec: A.AnyNode): boolean {
    const i = this.nodes.indexOf(rec);
    const field = this.nodes[i - 1];
    const body = this.nodes[i - 2];
    const decl = this.nodes[i - 3];
    return field?.kind === "Field" && field.path.length === 1 && field.path[0]!.name === "labels" && field.value === rec && body?.kind === "Record" && (decl?.kind === "PoolDecl" || decl?.kind === "NodeDecl");
  }

  // ───────────── imports and types ─────────────

  /** Inside `import "path" { … }`: what the module declares, less what the list has already. */
  private importList(d: A.ImportDecl): CompletionItem[] | undefined {
    const open = d.path ? this.text.indexOf("{", d.path.end) : -1;
    if (open < 0 || open >= this.cur.offset || open >= d.end || this.text.slice(open, this.cur.offset).includes("}")) return undefined;
    const target = this.m.decls.imports.find((i) => i.decl === d)?.target;
    const module = target ? this.snap.analysis.modules.get(target) : undefined;
    if (!module) return [];
    const word = this.cur.word?.startOffset;
    const listed = new Set((d.names ?? []).filter((n) => n.name.start !== word).map((n) => n.name.name));
    return [...module.decls.symbols.values(), ...module.decls.machines.values()].filter((s) => !listed.has(s.name)).map((s) => this.symbolItem(s.name, s));
  }

  /** Where a type is written: after `name:` in a `let`, a parameter, a record type's field or a function's result, after `type T =` or `|`, inside `[…]`, `{String: …}` and `…?`. */
  private inTypePosition(): boolean {
    const b = this.cur.before;
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      switch (n.kind) {
        case "Ident":
          continue;
        case "NamedType": {
          // Inside a refinement, `Int(1..|)`, values are written.
          const r = n.refinement;
          return !(r && this.cur.offset > r.start);
        }
        case "ListType":
        case "MapType":
        case "OptionalType":
        case "ParenType":
        case "UnionType":
          return true;
        case "RecordType":
        case "LetDecl":
        case "FnDecl":
        case "Param":
          return is(b, T.Colon);
        case "TypeDecl":
          return is(b, T.Eq, T.Pipe);
        default:
          return false;
      }
    }
    return false;
  }

  /** Types in scope (built-in, the prelude's, the file's and imported ones), namespaces, and the standard library's types not imported yet. */
  private types(): CompletionItem[] {
    const out: CompletionItem[] = [];
    const scope = this.m.binding.scopes.get(this.m.tree);
    const seen = new Set<string>();
    for (const [name, sym] of scope?.flatten() ?? []) {
      seen.add(name);
      if (sym.kind === "type" || sym.kind === "namespace") out.push(this.symbolItem(name, sym));
      else if (sym.kind === "builtin" && sym.info.kind === "type") out.push(this.item(name, "type", { detail: sym.info.doc, sortText: "5" }));
    }
    out.push(...this.unimported(seen, true));
    return out;
  }

  // ───────────── records ─────────────

  private fields(rec: A.RecordExpr): CompletionItem[] {
    if (this.machineLabels(rec)) {
      const written = new Set(rec.fields.filter((f) => !(this.cur.word && f.path[0]?.start === this.cur.word.startOffset)).map((f) => f.path[0]?.name ?? ""));
      return [...ruleLabels(this.snap)].filter(([k]) => !written.has(k)).map(([k, uses]) => this.item(k, "label", { insertText: `${k} = "$0"`, snippet: true, detail: `label services place by: ${[...uses.rules].slice(0, 3).join(", ")}` }));
    }
    const want = this.snap.analysis.checker.expectedTypeOf(rec, this.m.key);
    if (!want) return this.expression();
    const set = new Set(rec.fields.filter((f) => !(this.cur.word && f.path[0]?.start === this.cur.word.startOffset)).map((f) => f.path[0]?.name ?? ""));
    return this.fieldItems(want, set);
  }

  private policyFields(p: A.PolicyDecl): CompletionItem[] {
    const set = new Set(p.items.flatMap((i) => (i.kind === "Field" && !(this.cur.word && i.path[0]?.start === this.cur.word.startOffset) ? [i.path[0]?.name ?? ""] : [])));
    return this.fieldItems(this.snap.analysis.checker.schema("Policy"), set);
  }

  private fieldItems(t: Type, exclude: Set<string>): CompletionItem[] {
    const fields = recordFields(t);
    const out: CompletionItem[] = [];
    let i = 0;
    for (const [name, f] of fields) {
      if (exclude.has(name)) continue;
      const required = !f.default && f.type.k !== "optional";
      const nested = nonOptional(f.type);
      const isPlace = nested.k === "placement";
      out.push(
        this.item(name, "field", {
          detail: typeToString(f.type) + (required ? " (required)" : ""),
          documentation: f.doc,
          insertText: isPlace ? "place {\n  $0\n}" : `${name} = $0`,
          snippet: true,
          // Required fields first, then in schema order.
          sortText: `${required ? "0" : "1"}${String(i++).padStart(3, "0")}`,
        }),
      );
    }
    return out;
  }

  // ───────────── place blocks ─────────────

  private inPlace(): CompletionItem[] {
    const c = this.cur;
    const b = c.before;
    const model = this.snap.analysis.model;
    const labelKeys = () => {
      const keys = new Map<string, Set<string>>();
      for (const mm of model.machines) for (const [k, v] of Object.entries(mm.labels)) (keys.get(k) ?? keys.set(k, new Set()).get(k)!).add(v);
      return [...keys].sort(([a], [b2]) => (a < b2 ? -1 : 1)).map(([k, vs]) => this.item(k, "label", { detail: `label: ${[...vs].sort().slice(0, 6).join(", ")}${vs.size > 6 ? ", …" : ""}` }));
    };
    if (is(b, T.Avoid, T.Near)) {
      const self = this.enclosingServiceName();
      return model.services.filter((s) => s.name !== self).map((s) => this.item(s.name, "service", { detail: `service · ${s.replicas} replica${s.replicas === 1 ? "" : "s"}` }));
    }
    if (is(b, T.On, T.Prefer, T.AndAnd, T.OrOr, T.Bang, T.LParen, T.By)) return labelKeys();
    if (is(b, T.EqEq, T.NotEq)) {
      const key = c.before2?.image.replace(/^"|"$/g, "");
      const values = new Set<string>();
      for (const mm of model.machines) {
        const v = key ? mm.labels[key] : undefined;
        if (v !== undefined) values.add(v);
      }
      return [...values].sort().map((v) => this.item(JSON.stringify(v), "enum", { detail: `${key} = ${v}` }));
    }
    if (!b || is(b, T.LCurly, T.Newline, T.Comma) || startsLine(this.text, c.word, c.offset)) {
      return placeRuleDocs.map((r, i) => this.item(r.keyword, "keyword", { insertText: r.snippet, snippet: true, detail: r.short, documentation: r.long, sortText: String(i) }));
    }
    return [];
  }

  private enclosingServiceName(): string | undefined {
    const d = this.nodes.find((n): n is A.ServiceDecl => n.kind === "ServiceDecl");
    return d?.name?.name;
  }

  // ───────────── declarations and expressions ─────────────

  private decls(): CompletionItem[] {
    return declKeywords.map(([k, snip, doc], i) => this.item(k, "keyword", { insertText: snip, snippet: true, detail: doc, sortText: String(i) }));
  }

  /** Names in scope, keywords, and the literal values the position expects. */
  private expression(): CompletionItem[] {
    const out: CompletionItem[] = [];
    const want = this.expectedHere();
    const detail = this.enumDetail(want);
    for (const v of literalStrings(want)) out.push(this.item(JSON.stringify(v), "enum", { detail: detail(v), sortText: "0" }));
    const scopeNode = [...this.nodes].reverse().find((n) => this.m.binding.scopes.has(n)) ?? this.m.tree;
    const scope = this.m.binding.scopes.get(scopeNode) ?? this.m.binding.scopes.get(this.m.tree);
    const seen = new Set<string>();
    // Functions whose result fits the position come right after its literal values (`health = ` → http, tcp, command).
    const fit = want && widen(want).k !== "error" ? nonOptional(want) : undefined;
    const checker = this.snap.analysis.checker;
    if (scope) {
      for (const [name, sym] of scope.flatten()) {
        if (seen.has(name)) continue;
        seen.add(name);
        if (sym.kind === "builtin" && sym.info.kind === "type") continue;
        if (sym.kind === "type") continue;
        const item = this.symbolItem(name, sym);
        if (fit && (sym.kind === "fn" || (sym.kind === "builtin" && sym.info.kind === "function"))) {
          const t = checker.symbolType(sym);
          if (t.k === "fn" && t.result.k !== "error" && assignable(t.result, fit).ok) item.sortText = "1";
        }
        out.push(item);
      }
    }
    out.push(...this.unimported(seen, false, fit?.name));
    for (const k of exprKeywords) out.push(this.item(k, "keyword", { sortText: "9" }));
    return out;
  }

  /** Declarations of the standard library that this file has not imported (values, or types), each with the edit that imports it; functions returning the type named `fits` first. */
  private unimported(inScope: ReadonlySet<string>, types: boolean, fits?: string): CompletionItem[] {
    const out: CompletionItem[] = [];
    for (const [name, exps] of [...this.snap.analysis.stdExports(), ...moduleExports(this.snap.analysis.modules, this.m.key)]) {
      if (inScope.has(name)) continue;
      for (const exp of exps) {
        if ((exp.kind === "type") !== types) continue;
        const kind: CompletionKind = types ? "type" : exp.kind === "fn" ? "function" : "variable";
        const how = importEdit(this.m.decls, this.m.tree, name, exp);
        const more: Partial<CompletionItem> = { detail: `${exp.kind} from ${exp.spec}`, sortText: fits && exp.returns === fits ? "1" : "7", ...(exp.doc ? { documentation: exp.doc } : {}) };
        if (how.kind === "member") out.push(this.item(name, kind, { ...more, insertText: how.text }));
        else if (how.edit) out.push(this.item(name, kind, { ...more, detail: `${more.detail} (adds the import)`, additionalEdits: [how.edit] }));
      }
    }
    return out;
  }

  private symbolItem(name: string, sym: Sym): CompletionItem {
    const checker = this.snap.analysis.checker;
    let kind: CompletionKind = "variable";
    let detail = describeSym(sym);
    let documentation: string | undefined;
    switch (sym.kind) {
      case "fn": {
        kind = "function";
        detail = `fn ${fnSignature(this.snap, sym)?.label ?? name}`;
        documentation = (sym.decl as A.FnDecl).doc?.text;
        break;
      }
      case "service":
        kind = "service";
        documentation = sym.decl.doc?.text;
        break;
      case "type":
        kind = "type";
        documentation = sym.decl.doc?.text;
        break;
      case "namespace":
        kind = "module";
        break;
      case "let": {
        const t = checker.symbolType(sym);
        detail = typeToString(t);
        documentation = sym.decl.doc?.text;
        break;
      }
      case "builtin":
        kind = sym.info.kind === "function" ? "function" : "variable";
        detail = sym.info.signature ?? sym.info.doc;
        documentation = sym.info.doc;
        break;
      default: {
        const t = checker.symbolType(sym);
        if (t.k !== "error") detail = `${describeSym(sym)}: ${typeToString(t)}`;
      }
    }
    return this.item(name, kind, { detail, ...(documentation ? { documentation } : {}), sortText: kind === "function" || kind === "variable" || kind === "service" ? "5" : "6" });
  }

  /** The type the value at the cursor should have: a field's, an argument's. */
  private expectedHere(): Type | undefined {
    const checker = this.snap.analysis.checker;
    // `key = |` with no value yet: the field did not parse, but the record's expected type says what `key` takes.
    const inner = this.nodes[this.nodes.length - 1];
    if (inner?.kind === "Record" && is(this.cur.before, T.Eq) && isNameToken(this.cur.before2)) {
      const rt = checker.expectedTypeOf(inner, this.m.key);
      const f = rt?.k === "record" ? rt.fields.get(this.cur.before2!.image) : undefined;
      if (f) return f.type;
    }
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (n.kind === "Field") {
        const key = n.path[n.path.length - 1];
        const f = key && checker.fieldOf(n.path[0]!, this.m.key);
        if (f && n.path.length === 1) return f.type;
        if (n.value) return checker.expectedTypeOf(n.value, this.m.key);
        return undefined;
      }
      if (n.kind === "Arg" && n.value) return checker.expectedTypeOf(n.value, this.m.key);
      if (n.kind === "LetDecl" && n.value) return checker.expectedTypeOf(n.value, this.m.key);
    }
    return undefined;
  }
}

/** The label keys the services' placement rules select on, the values they ask for, and the services' rules that name each (`api: on tier == "web"`). */
function ruleLabels(snap: Snapshot): Map<string, { values: Set<string>; rules: Set<string> }> {
  const out = new Map<string, { values: Set<string>; rules: Set<string> }>();
  const use = (key: string, values: readonly string[], rule: string) => {
    let u = out.get(key);
    if (!u) out.set(key, (u = { values: new Set(), rules: new Set() }));
    for (const v of values) u.values.add(v);
    u.rules.add(rule);
  };
  const selector = (s: Selector, service: string, rule: string) => {
    switch (s.op) {
      case "eq":
      case "ne":
        return use(s.label, [s.value], `${service}: ${rule} ${s.label} ${s.op === "eq" ? "==" : "!="} "${s.value}"`);
      case "in":
        return use(s.label, s.values, `${service}: ${rule} ${s.label} in [${s.values.map((v) => `"${v}"`).join(", ")}]`);
      case "has":
        return use(s.label, [], `${service}: ${rule} ${s.label}`);
      case "not":
        return selector(s.operand, service, rule);
      case "and":
      case "or":
        for (const o of s.operands) selector(o, service, rule);
    }
  };
  for (const s of snap.analysis.model.services) {
    for (const r of s.placement.on) selector(r.selector, s.name, "on");
    for (const r of s.placement.prefer) selector(r.selector, s.name, "prefer");
    for (const r of s.placement.spread) use(r.label, [], `${s.name}: spread by ${r.label}`);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function recordFields(t: Type): [string, FieldType][] {
  const n = nonOptional(t);
  if (n.k === "record") return [...n.fields];
  if (n.k === "union") {
    // Fields of every member (the union's members share what they share).
    const out = new Map<string, FieldType>();
    for (const m of n.members) for (const [k, f] of recordFields(m)) if (!out.has(k)) out.set(k, f);
    return [...out];
  }
  return [];
}

function recordField(t: Type, name: string): FieldType | undefined {
  return recordFields(t).find(([n]) => n === name)?.[1];
}

/** The strings of a literal union type (`"a" | "b"`), for enum completion. */
function literalStrings(t: Type | undefined): string[] {
  if (!t) return [];
  const n = nonOptional(t);
  if (n.k === "literal" && typeof n.value === "string") return [n.value];
  if (n.k === "union") return n.members.flatMap((m) => (m.k === "literal" && typeof m.value === "string" ? [m.value] : []));
  return [];
}

function stdList(snap: Snapshot): string[] {
  const dir = snap.absolutePath("std/prelude.sys");
  const out = new Set<string>();
  for (const k of snap.analysis.modules.keys()) if (k.startsWith("std:")) out.add(k.slice(4).replace(/\.sys$/, ""));
  if (dir) {
    try {
      for (const f of fs.readdirSync(path.dirname(dir))) if (f.endsWith(".sys")) out.add(f.replace(/\.sys$/, ""));
    } catch {
      // No stdlib folder: only what is loaded.
    }
  }
  return [...out].sort();
}
