// A function's signature as hover and signature help show it: each parameter
// with its type and, where it has one, its default as written (`path: String =
// "/"`), shortened to `…` when long. Both ask here, so they read alike.
import type { DeclSymbol } from "../../language/names/symbols.js";
import type * as A from "../../language/syntax/ast.js";
import { typeToString } from "../../language/types/types.js";
import type { Snapshot } from "./snapshot.js";

/** A default longer than this, or on more than one line, shows as `…`. */
const MAX_DEFAULT = 24;

export interface FnSignature {
  /** `name(p: T = d, …): R` */
  label: string;
  params: string[];
}

export function fnSignature(snap: Snapshot, sym: DeclSymbol): FnSignature | undefined {
  const t = snap.analysis.checker.symbolType(sym);
  if (t.k !== "fn") return undefined;
  const decl = sym.decl as A.FnDecl;
  const text = snap.module(sym.module)?.source.text;
  const params = t.params.map((p, i) => {
    const d = decl.params[i]?.default;
    const written = d && text !== undefined ? text.slice(d.start, d.end) : undefined;
    const shown = written !== undefined && written.length <= MAX_DEFAULT && !written.includes("\n") ? written : "…";
    return `${p.name}: ${typeToString(p.type)}${p.hasDefault ? ` = ${shown}` : ""}`;
  });
  return { label: `${sym.name}(${params.join(", ")}): ${typeToString(t.result)}`, params };
}
