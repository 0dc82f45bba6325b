// The outline of a file (document symbols) and names across the workspace
// (workspace symbols).
import type * as A from "../../language/syntax/ast.js";
import type { Snapshot } from "./snapshot.js";

export type SymbolKind = "module" | "service" | "pool" | "node" | "constant" | "function" | "type" | "field" | "object" | "rule";

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: { start: number; end: number };
  selection: { start: number; end: number };
  children: OutlineSymbol[];
}

function fieldsOf(r: A.RecordExpr | undefined): OutlineSymbol[] {
  if (!r) return [];
  // A field whose key did not parse has no name to list.
  return r.fields.filter((f) => f.path.length > 0).map((f) => ({
    name: f.path.map((k) => k.name).join("."),
    kind: "field" as const,
    span: { start: f.start, end: f.end },
    selection: { start: f.path[0]!.start, end: f.path[f.path.length - 1]!.end },
    children: f.value?.kind === "Record" ? fieldsOf(f.value) : [],
  }));
}

export function documentSymbols(snap: Snapshot, file: string): OutlineSymbol[] {
  const m = snap.module(file);
  if (!m) return [];
  const out: OutlineSymbol[] = [];
  for (const d of m.tree.decls) {
    const span = { start: d.start, end: d.end };
    switch (d.kind) {
      case "ImportDecl":
        if (d.path) out.push({ name: m.source.text.slice(d.path.start, d.path.end), kind: "module", span, selection: { start: d.path.start, end: d.path.end }, children: [] });
        break;
      case "BaseDecl":
        out.push({ name: "base", kind: "object", span, selection: d.keyword, children: fieldsOf(d.body) });
        break;
      case "PolicyDecl":
        out.push({ name: "policy", kind: "object", span, selection: d.keyword, children: [] });
        break;
      case "ServiceDecl":
      case "PoolDecl":
      case "NodeDecl": {
        if (!d.name) break;
        const body = d.kind === "ServiceDecl" ? (d.value?.kind === "Record" ? d.value : undefined) : d.body;
        const kind = d.kind === "ServiceDecl" ? "service" : d.kind === "PoolDecl" ? "pool" : "node";
        const detail = kind === "service" ? serviceDetail(snap, d.name.name) : kind === "pool" ? poolDetail(snap, d.name.name) : undefined;
        out.push({ name: d.name.name, kind, ...(detail ? { detail } : {}), span, selection: d.name, children: fieldsOf(body) });
        break;
      }
      case "LetDecl":
      case "FnDecl":
      case "TypeDecl":
        if (d.name) out.push({ name: d.name.name, kind: d.kind === "LetDecl" ? "constant" : d.kind === "FnDecl" ? "function" : "type", span, selection: d.name, children: [] });
        break;
      case "ErrorDecl":
        break;
    }
  }
  return out;
}

function serviceDetail(snap: Snapshot, name: string): string | undefined {
  const s = snap.analysis.model.services.find((x) => x.name === name);
  return s ? `${s.replicas} replica${s.replicas === 1 ? "" : "s"}` : undefined;
}

function poolDetail(snap: Snapshot, name: string): string | undefined {
  const p = snap.analysis.model.pools.find((x) => x.name === name);
  return p ? `${p.count} machine${p.count === 1 ? "" : "s"}` : undefined;
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  file: string;
  span: { start: number; end: number };
  container?: string;
}

/** Declarations of the workspace (not the stdlib) whose name contains the query's letters in order. */
export function workspaceSymbols(snap: Snapshot, query: string): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const matches = (name: string) => {
    let i = 0;
    for (const ch of name.toLowerCase()) if (ch === q[i]) i++;
    return i === q.length;
  };
  const out: WorkspaceSymbol[] = [];
  for (const m of snap.analysis.modules.values()) {
    if (m.key.startsWith("std:")) continue;
    for (const s of [...m.decls.symbols.values(), ...m.decls.machines.values()]) {
      if (!matches(s.name)) continue;
      const kind: SymbolKind = s.kind === "let" ? "constant" : s.kind === "fn" ? "function" : s.kind;
      out.push({ name: s.name, kind, file: m.file, span: { start: s.nameSpan.start, end: s.nameSpan.end }, container: m.file });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.file < b.file ? -1 : 1));
}
