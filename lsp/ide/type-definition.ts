// Go to type definition: from a name, a field or a function to the `type`
// declaration of its type (`Run` in std/prelude.sys for a service's `run`),
// through lists, maps, optionals and a function's result.
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

export function typeDefinition(snap: Snapshot, file: string, offset: number): Location[] {
  const t = targetAt(snap, file, offset);
  const m = snap.module(file);
  if (!t || !m || t.kind === "label") return [];
  const checker = snap.analysis.checker;
  const name = namedType(t.kind === "field" ? t.field.type : t.sym.kind === "type" ? undefined : checker.symbolType(t.sym));
  if (!name) return [];
  // The type as this file sees it (its own, imported, the prelude's), else wherever the workspace and the stdlib it loaded declare it.
  const visible = m.binding.scopes.get(m.tree)?.lookup(name);
  const sym = visible?.kind === "type" ? visible : [...snap.analysis.modules.values()].map((x) => x.decls.symbols.get(name)).find((s) => s?.kind === "type");
  const decl = sym && declarationOf(sym);
  return decl ? [{ file: decl.file, span: { start: decl.span.start, end: decl.span.end } }] : [];
}
