// When files or folders are renamed or moved in the editor, the relative
// import paths that reach them — and those written inside them, whose
// starting point moves — are rewritten so every import still finds its file
// (the edits apply before the move, to the files under their old names).
import * as path from "node:path";
import { isStdKey, type ModuleKey } from "../../language/names/module-key.js";
import type { Snapshot } from "./snapshot.js";

/** A file or folder moved inside the workspace: workspace-relative paths with `/`. A folder moves everything under it. */
export interface FileMove {
  from: string;
  to: string;
}

export type FileEdits = Map<string, { span: { start: number; end: number }; newText: string }[]>;

/** Where a module is after the moves (its key unchanged when none moves it). */
function movedKey(key: ModuleKey, moves: readonly FileMove[]): ModuleKey {
  for (const m of moves) {
    if (key === m.from) return m.to;
    if (key.startsWith(m.from + "/")) return m.to + key.slice(m.from.length);
  }
  return key;
}

/** The relative specifier from a module at `fromKey` to one at `toKey`, written as `like` was (with or without `.sys`). */
function relativeSpec(fromKey: ModuleKey, toKey: ModuleKey, like: string): string {
  const dir = path.posix.dirname(fromKey);
  let rel = path.posix.relative(dir, toKey);
  if (!like.endsWith(".sys")) rel = rel.replace(/\.sys$/, "");
  return rel.startsWith("../") ? rel : "./" + rel;
}

/**
 * The import paths to rewrite for `moves`: in every workspace module, each
 * relative import whose target moves, or whose own file moves, gets the path
 * from the module's new place to its target's new place. Moves that leave
 * the workspace, or `.sys` files becoming other files, are not followed
 * (an import could not reach them).
 */
export function importEditsForMoves(snap: Snapshot, moves: readonly FileMove[]): FileEdits {
  const inside = (p: string) => p !== "" && !p.startsWith("../") && p !== ".." && !path.posix.isAbsolute(p);
  const usable = moves.filter((m) => inside(m.from) && inside(m.to) && (m.from.endsWith(".sys") ? m.to.endsWith(".sys") : !m.to.endsWith(".sys")));
  const edits: FileEdits = new Map();
  if (usable.length === 0) return edits;
  for (const m of snap.analysis.modules.values()) {
    if (isStdKey(m.key)) continue;
    const newHome = movedKey(m.key, usable);
    for (const imp of m.decls.imports) {
      const lit = imp.decl.path;
      if (!lit || !imp.target || isStdKey(imp.target) || !(imp.spec.startsWith("./") || imp.spec.startsWith("../"))) continue;
      const newTarget = movedKey(imp.target, usable);
      if (newHome === m.key && newTarget === imp.target) continue;
      const spec = relativeSpec(newHome, newTarget, imp.spec);
      if (spec === imp.spec) continue;
      const list = edits.get(m.file) ?? edits.set(m.file, []).get(m.file)!;
      // The text between the quotes.
      list.push({ span: { start: lit.start + 1, end: lit.end - 1 }, newText: spec });
    }
  }
  return edits;
}
