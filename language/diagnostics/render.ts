// Renders diagnostics for a terminal, as rustc and Elm do: the location, the
// source line with carets under the span, and the suggestion. Pure: text in,
// text out; colour only when asked.
import { SourceText } from "../syntax/source.js";
import type { Diagnostic, RelatedInfo } from "./diagnostic.js";

export interface RenderOptions {
  color: boolean;
  /** How a diagnostic's file is shown (e.g. relative to the current folder). */
  displayPath?: (file: string) => string;
}

const ansi = {
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  blue: "\x1b[34m",
  cyan: "\x1b[36m",
  bold: "\x1b[1m",
  reset: "\x1b[0m",
};

export function renderDiagnostic(d: Diagnostic, source: SourceText | undefined, opts: RenderOptions): string {
  const paint = (code: keyof typeof ansi, s: string) => (opts.color ? ansi[code] + s + ansi.reset : s);
  const show = opts.displayPath ?? ((f: string) => f);
  const color = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "cyan";
  const lines: string[] = [];
  lines.push(paint("bold", paint(color, `${d.severity}[${d.code}]`) + ": " + d.message));
  if (!source) {
    lines.push(`  --> ${show(d.file)}`);
    return lines.join("\n");
  }
  const start = source.positionAt(d.span.start);
  const gutter = String(Math.max(start.line + 1, source.positionAt(d.span.end).line + 1)).length;
  lines.push(`${" ".repeat(gutter)}${paint("blue", "-->")} ${show(d.file)}:${start.line + 1}:${start.character + 1}`);
  lines.push(...snippet(source, d.span.start, d.span.end, gutter, paint, color));
  for (const r of d.related ?? []) lines.push(...relatedLines(r, source, d.file, gutter, paint, show));
  if (d.fix) {
    // A preview of the line fixed, when the edit is in this file (the help names another).
    const edit = d.fix.edits.length === 1 && (d.fix.file === undefined || d.fix.file === d.file) ? d.fix.edits[0] : undefined;
    lines.push(`${" ".repeat(gutter)} ${paint("blue", "=")} ${paint("bold", "help")}: ${d.fix.message}`);
    // Show the line as it would read with a one-line fix applied.
    if (edit && !edit.newText.includes("\n") && source.positionAt(edit.span.start).line === source.positionAt(edit.span.end).line) {
      const pos = source.positionAt(edit.span.start);
      const text = source.lineText(pos.line);
      const endCol = source.positionAt(edit.span.end).character;
      const fixed = text.slice(0, pos.character) + edit.newText + text.slice(endCol);
      if (edit.newText === "" && endCol > pos.character) {
        // A deletion: the line as it is, with what goes marked `-`.
        lines.push(`${" ".repeat(gutter)} ${paint("blue", "|")}`);
        lines.push(`${paint("blue", String(pos.line + 1).padStart(gutter))} ${paint("blue", "|")} ${text}`);
        lines.push(`${" ".repeat(gutter)} ${paint("blue", "|")} ${" ".repeat(visualWidth(text.slice(0, pos.character)))}${paint("red", "-".repeat(visualWidth(text.slice(pos.character, endCol))))}`);
      } else if (fixed !== text && fixed.trim().length > 0) {
        lines.push(`${" ".repeat(gutter)} ${paint("blue", "|")}`);
        lines.push(`${paint("blue", String(pos.line + 1).padStart(gutter))} ${paint("blue", "|")} ${fixed}`);
        lines.push(`${" ".repeat(gutter)} ${paint("blue", "|")} ${" ".repeat(visualWidth(fixed.slice(0, pos.character)))}${paint("cyan", "+".repeat(Math.max(1, visualWidth(edit.newText))))}`);
      }
    } else if (edit && edit.span.start === edit.span.end && edit.newText.includes("\n")) {
      lines.push(...insertedLines(source, edit.span.start, edit.newText, gutter, paint));
    }
  }
  return lines.join("\n");
}

function relatedLines(r: RelatedInfo, source: SourceText, file: string, gutter: number, paint: (c: keyof typeof ansi, s: string) => string, show: (f: string) => string): string[] {
  if (r.file !== file) return [`${" ".repeat(gutter)} ${paint("blue", "=")} ${paint("bold", "note")}: ${r.message} (${show(r.file)})`];
  const pos = source.positionAt(r.span.start);
  return [`${" ".repeat(gutter)} ${paint("blue", "=")} ${paint("bold", "note")}: ${r.message} at ${show(r.file)}:${pos.line + 1}:${pos.character + 1}`];
}

/** An insertion of whole lines (an import added): the lines as they would read, what is new marked `+`. */
function insertedLines(source: SourceText, at: number, newText: string, gutter: number, paint: (c: keyof typeof ansi, s: string) => string): string[] {
  const result = new SourceText(source.text.slice(0, at) + newText + source.text.slice(at));
  const from = result.positionAt(at);
  const to = result.positionAt(at + newText.length);
  const out: string[] = [`${" ".repeat(gutter)} ${paint("blue", "|")}`];
  for (let line = from.line; line <= Math.min(to.line, from.line + 3); line++) {
    const text = result.lineText(line);
    const a = line === from.line ? from.character : 0;
    const b = line === to.line ? to.character : text.length;
    if (text.slice(a, b).trim() === "") continue;
    out.push(`${paint("blue", String(line + 1).padStart(gutter))} ${paint("blue", "|")} ${expandTabs(text)}`);
    out.push(`${" ".repeat(gutter)} ${paint("blue", "|")} ${" ".repeat(visualWidth(text.slice(0, a)))}${paint("cyan", "+".repeat(Math.max(1, visualWidth(text.slice(a, b)))))}`);
  }
  return out.length > 1 ? out : [];
}

/** Tabs count as 4 columns, so carets line up under tab-indented code. */
function visualWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch === "\t" ? 4 : 1;
  return w;
}

function expandTabs(s: string): string {
  return s.replace(/\t/g, "    ");
}

function snippet(source: SourceText, start: number, end: number, gutter: number, paint: (c: keyof typeof ansi, s: string) => string, color: keyof typeof ansi): string[] {
  const a = source.positionAt(start);
  const b = source.positionAt(Math.max(start, end));
  const out: string[] = [`${" ".repeat(gutter)} ${paint("blue", "|")}`];
  const lastLine = Math.min(b.line, a.line + 3);
  for (let line = a.line; line <= lastLine; line++) {
    const full = source.lineText(line);
    let from = line === a.line ? a.character : full.length - full.trimStart().length;
    let to = line === b.line ? b.character : full.length;
    // A very long line (generated, minified) is shown around the span, cut short with `…`.
    const cut = window(full, from, to);
    const text = cut.text;
    from = from - cut.offset;
    to = Math.min(to - cut.offset, text.length);
    out.push(`${paint("blue", String(line + 1).padStart(gutter))} ${paint("blue", "|")} ${expandTabs(text)}`);
    const width = Math.max(1, visualWidth(text.slice(from, to)));
    if (line === a.line || text.trim().length > 0) {
      out.push(`${" ".repeat(gutter)} ${paint("blue", "|")} ${" ".repeat(visualWidth(text.slice(0, from)))}${paint(color, "^".repeat(width))}`);
    }
  }
  if (b.line > lastLine) out.push(`${" ".repeat(gutter)} ${paint("blue", "|")} …`);
  return out;
}

const LONG_LINE = 160;

/** Of a line longer than LONG_LINE, the part around [from, to) with `…` where it is cut; `offset` is where the part's first column was in the line, less the `…`. */
function window(line: string, from: number, to: number): { text: string; offset: number } {
  if (line.length <= LONG_LINE) return { text: line, offset: 0 };
  const start = Math.max(0, from - 60);
  const end = Math.min(line.length, Math.max(to, from + 1) + 60, start + LONG_LINE);
  const head = start > 0 ? "…" : "";
  return { text: head + line.slice(start, end) + (end < line.length ? "…" : ""), offset: start - head.length };
}

/** `N errors, M warnings` for the end of a report. */
export function summaryLine(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.filter((d) => d.severity === "warning").length;
  const parts = [];
  parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.join(", ");
}
