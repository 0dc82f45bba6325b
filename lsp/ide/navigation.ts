// Go to definition, find references, document highlights and rename — all
// from the binder's resolutions across the workspace (and into the stdlib).
import { displayKey } from "../../language/names/module-key.js";
import type { Sym } from "../../language/names/symbols.js";
import { keywordTokens } from "../../language/syntax/tokens.js";
import { nodesAt, walk } from "../../language/syntax/walk.js";
import type { Snapshot } from "./snapshot.js";
import { declarationOf, occurrences, targetAt } from "./targets.js";

export interface Location {
  /** A diagnostic-style file name: `lib/x.sys` or `std/hetzner.sys`. */
  file: string;
  span: { start: number; end: number };
}

export function definition(snap: Snapshot, file: string, offset: number): Location[] {
  const imported = importedModuleAt(snap, file, offset);
  if (imported) return [imported];
  const t = targetAt(snap, file, offset);
  if (!t) return [];
  if (t.kind === "field") {
    const d = t.field.decl;
    if (!d) return [];
    const f = d.module.startsWith("std:") ? "std/" + d.module.slice(4) : d.module;
    return [{ file: f, span: { start: d.node.name.start, end: d.node.name.end } }];
  }
  if (t.kind === "label") return labelDefinitions(snap, t.label);
  const decl = declarationOf(t.sym);
  return decl ? [{ file: decl.file, span: { start: decl.span.start, end: decl.span.end } }] : [];
}

/** The modules a label's places are looked for in: the system's, or one file's (highlights, asked at every move of the cursor). */
function labelModules(snap: Snapshot, onlyFile?: string) {
  if (onlyFile === undefined) return [...snap.analysis.modules.values()].filter((m) => m.inSystem);
  const m = snap.module(onlyFile);
  return m ? [m] : [];
}

/** A label a rule selects on (`on tier == …`): where pools and nodes of the system write it in their `labels`. */
function labelDefinitions(snap: Snapshot, label: string, onlyFile?: string): Location[] {
  const out: Location[] = [];
  for (const m of labelModules(snap, onlyFile)) {
    for (const d of m.tree.decls) {
      if ((d.kind !== "PoolDecl" && d.kind !== "NodeDecl") || d.body?.kind !== "Record") continue;
      const labels = d.body.fields.find((f) => f.path.length === 1 && f.path[0]!.name === "labels")?.value;
      if (labels?.kind !== "Record") continue;
      for (const f of labels.fields) if (f.path.length === 1 && f.path[0]!.name === label) out.push({ file: m.file, span: { start: f.path[0]!.start, end: f.path[0]!.end } });
    }
  }
  return out;
}

/** On an import's path: the start of the file it imports (when it exists). */
function importedModuleAt(snap: Snapshot, file: string, offset: number): Location | undefined {
  const m = snap.module(file);
  const imp = m?.decls.imports.find((i) => i.decl.path && i.decl.path.start <= offset && offset < i.decl.path.end);
  if (!imp?.target || !snap.analysis.modules.has(imp.target)) return undefined;
  return { file: displayKey(imp.target), span: { start: 0, end: 0 } };
}

export function references(snap: Snapshot, file: string, offset: number, includeDeclaration: boolean): Location[] {
  const t = targetAt(snap, file, offset);
  if (t?.kind === "label") return [...(includeDeclaration ? labelDefinitions(snap, t.label) : []), ...labelUses(snap, t.label)];
  if (!t || t.kind !== "symbol") return [];
  return occurrences(snap, t.sym)
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ file: o.file, span: { start: o.span.start, end: o.span.end } }));
}

/** Every placement rule of the system's files that names the label (`on`, `prefer`, `spread by`). */
function labelUses(snap: Snapshot, label: string, onlyFile?: string): Location[] {
  const out: Location[] = [];
  for (const m of labelModules(snap, onlyFile)) {
    walk(m.tree, (n) => {
      if (n.kind === "LabelKey" && n.name === label) out.push({ file: m.file, span: { start: n.start, end: n.end } });
    });
  }
  return out;
}

export interface Highlight {
  span: { start: number; end: number };
  write: boolean;
}

export function highlights(snap: Snapshot, file: string, offset: number): Highlight[] {
  const t = targetAt(snap, file, offset);
  const m = snap.module(file);
  if (t?.kind === "label") {
    return [...labelDefinitions(snap, t.label, file).map((l) => ({ span: l.span, write: true })), ...labelUses(snap, t.label, file).map((l) => ({ span: l.span, write: false }))];
  }
  if (!t || t.kind !== "symbol") return [];
  return occurrences(snap, t.sym)
    .filter((o) => o.file === m?.file)
    .map((o) => ({ span: { start: o.span.start, end: o.span.end }, write: o.declaration }));
}

export type RenameResult = { ok: true; edits: Map<string, { span: { start: number; end: number }; newText: string }[]> } | { ok: false; reason: string };

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;

/** Whether the name under the cursor can be renamed, and its current span. */
export function prepareRename(snap: Snapshot, file: string, offset: number): { ok: true; span: { start: number; end: number }; name: string } | { ok: false; reason: string } {
  const t = targetAt(snap, file, offset);
  if (!t) return { ok: false, reason: "there is no name here to rename" };
  if (t.kind === "field") return { ok: false, reason: `\`${t.name}\` is a field of a schema; rename it where the type is declared` };
  if (t.kind === "label") return { ok: false, reason: "labels are data, not names: change them on the machines that have them" };
  const s = t.sym;
  switch (s.kind) {
    case "builtin":
      return { ok: false, reason: `\`${s.name}\` is built into Herd` };
    case "index":
      return { ok: false, reason: "`index` is provided by the pool" };
    case "pool":
    case "node":
    case "machine":
      return { ok: false, reason: "renaming a machine changes its identity: its NixOS configuration and its Terraform resource would be replaced. Add the new machine, move its services, then remove the old one" };
    case "field":
      return { ok: false, reason: `\`${s.name}\` is a field of the ${s.owner.kind === "BaseDecl" ? "base" : "declaration"}'s schema` };
    default:
      break;
  }
  const decl = declarationOf(s);
  if (decl?.file.startsWith("std/")) return { ok: false, reason: `\`${s.name}\` is declared in the standard library (${decl.file})` };
  // Renaming through an alias (`import "x" { a as b }`) would rename the wrong word.
  const m = snap.module(file);
  const text = m?.source.text.slice(t.span.start, t.span.end);
  if (text !== s.name) return { ok: false, reason: `\`${text}\` is an import alias of \`${s.name}\`: rename the alias in the import` };
  return { ok: true, span: { start: t.span.start, end: t.span.end }, name: s.name };
}

/**
 * A pool or node that shares the new name (`pool db` runs `service db`):
 * names find declarations before pools and nodes, so taking a pool's name
 * changes nothing while no name refers to the pool itself.
 */
function shadowsUnnamedMachines(snap: Snapshot, clash: Sym): boolean {
  return (clash.kind === "pool" || clash.kind === "node") && occurrences(snap, clash).every((o) => o.declaration);
}

export function rename(snap: Snapshot, file: string, offset: number, newName: string): RenameResult {
  const prep = prepareRename(snap, file, offset);
  if (!prep.ok) return prep;
  if (!namePattern.test(newName)) return { ok: false, reason: `\`${newName}\` is not a valid name: use letters, digits, \`_\` and inner \`-\`` };
  const kw = keywordTokens.get(newName);
  if (kw && !kw.CATEGORIES?.some((c) => c.name === "Identifier")) return { ok: false, reason: `\`${newName}\` is a reserved word` };
  const t = targetAt(snap, file, offset)!;
  if (t.kind !== "symbol") return { ok: false, reason: "there is no name here to rename" };
  // Refuse when the new name is already visible where the symbol is used or
  // declared, in the innermost scope there (a parameter, a comprehension's
  // variable, a body's fields): the renamed uses would mean that instead, or
  // uses of that would come to mean the renamed symbol.
  const occ = occurrences(snap, t.sym);
  for (const o of occ) {
    const m = snap.module(o.file);
    if (!m) continue;
    const scopeNode = nodesAt(m.tree, o.span.start).reverse().find((n) => m.binding.scopes.has(n)) ?? m.tree;
    const clash = m.binding.scopes.get(scopeNode)?.lookup(newName);
    if (clash && clash !== t.sym && !shadowsUnnamedMachines(snap, clash)) {
      const line = m.source.positionAt(o.span.start).line + 1;
      return { ok: false, reason: `\`${newName}\` already means something where \`${t.sym.name}\` is written (${o.file}, line ${line}): renaming would change what names mean` };
    }
  }
  // Service names are one namespace across the system, not only where they are visible.
  if (t.sym.kind === "service") {
    for (const m of snap.analysis.modules.values()) {
      const other = m.decls.symbols.get(newName);
      if (other?.kind === "service" && other !== t.sym) return { ok: false, reason: `\`${newName}\` is already a service (${m.file}): service names are unique across the system` };
    }
  }
  const edits = new Map<string, { span: { start: number; end: number }; newText: string }[]>();
  for (const o of occ) {
    // A use through an import alias (`{ a as b }` … `b`) keeps its alias.
    if (snap.module(o.file)?.source.text.slice(o.span.start, o.span.end) !== t.sym.name) continue;
    const list = edits.get(o.file) ?? edits.set(o.file, []).get(o.file)!;
    if (!list.some((e) => e.span.start === o.span.start)) list.push({ span: { start: o.span.start, end: o.span.end }, newText: newName });
  }
  return { ok: true, edits };
}
