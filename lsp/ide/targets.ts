// What the name under the cursor is: a symbol (declared here or referred
// to), or a schema field. Hover, navigation and rename all start here, and
// all of it comes from the binder's and the checker's results.
import type { ModuleKey } from "../../language/names/module-key.js";
import type { DeclSymbol, Sym } from "../../language/names/symbols.js";
import type * as A from "../../language/syntax/ast.js";
import type { FieldType } from "../../language/types/types.js";
import type { Snapshot } from "./snapshot.js";

export type Target =
  | { kind: "symbol"; sym: Sym; span: A.Node; declaration: boolean }
  | { kind: "field"; field: FieldType; name: string; span: A.Node; owner?: A.Node }
  | { kind: "label"; label: string; span: A.Node };

/** The declaration symbol a declaration's name node belongs to. */
function declSymbolOf(snap: Snapshot, file: ModuleKey, decl: A.Node): DeclSymbol | undefined {
  const m = snap.module(file);
  if (!m) return undefined;
  for (const s of [...m.decls.symbols.values(), ...m.decls.machines.values()]) if (s.decl === decl) return s;
  return undefined;
}

export function targetAt(snap: Snapshot, file: ModuleKey, offset: number): Target | undefined {
  const m = snap.module(file);
  if (!m) return undefined;
  const nodes = snap.nodesAt(file, offset);
  const checker = snap.analysis.checker;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const parent = nodes[i - 1];
    const ref = m.binding.refs.get(n);
    if (ref && (n.kind === "Name" || n.kind === "NamedType" || n.kind === "ImportName")) {
      const span = n.kind === "NamedType" ? n.name : n.kind === "ImportName" ? n.name : n;
      return { kind: "symbol", sym: ref, span, declaration: false };
    }
    if (n.kind === "Member" && n.member && offset >= n.member.start) {
      if (ref) return { kind: "symbol", sym: ref, span: n.member, declaration: false };
      const f = checker.fieldOf(n, m.key);
      if (f) return { kind: "field", field: f, name: n.member.name, span: n.member };
      continue;
    }
    if (n.kind === "Ident" && parent) {
      // The name in a declaration, parameter or loop variable.
      if (parent.kind === "LetDecl" || parent.kind === "FnDecl" || parent.kind === "TypeDecl" || parent.kind === "ServiceDecl" || parent.kind === "PoolDecl" || parent.kind === "NodeDecl") {
        const sym = declSymbolOf(snap, file, parent);
        if (sym) return { kind: "symbol", sym, span: n, declaration: true };
      }
      if (parent.kind === "Param") {
        const fn = nodes.find((x): x is A.FnDecl => x.kind === "FnDecl");
        const sym = fn && m.binding.scopes.get(fn)?.names.get(n.name);
        if (sym) return { kind: "symbol", sym, span: n, declaration: true };
      }
      if (parent.kind === "For") {
        const sym = m.binding.scopes.get(parent)?.names.get(n.name);
        if (sym) return { kind: "symbol", sym, span: n, declaration: true };
      }
      if (parent.kind === "ImportDecl" && parent.alias === n) {
        const sym = m.binding.scopes.get(m.tree)?.lookup(n.name);
        if (sym) return { kind: "symbol", sym, span: n, declaration: true };
      }
    }
    if (n.kind === "FieldKey") {
      const f = checker.fieldOf(n, m.key);
      if (f) return { kind: "field", field: f, name: n.name, span: n };
      // A field of a declaration body is also a symbol there.
      const body = nodes.find((x) => x.kind === "Record" && m.binding.scopes.has(x));
      const sym = body && m.binding.scopes.get(body)?.names.get(n.name);
      if (sym?.kind === "field") return { kind: "symbol", sym, span: n, declaration: true };
      return undefined;
    }
    if (n.kind === "LabelKey") return { kind: "label", label: n.name, span: n };
  }
  return undefined;
}

/** Every place a symbol is named: its declaration and its references, in all modules. */
export function occurrences(snap: Snapshot, sym: Sym): { file: string; span: A.Node; declaration: boolean }[] {
  const out: { file: string; span: A.Node; declaration: boolean }[] = [];
  const decl = declarationOf(sym);
  if (decl) out.push({ ...decl, declaration: true });
  for (const m of snap.analysis.modules.values()) {
    for (const [n, s] of m.binding.refs) {
      if (!sameSymbol(s, sym)) continue;
      const node = n as A.AnyNode;
      const span = node.kind === "NamedType" ? node.name : node.kind === "ImportName" ? node.name : node.kind === "Member" ? (node.member ?? node) : node;
      out.push({ file: m.file, span, declaration: false });
    }
  }
  return out;
}

/** Machines of a pool are made per reference; equal when naming the same machine. */
function sameSymbol(a: Sym, b: Sym): boolean {
  if (a === b) return true;
  if (a.kind === "machine" && b.kind === "machine") return a.pool === b.pool && a.number === b.number;
  return false;
}

export function declarationOf(sym: Sym): { file: string; span: A.Node } | undefined {
  const file = (k: ModuleKey) => (k.startsWith("std:") ? "std/" + k.slice(4) : k);
  switch (sym.kind) {
    case "let":
    case "fn":
    case "type":
    case "service":
    case "pool":
    case "node":
    case "namespace":
      return { file: file(sym.module), span: sym.nameSpan };
    case "param":
      return { file: file(sym.module), span: sym.decl.name };
    case "local":
      return { file: file(sym.module), span: sym.decl };
    case "field":
      return sym.fields[0] ? { file: file(sym.module), span: sym.fields[0].path[0]! } : undefined;
    case "machine":
      return { file: file(sym.pool.module), span: sym.pool.nameSpan };
    case "index":
    case "builtin":
      return undefined;
  }
}
