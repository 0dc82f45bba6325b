// "Organize imports": the file's imports with what is unused taken out (the
// names and namespaces H0209 reports; an import left with nothing is
// dropped, or kept bare when its module adds to the system, as H0209's fix
// does), the names of each list sorted, the standard library's first, then
// the rest, each group by path. Offered only for imports written together at
// the top with nothing but line breaks between them, so no comment is lost.
import { contributesToSystem } from "../../language/names/binder.js";
import type * as A from "../../language/syntax/ast.js";
import type { Snapshot } from "./snapshot.js";

export interface OrganizeEdit {
  span: { start: number; end: number };
  newText: string;
}

/** The edit that organizes the file's imports, or undefined when there is nothing to do (or they are not together). */
export function organizeImports(snap: Snapshot, file: string): OrganizeEdit | undefined {
  const m = snap.module(file);
  if (!m) return undefined;
  const text = m.source.text;
  const decls = m.tree.decls;
  let n = 0;
  while (n < decls.length && decls[n]!.kind === "ImportDecl") n++;
  const imports = decls.slice(0, n) as A.ImportDecl[];
  if (imports.length === 0 || decls.slice(n).some((d) => d.kind === "ImportDecl")) return undefined;
  for (let i = 1; i < imports.length; i++) if (text.slice(imports[i - 1]!.end, imports[i]!.start).trim() !== "") return undefined;
  if (imports.some((d) => !d.path || d.doc)) return undefined;
  // H0209 comes from binding: the module's own diagnostics have it, without placing anything.
  const unused = new Set(m.diagnostics.filter((d) => d.code === "H0209").map((d) => `${d.span.start}:${d.span.end}`));
  const isUnused = (n: A.Node) => unused.has(`${n.start}:${n.end}`);
  const lines = new Set<string>();
  for (const d of imports) {
    const names = (d.names ?? []).filter((x) => !isUnused(x)).map((x) => text.slice(x.start, x.end));
    const alias = d.alias && !isUnused(d.alias) ? d.alias.name : undefined;
    if (!alias && names.length === 0) {
      // Nothing of it used by name: kept bare only when the module adds to the system (as H0209's fix does).
      const target = m.decls.imports.find((i) => i.decl === d)?.target;
      const decls = target ? snap.analysis.modules.get(target)?.decls : undefined;
      const bare = !d.alias && (d.names ?? []).length === 0;
      if (!bare && !(decls && contributesToSystem(decls))) continue;
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    lines.add(`import ${text.slice(d.path!.start, d.path!.end)}${alias ? ` as ${alias}` : ""}${names.length > 0 ? ` { ${names.join(", ")} }` : ""}`);
  }
  const rank = (line: string) => (line.startsWith('import "std/') ? 0 : 1);
  const sorted = [...lines].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const span = { start: imports[0]!.start, end: imports[imports.length - 1]!.end };
  const newText = sorted.join("\n");
  return text.slice(span.start, span.end) === newText ? undefined : { span, newText };
}
