// Hover: the type, the doc comment and the evaluated value of what is under
// the cursor; on a service, where its replicas run; on a machine, what runs
// on it and how full it is; on an import's path, what the module declares;
// on a rule's keyword, a package or an amount's unit, what it means.
// Markdown, plain data.
import { describe as describeSym } from "../../language/names/binder.js";
import { builtins } from "../../language/names/builtins.js";
import type { Sym } from "../../language/names/symbols.js";
import type * as A from "../../language/syntax/ast.js";
import { showValue } from "../../language/eval/values.js";
import { unitAccessors } from "../../language/types/checker.js";
import { formatBytes, formatCpu, nonOptional, typeToString, type Type } from "../../language/types/types.js";
import type { Assignment, PlacementResult, UnplacedReplica } from "../../compiler/placement/index.js";
import type { Snapshot } from "./snapshot.js";
import { fnSignature } from "./fn-signature.js";
import { ruleDocOf } from "./rule-docs.js";
import { targetAt } from "./targets.js";
import { catalogEntry } from "./catalog.js";
import { typeDeclaration } from "./type-definition.js";

export interface Hover {
  span: { start: number; end: number };
  markdown: string;
}

const code = (s: string) => "```herd\n" + s + "\n```";

export function hover(snap: Snapshot, file: string, offset: number): Hover | undefined {
  const imported = importHover(snap, file, offset);
  if (imported) return imported;
  const t = targetAt(snap, file, offset);
  if (!t) return literalHover(snap, file, offset);
  const span = { start: t.span.start, end: t.span.end };
  if (t.kind === "field") {
    const parts = [code(`${t.name}: ${typeToString(t.field.type)}${t.field.default ? " = " + sourceOf(snap, t.field.default.module, t.field.default.expr) : ""}`)];
    if (t.field.doc) parts.push(t.field.doc);
    return { span, markdown: parts.join("\n\n") };
  }
  if (t.kind === "label") {
    const values = new Map<string, string[]>();
    for (const m of snap.analysis.model.machines) {
      const v = m.labels[t.label];
      if (v !== undefined) (values.get(v) ?? values.set(v, []).get(v)!).push(m.name);
    }
    const lines = [...values].sort(([a], [b]) => (a < b ? -1 : 1)).map(([v, ms]) => `- \`${v}\`: ${ms.length} machine${ms.length === 1 ? "" : "s"} (${ms.slice(0, 5).join(", ")}${ms.length > 5 ? ", …" : ""})`);
    return { span, markdown: `label \`${t.label}\`\n\n${lines.length > 0 ? lines.join("\n") : "no machine has this label"}` };
  }
  return { span, markdown: symbolHover(snap, t.sym) };
}

/** On an import's path: the module, and what it declares. */
function importHover(snap: Snapshot, file: string, offset: number): Hover | undefined {
  const imp = snap.module(file)?.decls.imports.find((i) => i.decl.path && i.decl.path.start <= offset && offset < i.decl.path.end);
  const target = imp?.target ? snap.analysis.modules.get(imp.target) : undefined;
  if (!imp || !target) return undefined;
  const decls = [...target.decls.symbols.values(), ...target.decls.machines.values()].sort((a, b) => a.nameSpan.start - b.nameSpan.start);
  const lines = decls.map((d) => `- ${d.kind} \`${d.name}\`${d.decl.doc ? ": " + d.decl.doc.text.split("\n")[0] : ""}`);
  return { span: { start: imp.decl.path!.start, end: imp.decl.path!.end }, markdown: [code(`module "${target.file.replace(/\.sys$/, "")}"`), lines.length > 0 ? lines.join("\n") : "declares nothing"].join("\n\n") };
}

function sourceOf(snap: Snapshot, module: string, n: A.Node): string {
  const m = snap.module(module);
  return m ? m.source.text.slice(n.start, n.end) : "…";
}

function symbolHover(snap: Snapshot, sym: Sym): string {
  const checker = snap.analysis.checker;
  const parts: string[] = [];
  const typeOf = (s: Sym): Type => checker.symbolType(s);
  switch (sym.kind) {
    case "let": {
      parts.push(code(`let ${sym.name}: ${typeToString(typeOf(sym))}`));
      const doc = sym.decl.doc?.text;
      if (doc) parts.push(doc);
      const v = snap.analysis.evaluator.letValue(sym);
      if (v.t !== "error") parts.push("Value: " + "`" + truncate(showValue(v)) + "`");
      break;
    }
    case "fn": {
      parts.push(code(`fn ${fnSignature(snap, sym)?.label ?? sym.name + "(…)"}`));
      if (sym.decl.doc) parts.push(sym.decl.doc.text);
      break;
    }
    case "type": {
      const t = typeOf(sym);
      const expanded = { ...t, name: undefined } as Type;
      parts.push(code(`type ${sym.name} = ${typeToString(expanded)}`));
      if (sym.decl.doc) parts.push(sym.decl.doc.text);
      break;
    }
    case "service":
      parts.push(...serviceHover(snap, sym.name, sym.decl.doc?.text));
      break;
    case "pool":
    case "node":
    case "machine":
      parts.push(...machineHover(snap, sym));
      break;
    case "namespace":
      parts.push(code(`import "${sym.decl.path ? sym.decl.path.parts.map((p) => (p.kind === "Text" ? p.value : "")).join("") : ""}" as ${sym.name}`));
      break;
    case "builtin": {
      const info = builtins.get(sym.name);
      parts.push(code(info?.signature ?? sym.name));
      if (info) parts.push(info.doc);
      break;
    }
    default: {
      const t = typeOf(sym);
      parts.push(code(`${describeSym(sym)} ${sym.name}: ${typeToString(t)}`));
      if (sym.kind === "field" && sym.fields[0]?.doc) parts.push(sym.fields[0].doc.text);
    }
  }
  return parts.join("\n\n");
}

// Replicas found by service rather than searched for: a fleet has thousands
// of them, and a hover is asked right after each edit. The index lasts as long
// as the placement, which outlives edits that do not move anything.
const byService = new WeakMap<PlacementResult, Map<string, { placed: Assignment[]; unplaced: UnplacedReplica[] }>>();

function replicasOf(result: PlacementResult, name: string): { placed: Assignment[]; unplaced: UnplacedReplica[] } {
  let m = byService.get(result);
  if (!m) {
    byService.set(result, (m = new Map()));
    const entry = (service: string) => {
      let e = m!.get(service);
      if (!e) m!.set(service, (e = { placed: [], unplaced: [] }));
      return e;
    };
    for (const a of result.assignments) entry(a.service).placed.push(a);
    for (const u of result.unplaced) entry(u.service).unplaced.push(u);
  }
  return m.get(name) ?? { placed: [], unplaced: [] };
}

function serviceHover(snap: Snapshot, name: string, doc: string | undefined): string[] {
  const s = snap.analysis.service(name);
  const parts = [code(`service ${name}`)];
  if (doc) parts.push(doc);
  if (!s) return parts;
  parts.push(`${s.replicas} replica${s.replicas === 1 ? "" : "s"} × cpu ${formatCpu(s.resources.cpu)}, memory ${formatBytes(s.resources.memory)}${s.resources.disk ? `, disk ${formatBytes(s.resources.disk)}` : ""}${s.ports.length ? ` · port${s.ports.length > 1 ? "s" : ""} ${s.ports.join(", ")}` : ""}`);
  const p = snap.placement();
  if (!p) {
    parts.push("_Placement: fix the errors first._");
    return parts;
  }
  const { placed, unplaced } = replicasOf(p.result, name);
  if (placed.length > 0) parts.push("Placed: " + placed.map((a) => `${name}#${a.replica} → \`${a.machine}\``).join(", "));
  for (const u of unplaced) parts.push(`**Replica ${u.replica} cannot be placed:** ${u.summary}${u.suggestion ? ` — ${u.suggestion}` : ""}`);
  return parts;
}

function machineHover(snap: Snapshot, sym: Sym): string[] {
  const model = snap.analysis.model;
  const names = sym.kind === "pool" ? (model.pools.find((p) => p.name === sym.name)?.machines ?? []) : [sym.name];
  const parts = [code(`${sym.kind === "pool" ? "pool" : sym.kind === "machine" ? "machine" : "node"} ${sym.name}`)];
  if ((sym.kind === "pool" || sym.kind === "node") && sym.decl.doc) parts.push(sym.decl.doc.text);
  const p = snap.placement();
  for (const n of names.slice(0, 12)) {
    const mm = model.machines.find((x) => x.name === n);
    if (!mm) continue;
    const mp = p?.result.machines.find((x) => x.name === n);
    const what = mm.kind === "existing" ? `existing, ${mm.address ?? "?"}` : `${mm.provider} ${mm.machineType} in ${mm.location}`;
    let line = `- \`${n}\` (${what}): cpu ${formatCpu(mm.resources.cpu)}, memory ${formatBytes(mm.resources.memory)}`;
    if (mp) {
      const cpu = mp.usable.cpu ? Math.round((100 * mp.used.cpu) / mp.usable.cpu) : 0;
      const mem = mp.usable.memory ? Math.round((100 * mp.used.memory) / mp.usable.memory) : 0;
      line += ` — cpu ${cpu}%, memory ${mem}% used; runs ${mp.replicas.length === 0 ? "nothing" : mp.replicas.map((r) => `${r.service}#${r.replica}`).join(", ")}`;
    }
    parts.push(line);
  }
  if (names.length > 12) parts.push(`- … and ${names.length - 12} more`);
  if (names.length === 0) parts.push("no machines");
  return parts;
}

function literalHover(snap: Snapshot, file: string, offset: number): Hover | undefined {
  const m = snap.module(file);
  if (!m) return undefined;
  const nodes = snap.nodesAt(file, offset);
  // Inside a string's text: the string.
  const last = nodes[nodes.length - 1];
  const n = last?.kind === "Text" && nodes[nodes.length - 2]?.kind === "String" ? nodes[nodes.length - 2] : last;
  if (n && n.kind !== "Unit" && n.kind !== "String") return syntaxHover(snap, file, offset, nodes);
  if (!n) return undefined;
  const expected = snap.analysis.checker.expectedTypeOf(n, m.key);
  const t = snap.analysis.checker.typeOf(n, m.key) ?? expected;
  if (!t) return undefined;
  // A value of a named type (`"cx22"`, a ServerType): the type, and what its declaration says.
  const named = expected?.name ? typeDeclaration(snap, file, expected.name) : undefined;
  const doc = named?.decl.doc?.text;
  const shown = named ? `${m.source.text.slice(n.start, n.end)}: ${expected!.name}` : typeToString(t);
  const entry = named && n.kind === "String" ? catalogEntry(snap, named, m.source.text.slice(n.start + 1, n.end - 1)) : undefined;
  return { span: { start: n.start, end: n.end }, markdown: code(shown) + (doc ? "\n\n" + doc : "") + (entry ? `\n\n\`${entry.catalog}\`: ${entry.text}` : "") };
}


/** A rule's keyword, a package (`pkgs.htop`), an amount's unit (`512MiB.gib`): what they mean. */
function syntaxHover(snap: Snapshot, file: string, offset: number, nodes: A.AnyNode[]): Hover | undefined {
  const m = snap.module(file)!;
  const inner = [...nodes].reverse().find((n) => n.kind !== "Ident");
  if (!inner) return undefined;
  const rule = ruleDocOf(inner);
  // On the rule's first word only: its other words are names and values with hovers of their own.
  const keyword = rule && m.source.text.slice(inner.start).match(/^[a-z]+/)?.[0];
  if (rule && keyword && offset <= inner.start + keyword.length) return { span: { start: inner.start, end: inner.start + keyword.length }, markdown: rule.long };
  if (inner.kind !== "Member" || !inner.member || offset < inner.member.start) return undefined;
  const span = { start: inner.member.start, end: inner.member.end };
  const path = packagePath(inner);
  if (path) return { span, markdown: `${code(`pkgs.${path}: Package`)}\n\nA package from nixpkgs. Its path in the Nix store is known only to Nix: interpolated into a string (\`"\${pkgs.${path}}/bin/…"\`), it becomes that path in the NixOS configuration.` };
  const t = snap.analysis.checker.typeOf(inner.object, m.key);
  const kind = t && nonOptional(t).k;
  const acc = kind === "bytes" || kind === "cpu" || kind === "duration" ? unitAccessors[kind][inner.member.name] : undefined;
  return acc ? { span, markdown: `${code(`${inner.member.name}: ${typeToString(acc.type)}`)}\n\n${acc.doc}` } : undefined;
}

/** `pkgs.a.b` as `a.b`; undefined for other member expressions. */
function packagePath(e: A.Expr): string | undefined {
  if (e.kind === "Name") return e.name === "pkgs" ? "" : undefined;
  if (e.kind !== "Member" || !e.member) return undefined;
  const head = packagePath(e.object);
  return head === undefined ? undefined : head ? `${head}.${e.member.name}` : e.member.name;
}

function truncate(s: string): string {
  return s.length > 300 ? s.slice(0, 300) + "…" : s;
}
