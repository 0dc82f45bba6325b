// Folding ranges: blocks, lists and calls that span lines, runs of comments,
// and groups of imports.
import type * as A from "../../language/syntax/ast.js";
import { walk } from "../../language/syntax/walk.js";
import type { Snapshot } from "./snapshot.js";

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: "comment" | "imports" | "region";
}

export function foldingRanges(snap: Snapshot, file: string): FoldingRange[] {
  const m = snap.module(file);
  if (!m) return [];
  const line = (o: number) => m.source.positionAt(o).line;
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRange["kind"]) => {
    const a = line(start);
    // Keep the closing line visible: fold up to the line before it.
    const b = line(end) - (kind === undefined ? 1 : 0);
    if (b > a) out.push(kind ? { startLine: a, endLine: b, kind } : { startLine: a, endLine: b });
  };
  walk(m.tree, (n: A.AnyNode) => {
    if (n.kind === "Record" || n.kind === "List" || n.kind === "Place" || n.kind === "RecordType" || n.kind === "PolicyDecl" || (n.kind === "Call" && !n.record) || n.kind === "For") add(n.start, n.end);
    if (n.kind === "FnDecl" && n.params.length > 0) add(n.params[0]!.start, n.params[n.params.length - 1]!.end + 1);
    if (n.kind === "String" && n.triple) add(n.start, n.end);
  });
  // Runs of line comments, and block comments.
  let runStart = -1;
  let runEnd = -1;
  for (const c of m.parse.comments) {
    if (c.kind === "block") {
      add(c.start, c.end, "comment");
      continue;
    }
    if (runStart >= 0 && line(c.start) === line(runEnd) + 1 && c.ownLine) runEnd = c.end;
    else {
      if (runStart >= 0) add(runStart, runEnd, "comment");
      runStart = c.ownLine ? c.start : -1;
      runEnd = c.end;
    }
  }
  if (runStart >= 0) add(runStart, runEnd, "comment");
  // Consecutive imports.
  const imports = m.tree.decls.filter((d) => d.kind === "ImportDecl");
  if (imports.length > 1) add(imports[0]!.start, imports[imports.length - 1]!.end, "imports");
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
