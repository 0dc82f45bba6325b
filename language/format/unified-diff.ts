// A unified diff of two texts (`herd fmt --diff`), as `diff -u` and
// `git diff` print it, with three lines of context around each change.
import { lineDiff } from "./line-diff.js";

/** Lines of a text, and whether it ends with a line break (a last line without one is marked, as diff does). */
function linesOf(text: string): { lines: string[]; endsWithBreak: boolean } {
  const endsWithBreak = text.endsWith("\n");
  const lines = (endsWithBreak ? text.slice(0, -1) : text).split("\n");
  return { lines: text === "" ? [] : lines, endsWithBreak };
}

/** `--- a/NAME`, `+++ b/NAME`, then one `@@` hunk per group of nearby changes; empty when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, name: string, context = 3): string {
  if (oldText === newText) return "";
  const a = linesOf(oldText);
  const b = linesOf(newText);
  // Compared with the break state folded into the last line, so that a missing final line break is a change.
  const mark = (l: { lines: string[]; endsWithBreak: boolean }) => (l.endsWithBreak ? l.lines : [...l.lines.slice(0, -1), l.lines[l.lines.length - 1] + "\u0000"]);
  const am = a.lines.length ? mark(a) : [];
  const bm = b.lines.length ? mark(b) : [];
  const out = [`--- a/${name}`, `+++ b/${name}`];
  const show = (prefix: string, line: string) => (line.endsWith("\u0000") ? `${prefix}${line.slice(0, -1)}\n\\ No newline at end of file` : prefix + line);
  // One side empty: all of the other, added or removed.
  if (am.length === 0 || bm.length === 0) {
    const count = (n: number) => (n === 1 ? "1" : `1,${n}`);
    out.push(am.length === 0 ? `@@ -0,0 +${count(bm.length)} @@` : `@@ -${count(am.length)} +0,0 @@`, ...am.map((l) => show("-", l)), ...bm.map((l) => show("+", l)));
    return out.join("\n") + "\n";
  }
  const edits = lineDiff(am.join("\n"), bm.join("\n"));
  const aLine = (i: number) => am[i]!;
  // Where the next hunk's first line is in the new text: the lines the hunks before it added or removed.
  let shift = 0;
  let i = 0;
  while (i < edits.length) {
    // Edits whose contexts touch make one hunk.
    let j = i;
    while (j + 1 < edits.length && edits[j + 1]!.fromLine - edits[j]!.toLine <= 2 * context) j++;
    const from = Math.max(0, edits[i]!.fromLine - context);
    const to = Math.min(am.length, edits[j]!.toLine + context);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let at = from;
    for (let k = i; k <= j; k++) {
      const e = edits[k]!;
      for (; at < e.fromLine; at++, oldCount++, newCount++) body.push(show(" ", aLine(at)));
      for (; at < e.toLine; at++, oldCount++) body.push(show("-", aLine(at)));
      for (const l of e.lines) {
        body.push(show("+", l));
        newCount++;
      }
    }
    for (; at < to; at++, oldCount++, newCount++) body.push(show(" ", aLine(at)));
    // 1-based; a range of no lines names the line before it, as diff does.
    const range = (start: number, count: number) => (count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`);
    out.push(`@@ -${range(from, oldCount)} +${range(from + shift, newCount)} @@`, ...body);
    shift += newCount - oldCount;
    i = j + 1;
  }
  return out.join("\n") + "\n";
}
