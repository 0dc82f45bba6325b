// Formatting for the editor: the same formatter as `herd fmt`, as edits —
// the whole document, or only the changes that touch a range.
import { format } from "../../language/format/formatter.js";
import { SourceText } from "../../language/syntax/source.js";
import { lineDiff } from "../../language/format/line-diff.js";

export interface TextEdit {
  span: { start: number; end: number };
  newText: string;
}

/** Edits that format `text`; none when it is formatted or has syntax errors. */
export function formatEdits(text: string, range?: { start: number; end: number }): TextEdit[] {
  const r = format(text);
  if (!r.ok || r.text === text) return [];
  const src = new SourceText(text);
  const lineStart = (l: number) => (l >= src.lineCount ? text.length : src.offsetAt({ line: l, character: 0 }));
  const edits: TextEdit[] = [];
  // A hunk that replaces as many lines as it brings is split into one edit
  // per line, so formatting a range leaves the lines outside it alone.
  const hunks = lineDiff(text, r.text).flatMap((e) =>
    e.toLine - e.fromLine === e.lines.length && e.lines.length > 1 ? e.lines.map((l, i) => ({ fromLine: e.fromLine + i, toLine: e.fromLine + i + 1, lines: [l] })) : [e],
  );
  for (const e of hunks) {
    const start = lineStart(e.fromLine);
    const end = lineStart(e.toLine);
    // Replaced lines keep their line breaks; at the end of a text without one, add it.
    let newText = e.lines.map((l) => l + "\n").join("");
    if (e.toLine >= src.lineCount && !text.endsWith("\n")) newText = newText.replace(/\n$/, "");
    if (range && (end <= range.start || start >= range.end)) continue;
    edits.push({ span: { start, end: Math.min(end, text.length) }, newText });
  }
  return edits;
}
