// Herd is total: no function may call itself, directly or through others,
// and no constant may be defined in terms of itself. Both are found here,
// across modules, from the binder's resolutions (Tarjan's strongly
// connected components over constants and functions).
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type * as A from "../syntax/ast.js";
import { walk } from "../syntax/walk.js";
import type { ModuleInfo } from "./module-info.js";
import type { DeclSymbol, Sym } from "./symbols.js";

interface Edge {
  to: DeclSymbol;
  /** The reference that creates the dependency. */
  at: A.Node;
  /** The file it is in. */
  file: string;
}

// A declaration's references, per syntax node and name binding: both are the
// same objects while its module is unchanged (an editor analyses again on
// every keystroke, mostly in one file).
const edgeCache = new WeakMap<A.Node, { binding: ModuleInfo["binding"]; out: Edge[] }>();

function edgesOf(sym: DeclSymbol, m: ModuleInfo): Edge[] {
  const hit = edgeCache.get(sym.decl);
  if (hit && hit.binding === m.binding) return hit.out;
  const out: Edge[] = [];
  walk(sym.decl, (n) => {
    const target: Sym | undefined = m.binding.refs.get(n);
    if (target && (target.kind === "let" || target.kind === "fn") && n.kind !== "ImportName") out.push({ to: target, at: n, file: m.file });
  });
  edgeCache.set(sym.decl, { binding: m.binding, out });
  return out;
}

export function findCycles(modules: readonly ModuleInfo[]): Diagnostic[] {
  const edges = new Map<DeclSymbol, Edge[]>();
  const nodes: DeclSymbol[] = [];
  const moduleOf = new Map<DeclSymbol, ModuleInfo>();
  for (const m of modules) {
    for (const sym of m.decls.symbols.values()) {
      if (sym.kind !== "let" && sym.kind !== "fn") continue;
      nodes.push(sym);
      moduleOf.set(sym, m);
      edges.set(sym, edgesOf(sym, m));
    }
  }
  // Tarjan, with an explicit stack of frames (a symbol and how far through
  // its edges it is): a chain of thousands of constants is no deeper for it.
  let index = 0;
  const idx = new Map<DeclSymbol, number>();
  const low = new Map<DeclSymbol, number>();
  const onStack = new Set<DeclSymbol>();
  const stack: DeclSymbol[] = [];
  const sccs: DeclSymbol[][] = [];
  const enter = (v: DeclSymbol, frames: { v: DeclSymbol; edges: Edge[]; next: number }[]) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    frames.push({ v, edges: edges.get(v) ?? [], next: 0 });
  };
  const strong = (root: DeclSymbol): void => {
    const frames: { v: DeclSymbol; edges: Edge[]; next: number }[] = [];
    enter(root, frames);
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      if (f.next < f.edges.length) {
        const w = f.edges[f.next++]!.to;
        if (!edges.has(w)) continue;
        if (!idx.has(w)) enter(w, frames);
        else if (onStack.has(w)) low.set(f.v, Math.min(low.get(f.v)!, idx.get(w)!));
        continue;
      }
      // All of v's edges done: close its component if it is the root of one, then hand its low to its caller.
      const v = f.v;
      frames.pop();
      if (low.get(v) === idx.get(v)) {
        const comp: DeclSymbol[] = [];
        let w: DeclSymbol;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        sccs.push(comp);
      }
      const caller = frames[frames.length - 1];
      if (caller) low.set(caller.v, Math.min(low.get(caller.v)!, low.get(v)!));
    }
  };
  for (const v of nodes) if (!idx.has(v)) strong(v);

  const out: Diagnostic[] = [];
  for (const comp of sccs) {
    const members = new Set(comp);
    const selfLoop = comp.length === 1 && (edges.get(comp[0]!) ?? []).some((e) => e.to === comp[0]);
    if (comp.length === 1 && !selfLoop) continue;
    const allFns = comp.every((s) => s.kind === "fn");
    // One diagnostic per cycle, at the first member in the source; the other
    // members' references are related information.
    const ordered = [...comp].sort((a, b) => moduleOf.get(a)!.file.localeCompare(moduleOf.get(b)!.file) || a.nameSpan.start - b.nameSpan.start);
    const first = ordered[0]!;
    const edgeOf = (sym: DeclSymbol) => (edges.get(sym) ?? []).find((e) => members.has(e.to));
    const edge = edgeOf(first);
    if (!edge) continue;
    const others = ordered.slice(1).map((s) => `\`${s.name}\``);
    const via = others.length > 0 ? ` (through ${others.join(", ")})` : "";
    const message = allFns
      ? `\`${first.name}\` calls itself${via}: Herd has no recursion, so every evaluation ends; use a list comprehension over \`range(n)\` instead`
      : `\`${first.name}\` is defined in terms of itself${via}`;
    const related = ordered.slice(1).flatMap((sym) => {
      const e = edgeOf(sym);
      return e ? [{ file: e.file, span: { start: e.at.start, end: e.at.end }, message: `\`${sym.name}\` ${allFns ? "calls" : "reads"} \`${e.to.name}\` here` }] : [];
    });
    out.push(diagnostic(allFns ? "H0211" : "H0212", edge.file, edge.at, message, { related }));
  }
  return out;
}
