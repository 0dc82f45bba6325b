// Keeping a module's symbols across an edit. Importers' name bindings point
// at the symbols of what they import; when an edit leaves a module declaring
// the same names as the same kinds (the usual edit: inside a body), its old
// symbols are kept and moved onto the new syntax tree, so the importers'
// bindings stay valid and need not be redone. An analysis made before the
// edit then sees the new declarations through those symbols: the language
// server drops old snapshots on every change, and nothing else keeps one.
import type { ModuleDecls } from "./binder.js";
import type { DeclSymbol } from "./symbols.js";

/** Whether `fresh` declares the same names, in the same order, as the same kinds as `old` (and hides none the other does not: binder.ts `hidesName`). */
export function sameDeclarations(old: ModuleDecls, fresh: ModuleDecls): boolean {
  return old.key === fresh.key && old.file === fresh.file && !old.hidesName === !fresh.hidesName && sameTable(old.symbols, fresh.symbols) && sameTable(old.machines, fresh.machines);
}

function sameTable(a: ReadonlyMap<string, DeclSymbol>, b: ReadonlyMap<string, DeclSymbol>): boolean {
  if (a.size !== b.size) return false;
  const ib = b.values();
  for (const s of a.values()) {
    const t = ib.next().value as DeclSymbol;
    if (s.name !== t.name || s.kind !== t.kind) return false;
  }
  return true;
}

/** What an edit that kept a module's declarations changed of them. */
export interface DeclarationEdit {
  /** Symbols whose declaration's text changed. */
  edited: ReadonlySet<DeclSymbol>;
  /** Whether the module's imports read exactly as before. */
  sameImports: boolean;
}

/**
 * Moves `old` (and its symbols) onto `fresh`'s declarations, `oldText` and
 * `newText` being the module's text before and after. Only when
 * `sameDeclarations`. `old` is the module's declarations from now on.
 */
export function adoptDeclarations(old: ModuleDecls, fresh: ModuleDecls, oldText: string, newText: string): DeclarationEdit {
  const edited = new Set<DeclSymbol>();
  const textOf = (text: string, n: { start: number; end: number }) => text.slice(n.start, n.end);
  for (const [table, next] of [
    [old.symbols, fresh.symbols],
    [old.machines, fresh.machines],
  ] as const) {
    for (const [name, sym] of table) {
      const f = next.get(name)!;
      if (textOf(oldText, sym.decl) !== textOf(newText, f.decl)) edited.add(sym);
      sym.decl = f.decl;
      sym.nameSpan = f.nameSpan;
    }
  }
  const sameImports = old.imports.length === fresh.imports.length && old.imports.every((imp, i) => textOf(oldText, imp.decl) === textOf(newText, fresh.imports[i]!.decl));
  old.imports = fresh.imports;
  old.bases = fresh.bases;
  old.policies = fresh.policies;
  old.diagnostics = fresh.diagnostics;
  return { edited, sameImports };
}
