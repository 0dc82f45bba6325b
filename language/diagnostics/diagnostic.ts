// Diagnostics are data: a code from the catalogue, a severity, a span in one
// file, a message a person can act on, and optionally a fix (text edits) or a
// hint. Every layer returns them; only renderers turn them into text.
import type { Span } from "../syntax/source.js";
import { catalogue, type DiagnosticCode } from "./codes.js";

export type Severity = "error" | "warning" | "info";

export interface TextEdit {
  span: Span;
  newText: string;
}

/** A suggested change. `edits` may be empty when the hint is advice only. */
export interface Fix {
  message: string;
  edits: TextEdit[];
  /** The file the edits apply to, when not the diagnostic's own file. */
  file?: string;
}

export interface RelatedInfo {
  file: string;
  span: Span;
  message: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** Workspace-relative path of the file, with `/` separators. */
  file: string;
  span: Span;
  message: string;
  fix?: Fix;
  related?: RelatedInfo[];
}

export interface DiagnosticInit {
  fix?: Fix;
  related?: RelatedInfo[];
  severity?: Severity;
}

export function diagnostic(
  code: DiagnosticCode,
  file: string,
  span: Span,
  message: string,
  init: DiagnosticInit = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: init.severity ?? catalogue[code].severity, file, span: { start: span.start, end: span.end }, message };
  if (init.fix) d.fix = init.fix;
  if (init.related && init.related.length > 0) d.related = init.related;
  return d;
}

/** A hint without an edit. */
export function hint(message: string): Fix {
  return { message, edits: [] };
}

/** A fix that replaces one span. */
export function replaceWith(message: string, span: Span, newText: string): Fix {
  return { message, edits: [{ span, newText }] };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** Stable order: file, then position, then code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.span.start !== b.span.start) return a.span.start - b.span.start;
  if (a.span.end !== b.span.end) return a.span.end - b.span.end;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
