// Go to type definition: from a name, a field or a function to the `type`
// declaration of its type (`Run` in std/prelude.sys for a service's `run`),
// through lists, maps, optionals and a function's result.
import type { DeclSymbol } from "../../language/names/symbols.js";
import type { Type } from "../../language/types/types.js";
import type { Location } from "./navigation.js";
import type { Snapshot } from "./snapshot.js";
import { declarationOf, targetAt } from "./targets.js";

/** The first named type inside `t`: its own name, else its element's, value's, inner's or result's. */
function namedType(t: Type | undefined): string | undefined {
  for (let i = 0; t && i < 16; i++) {
    if (t.name) return t.name;
    t = t.k === "list" ? t.elem : t.k === "map" ? t.value : t.k === "optional" ? t.inner : t.k === "fn" ? t.result : undefined;
  }
  return undefined;
}

/** The `type` declaration a type name means in `file`: as the file sees it (its own, imported, the prelude's), else wherever the workspace and the stdlib it loaded declare it. */
export function typeDeclaration(snap: Snapshot, file: string, name: string): DeclSymbol | undefined {
  const m = snap.module(file);
  const visible = m?.binding.scopes.get(m.tree)?.lookup(name);
  if (visible?.kind === "type") return visible;
  for (const x of snap.analysis.modules.values()) {
    const s = x.decls.symbols.get(name);
    if (s?.kind === "type") return s;
  }
  return undefined;
}

export function typeDefinition(snap: Snapshot, file: string, offset: number): Location[] {
  const t = targetAt(snap, file, offset);
  if (!t || t.kind === "label") return [];
  const checker = snap.analysis.checker;
  const name = namedType(t.kind === "field" ? t.field.type : t.sym.kind === "type" ? undefined : checker.symbolType(t.sym));
  const sym = name ? typeDeclaration(snap, file, name) : undefined;
  const decl = sym && declarationOf(sym);
  return decl ? [{ file: decl.file, span: { start: decl.span.start, end: decl.span.end } }] : [];
}
