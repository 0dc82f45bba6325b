// parse(): text in, syntax tree plus diagnostics out. Never throws. Turns
// Chevrotain's recognition errors into located diagnostics and keeps only the
// first of a burst, so one typo is one error.
import { EOF, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import type { ErrorDecl, SourceFileNode } from "./ast.js";
import { blank, bracketDiagnostic, limitTreeDepth, tooDeepBrackets, type DeepRegion } from "./depth-limit.js";
import { markBrokenDeclarations } from "./broken.js";
import { fieldAboveHeader } from "./declaration-shapes.js";
import { indentWidth, nextLineIndent } from "./indentation.js";
import { TreeBuilder } from "./tree-builder.js";
import { parseDirect } from "./direct-parser.js";
import { herdParser } from "./parser.js";
import { scan, type Comment, type ScanResult } from "./scanner.js";
import { SourceText, type Span } from "./source.js";
import type { TokenStream } from "./token-stream.js";
import * as T from "./tokens.js";
import { units } from "./units.js";

export interface ParseResult {
  tree: SourceFileNode;
  comments: Comment[];
  diagnostics: Diagnostic[];
  /** The tokens, when asked for: an editor's workspace keeps them for a file it parsed again after an edit, where completion is asked next (lsp/ide/cursor.ts makes their objects then). */
  stream?: TokenStream;
}

const declKeywords = ["import", "base", "pool", "node", "service", "let", "type", "fn", "policy", "terraform"];
const ruleKeywords = ["on", "prefer", "spread", "max", "avoid", "near"];
/** Literals and brackets that start a value (after a field's name whose `=` was left out). */
const valueTokenTypes = new Set([T.IntLit, T.FloatLit, T.UnitLit, T.StringStart, T.LBracket, T.True, T.False, T.None]);
/** Words of rules, and the block they are written in. */
const belongsIn = new Map([...ruleKeywords.map((k) => [k, "a service's `place { … }` block"] as const), ["survive", "the `policy { … }` block"]]);
/** What an import path written without quotes looks like: `std/services`, `./lib/x`, `../y.sys` (sticky: read where the token starts). */
const barePathPattern = /(?:\.{1,2}\/)*[A-Za-z0-9_][A-Za-z0-9_./-]*/y;
const declarationKeywordTypes = new Set([T.Import, T.Base, T.Pool, T.Node, T.Service, T.Let, T.Type, T.Fn, T.Policy, T.Terraform]);

export function parse(text: string, file = "", opts: { keepTokens?: boolean } = {}): ParseResult {
  const scanned = scan(text, file);
  // Declarations nested too deeply to walk are left out (depth-limit.ts).
  const deep = tooDeepBrackets(scanned.stream);
  if (deep.length > 0) return parseWithout(text, file, deep, opts);
  const kept = opts.keepTokens ? { stream: scanned.stream } : {};
  const result = parseScanned(text, file, scanned);
  const tooDeep = limitTreeDepth(result.tree, scanned.stream, file);
  if (tooDeep.length > 0) {
    result.diagnostics = [...result.diagnostics, ...tooDeep];
    markBrokenDeclarations(result.tree, tooDeep, text);
  }
  return { ...result, ...kept };
}

/**
 * Well-formed text (nearly all of it) takes the direct parser; anything it
 * does not accept, or that has something to report, goes through
 * Chevrotain's recovering parser and its messages.
 */
function parseScanned(text: string, file: string, scanned: ScanResult): ParseResult {
  if (scanned.diagnostics.length === 0) {
    const builder = new TreeBuilder(text, file, scanned.comments);
    const tree = parseDirect(scanned.stream, builder);
    if (tree && builder.diagnostics.length === 0) return { tree, comments: scanned.comments, diagnostics: builder.finish([]) };
  }
  try {
    return parseRecovering(text, file, scanned);
  } catch (e) {
    // Recovery from an error deep inside nested brackets can still exhaust the
    // stack under the bracket limit: the file is then one error declaration.
    if (!(e instanceof RangeError)) throw e;
    const tree: SourceFileNode = { kind: "File", start: 0, end: text.length, decls: [{ kind: "ErrorDecl", start: 0, end: text.length }] };
    return { tree, comments: scanned.comments, diagnostics: [diagnostic("H0114", file, { start: 0, end: 0 }, "nested too deeply to read past the syntax error in it: fix the error, or nest less (build values in steps, with `let`s)")] };
  }
}

/** The text parsed with the regions blanked out: each becomes an ErrorDecl with one H0114, and nothing else is said about it. */
function parseWithout(text: string, file: string, regions: DeepRegion[], opts: { keepTokens?: boolean }): ParseResult {
  const r = parse(blank(text, regions), file, opts);
  const inside = (o: number) => regions.some((x) => o >= x.start && o <= x.end);
  const decls: SourceFileNode["decls"] = [...r.tree.decls, ...regions.map((x): ErrorDecl => ({ kind: "ErrorDecl", start: x.start, end: x.end }))].sort((a, b) => a.start - b.start);
  return {
    ...r,
    tree: { ...r.tree, decls },
    diagnostics: [...r.diagnostics.filter((d) => !inside(d.span.start)), ...regions.map((x) => bracketDiagnostic(file, x))],
  };
}

/** The Chevrotain parser, with error recovery: a broken file still yields a tree and one diagnostic per mistake. */
export function parseRecovering(text: string, file = "", scanned: ScanResult = scan(text, file)): ParseResult {
  const parser = herdParser();
  const builder = new TreeBuilder(text, file, scanned.comments);
  const tokens = scanned.stream.tokens();
  const tree = parser.parseFile(tokens, builder);
  const errors = parser.errors;
  parser.input = []; // let the tokens go
  const built = builder.finish([...errors.map((e) => e.token.startOffset).filter((o) => !Number.isNaN(o)), ...scanned.diagnostics.map((d) => d.span.start)]);
  const strayRules: Span[] = [];
  const explained: number[] = [];
  const syntax = syntaxDiagnostics(errors, tokens, text, file, strayRules, explained);
  // A rule outside its block is its whole line (`survive 1 node failure`), not a declaration after it (`node failure`).
  if (strayRules.length > 0) tree.decls = tree.decls.filter((d) => !strayRules.some((r) => d.start > r.start && d.start < r.end));
  // A string left open that a syntax error already reports (an import path
  // missing its opening quote) is not said again where its line ends.
  // Lexical errors explain the syntax errors they cause; keep the parser's
  // only where no lexical error is nearby.
  const lexical = scanned.diagnostics.filter((l) => !(l.code === "H0102" && explained.some((at) => at <= l.span.start && !text.slice(at, l.span.start).includes("\n"))));
  const filtered = syntax.filter((d) => !lexical.some((l) => Math.abs(l.span.start - d.span.start) <= 2 || (d.span.start >= l.span.start && d.span.start <= l.span.end + 1)));
  // One report per slip: each pass folds what one kind of slip makes the scanner and parser say more than once.
  let diagnostics = [...lexical, ...filtered, ...built];
  diagnostics = braceLeftOpenOnErrorLine(diagnostics, tokens, text);
  diagnostics = unpairedQuotes(diagnostics, text);
  diagnostics = withoutLostDocs(diagnostics, text);
  diagnostics = afterUnpairedQuotes(diagnostics, tree);
  diagnostics = lostTripleOpener(diagnostics, text);
  // One line table for the passes that look at lines (made only if one does).
  const lines = new SourceText(text);
  diagnostics = firstSyntaxErrorPerLine(diagnostics, lines);
  diagnostics = strayCharactersAfterLineError(diagnostics, lines);
  diagnostics = continuedAfterErrorLine(diagnostics, lines);
  markBrokenDeclarations(tree, diagnostics, text);
  return { tree, comments: scanned.comments, diagnostics };
}

/**
 * A `"""` alone on its line that opens a string with no text (the next line
 * is indented less), below lines at least as indented that are syntax
 * errors: the closing quotes of a string whose opening `"""` is gone, and
 * those lines its text. One error, at the `"""`, that says so.
 */
function lostTripleOpener(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  const dropped = new Set<Diagnostic>();
  for (const h of diagnostics) {
    if (h.code !== "H0102" || !h.message.startsWith(tripleUnclosed)) continue;
    const lineStart = text.lastIndexOf("\n", h.span.start - 1) + 1;
    const lineEnd = text.indexOf("\n", h.span.start);
    if (text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim() !== '"""') continue;
    if (h.fix?.edits[0]?.newText !== '"""') continue; // it has text of its own
    const indent = h.span.start - lineStart;
    // The lines above, indented at least as much: the string's text.
    let top = lineStart;
    for (;;) {
      if (top === 0) break;
      const prevStart = text.lastIndexOf("\n", top - 2) + 1;
      const line = text.slice(prevStart, top - 1);
      if (line.trim() !== "" && indentWidth(text, prevStart) < indent) break;
      top = prevStart;
    }
    const inside = diagnostics.filter((d) => (d.code === "H0110" || d.code === "H0111") && d.span.start >= top && d.span.start < lineStart);
    if (inside.length === 0) continue;
    for (const d of inside) dropped.add(d);
    const from = text.slice(0, top).split("\n").length;
    h.message = `this \`"""\` closes no string: its opening \`"""\` is missing, and the lines above it (from line ${from}) are read as code`;
    delete h.fix;
  }
  return dropped.size === 0 ? diagnostics : diagnostics.filter((d) => !dropped.has(d));
}

/**
 * One syntax error a line: the grammar's and the tree builder's (a missing
 * separator) after the first on a line are recovery still finding its feet,
 * unless they say what it says, with a fix (`{ cpu: 2, memory: 1GiB }`: the
 * same habit twice, each read as meant); so is the same message, without a
 * fix, on the lines right after it.
 */
function firstSyntaxErrorPerLine(diagnostics: Diagnostic[], source: SourceText): Diagnostic[] {
  const syntax = diagnostics.filter((d) => d.code === "H0110" || d.code === "H0111");
  if (syntax.length < 2) return diagnostics;
  const first = new Map<number, Diagnostic>();
  for (const d of syntax) {
    const line = source.positionAt(d.span.start).line;
    const seen = first.get(line);
    if (!seen || d.span.start < seen.span.start) first.set(line, d);
  }
  const kept = new Set(first.values());
  // The same message without a fix on the next line, and the next (`volumes = [` gone: "found `,`" at each item): echoes too.
  for (const [line, d] of first) {
    const above = first.get(line - 1);
    if (above && !d.fix && !above.fix && above.message === d.message) kept.delete(d);
  }
  const firstOnLine = (d: Diagnostic) => first.get(source.positionAt(d.span.start).line)!;
  return diagnostics.filter((d) => !(d.code === "H0110" || d.code === "H0111") || kept.has(d) || (d.fix !== undefined && d.message === firstOnLine(d).message));
}

/**
 * Indented text that starts no declaration (H0112) right below a line with
 * a syntax error (`import "st` cut short, its list's lines below): the rest
 * of that line's declaration, not a declaration whose first line is gone.
 */
function continuedAfterErrorLine(diagnostics: Diagnostic[], source: SourceText): Diagnostic[] {
  if (!diagnostics.some((d) => d.code === "H0112")) return diagnostics;
  const errorLines = new Set(diagnostics.filter((x) => x.severity === "error" && x.code.startsWith("H01") && x.code !== "H0112").map((x) => source.positionAt(x.span.start).line));
  let dropped: Set<Diagnostic> | undefined;
  for (const d of diagnostics) {
    if (d.code !== "H0112") continue;
    const at = source.positionAt(d.span.start);
    if (at.character === 0 || at.line === 0) continue; // at the start of its line, or on the first: nothing above
    // The line above, blank lines skipped (each looked at once: a blank run sits above one line only).
    let above = at.line - 1;
    while (above > 0 && source.lineText(above).trim() === "") above--;
    if (errorLines.has(above)) (dropped ??= new Set()).add(d);
  }
  return dropped ? diagnostics.filter((d) => !dropped!.has(d)) : diagnostics;
}

/**
 * A character no token starts with (H0101) after a syntax error on its line
 * (`/)/ site.sys — facts`, a comment that lost its `//`): part of what the
 * parser skipped there, not a second mistake.
 */
function strayCharactersAfterLineError(diagnostics: Diagnostic[], source: SourceText): Diagnostic[] {
  const stray = diagnostics.filter((d) => d.code === "H0101");
  if (stray.length === 0) return diagnostics;
  // Per line, where its first syntax error is.
  const firstError = new Map<number, number>();
  for (const d of diagnostics) {
    if (d.code !== "H0110" && d.code !== "H0111" && d.code !== "H0112") continue;
    const line = source.positionAt(d.span.start).line;
    if (!(firstError.get(line)! <= d.span.start)) firstError.set(line, d.span.start);
  }
  if (firstError.size === 0) return diagnostics;
  const dropped = new Set(stray.filter((c) => firstError.get(source.positionAt(c.span.start).line)! < c.span.start));
  return dropped.size === 0 ? diagnostics : diagnostics.filter((d) => !dropped.has(d));
}

/**
 * After a line whose quotes (or `${ … }`) do not pair up, strings and code
 * changed places there, and what the parser made of the rest of that
 * declaration (a list or record closed early) is no second mistake: its
 * syntax errors wait for the quote to be mended.
 */
function afterUnpairedQuotes(diagnostics: Diagnostic[], tree: SourceFileNode): Diagnostic[] {
  const unpaired = diagnostics.filter((d) => d.code === "H0102" && (d.message.startsWith(quotesUnpaired) || d.message.startsWith(interpolationUnpaired)));
  if (unpaired.length === 0) return diagnostics;
  // Per such line: from its end to the end of its declaration.
  const ranges: [number, number][] = [];
  for (const u of unpaired) {
    const decl = tree.decls.find((x) => x.start <= u.span.start && u.span.end <= x.end);
    if (decl) ranges.push([u.span.end, decl.end]);
  }
  const hidden = (d: Diagnostic) => (d.code === "H0110" || d.code === "H0111") && ranges.some(([from, to]) => d.span.start > from && d.span.start <= to);
  return diagnostics.filter((d) => !hidden(d));
}

/**
 * A doc comment right above indented text that starts no declaration (H0112)
 * documented the declaration whose first line is gone: "documents nothing"
 * would be a second report of that one mistake.
 */
function withoutLostDocs(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  const lost = diagnostics.filter((d) => d.code === "H0112");
  if (lost.length === 0) return diagnostics;
  return diagnostics.filter((d) => {
    if (d.code !== "H0113" || !d.message.startsWith("this doc comment documents nothing")) return true;
    const next = text.indexOf("\n", d.span.end - 1) + 1;
    return !lost.some((l) => l.span.start >= next && !text.slice(next, l.span.start).includes("\n") && /^[ \t]+$/.test(text.slice(next, l.span.start)));
  });
}

const unclosedOnLine = "this string is not closed before the end of the line";
const interpolationUnclosedOnLine = "this interpolation is not closed before the end of the line";
const tripleUnclosed = 'this string is not closed: add `"""` where its text ends';
const quotesUnpaired = 'the quotes on this line do not pair up: a `"` is missing (or one too many) here or earlier in the line';
const interpolationUnpaired = 'an interpolation `${` on this line is not closed: a `}` is missing (or a `"`) here or earlier in the line';

/**
 * A line with an error that leaves open a `{` it opened (the line cut short,
 * `resources = { cpu = 1, memory = 256Mi`; or a string left open that took
 * its `}`, `env = { URL = "${db.endpoints[0]/shop" }`), the next line no
 * deeper than it: the "expected `}`" the parser reports further on is that
 * same mistake. A string that took the `}` is closed, by the fix, before it.
 * Likewise a line with an error and a `}` more than its `{`s: the "unmatched
 * `}`" further on.
 */
function braceLeftOpenOnErrorLine(diagnostics: Diagnostic[], tokens: IToken[], text: string): Diagnostic[] {
  const lines = new Set<number>();
  for (const d of diagnostics) {
    if (d.severity === "error" && d.code.startsWith("H01")) lines.add(text.lastIndexOf("\n", d.span.start - 1) + 1);
  }
  const taken: number[] = [];
  const lost: number[] = [];
  for (const lineStart of [...lines].sort((x, y) => x - y)) {
    const eol = text.indexOf("\n", lineStart);
    const lineEnd = eol < 0 ? text.length : eol;
    let depth = 0;
    for (let j = firstTokenFrom(tokens, lineStart); j < tokens.length && tokens[j]!.startOffset < lineEnd; j++) {
      if (tokens[j]!.tokenType === T.LCurly) depth++;
      else if (tokens[j]!.tokenType === T.RCurly) depth--;
    }
    if (depth < 0) {
      // A `{` missing on the line (`health = http  port = 3000 }`): its `}` closed the block around it, whose own `}` then closes nothing.
      lost.push(lineEnd);
      continue;
    }
    if (depth === 0) continue;
    const line = text.slice(lineStart, lineEnd).trimEnd();
    const tookBrace = line.endsWith("}");
    if (!tookBrace && nextLineIndent(text, lineEnd) > indentWidth(text, lineStart)) continue;
    taken.push(lineEnd);
    // `"abc }`: the string ends before the `}` it took.
    const h = tookBrace ? diagnostics.find((d) => d.code === "H0102" && d.message.startsWith(unclosedOnLine) && d.span.end === lineEnd) : undefined;
    if (h?.fix?.edits.length === 1 && h.fix.edits[0]!.newText === '"') {
      let at = text.lastIndexOf("}", lineEnd);
      while (at > lineStart && (text[at - 1] === " " || text[at - 1] === "\t")) at--;
      h.span = { start: at, end: at };
      h.fix = { ...h.fix, edits: [{ span: h.span, newText: '"' }] };
    }
  }
  if (taken.length === 0 && lost.length === 0) return diagnostics;
  const dropped = new Set<Diagnostic>();
  const dropNext = (at: number, ...messages: string[]) => {
    const next = diagnostics.find((d) => !dropped.has(d) && d.span.start > at && messages.some((m) => d.message.startsWith(m)));
    if (next) dropped.add(next);
  };
  // The `}` missing, said where the block ends, or as what the line after the `{` should have been.
  for (const at of taken) dropNext(at, "expected `}`", "expected a field (`name = value`) or `}` after `{`");
  for (const at of lost) dropNext(at, "unmatched `}`");
  return diagnostics.filter((d) => !dropped.has(d));
}

/** The index of the first token that starts at or after `offset` (the tokens are in order). */
function firstTokenFrom(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A line whose quotes do not pair up (one lost, or one too many) reads as
 * strings where code is and code where strings are: every error on it but
 * the string left open where it ends is that one mistake. Then the quote
 * may be missing anywhere in the line, so the error says so, and offers no
 * fix (adding `"` at the end is right only when the error is alone).
 */
function unpairedQuotes(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  const open = diagnostics.filter((d) => d.code === "H0102" && (d.message.startsWith(unclosedOnLine) || d.message.startsWith(interpolationUnclosedOnLine)));
  if (open.length === 0) return diagnostics;
  const dropped = new Set<Diagnostic>();
  for (const h of open) {
    const lineEnd = h.span.end;
    const lineStart = text.lastIndexOf("\n", lineEnd - 1) + 1;
    // Also what is missing at the end of the line before, found wanting at this line's first token (`expected `]`, found `/``).
    const prevLineStart = text.lastIndexOf("\n", lineStart - 2) + 1;
    const atEndAbove = (d: Diagnostic) => d.span.start === d.span.end && d.span.start >= prevLineStart && d.span.start < lineStart && text.slice(d.span.end, lineStart).trim() === "";
    const same = diagnostics.filter((d) => d !== h && ((d.span.start >= lineStart && d.span.start <= lineEnd) || (d.code === "H0110" && atEndAbove(d))));
    // Single quotes on the line: said so (H0101), which explains it better.
    if (same.length === 0 || same.some((d) => d.message.startsWith("unexpected `'`"))) continue;
    for (const d of same) dropped.add(d);
    let first = Math.min(h.span.start, ...same.filter((d) => d.span.start >= lineStart).map((d) => d.span.start));
    // Found wanting at its first token: from there.
    if (same.some((d) => d.span.start < lineStart)) first = Math.min(first, lineStart + indentWidth(text, lineStart));
    if (h.message.startsWith(interpolationUnclosedOnLine)) {
      // From the `${` left open.
      const open = text.lastIndexOf("${", first);
      if (open >= lineStart) first = open;
      h.message = interpolationUnpaired;
    } else h.message = quotesUnpaired;
    h.span = { start: first, end: lineEnd };
    delete h.fix;
  }
  return dropped.size === 0 ? diagnostics : diagnostics.filter((d) => !dropped.has(d));
}

function spanOfToken(t: IToken, text: string): Span {
  if (t.tokenType === EOF || Number.isNaN(t.startOffset)) return { start: text.length, end: text.length };
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}

/** `strayRules` gets the lines of rules written outside their blocks; `explained`, where strings start that a syntax error reports (and fixes) as left open. */
function syntaxDiagnostics(errors: IRecognitionException[], tokens: IToken[], text: string, file: string, strayRules: Span[], explained: number[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (errors.length === 0) return out;
  // The index of the token each error is at, to group bursts.
  const source = new SourceText(text);
  const lineOf = (_: string, offset: number) => source.positionAt(offset).line;
  const indexOf = new Map<IToken, number>();
  tokens.forEach((t, i) => indexOf.set(t, i));
  let lastReportedIndex = -Infinity;
  let lastEnd = -1;
  let skipThrough = -1;
  /** Per `{` token, the index of the `}` that closes it, or -1 (made when first needed). */
  let closers: Int32Array | undefined;
  /** Per token, 1 for a closer that closes an opener of its kind (made when first needed). */
  let paired: Uint8Array | undefined;
  for (const e of errors) {
    const tok = e.token;
    const idx = indexOf.get(tok) ?? tokens.length;
    let span = spanOfToken(tok, text);
    let message = e.message;
    // A token missing at the end of a line (or the file) is reported right
    // after what precedes it, where the user has to type it.
    const reported = (e as { previousToken?: IToken }).previousToken;
    let before = idx - 1;
    while (before >= 0 && tokens[before]!.tokenType === T.Newline) before--;
    const prev = reported && !Number.isNaN(reported.startOffset) && reported.tokenType !== T.Newline ? reported : before >= 0 ? tokens[before] : undefined;
    let fix: Diagnostic["fix"];
    // A `}` where a declaration should start closes nothing: said where it is, or where its `{` is missing.
    const strayCloser = tok.tokenType === T.RCurly && (message.startsWith("expected a declaration") || message.startsWith("unmatched `}`"));
    if (strayCloser) {
      message = "unmatched `}`: no `{` opens it";
      fix = { message: "remove `}`", edits: [{ span, newText: "" }] };
      const lost = missingOpenerByIndent(text, tok.startOffset);
      if (lost) ({ message, span, fix } = lostOpener(lost, text, lineOf));
    } else if (prev && (tok.tokenType === EOF || tok.tokenType === T.Newline || lineOf(text, span.start) > lineOf(text, prev.endOffset ?? prev.startOffset))) {
      const at = (prev.endOffset ?? prev.startOffset) + 1;
      if (e.name === "MismatchedTokenException" || tok.tokenType === EOF || tok.tokenType === T.Newline) span = { start: at, end: at };
      else if (tok.tokenType === T.RCurly || tok.tokenType === T.RParen || tok.tokenType === T.RBracket) {
        // `replicas =` with the block's `}` on the next line: the line ended without what it needs.
        span = { start: at, end: at };
        message = message.replace(`found \`${tok.image}\``, "found the end of the line");
      }
    }
    // Within a few tokens of the last error: the same mistake, still echoing.
    if (idx - lastReportedIndex <= 3 || span.start < lastEnd || idx <= skipThrough) continue;
    let code: "H0110" | "H0112" = "H0110";
    const ruleStack = e.context?.ruleStack ?? [];
    const inRule = ruleStack[ruleStack.length - 1];
    const spacedUnit = unitAfterSpace(tokens, idx, text);
    let barePath: RegExpExecArray | null = null;
    if (ruleStack.includes("importDecl") && message.startsWith("expected a string")) {
      barePathPattern.lastIndex = tok.startOffset;
      barePath = barePathPattern.exec(text);
    }
    if (barePath) {
      // `import std/services`: the path as it was meant, quoted.
      const path = barePath[0];
      span = { start: tok.startOffset, end: tok.startOffset + path.length };
      message = `an import's path is a string: \`import "${path}"\``;
      fix = { message: "quote the path", edits: [{ span, newText: `"${path}"` }] };
      if (text[span.end] === '"') {
        // Only the opening quote is missing: the closing one, read as a string left open, is this same mistake.
        fix = { message: "insert `\"`", edits: [{ span: { start: span.start, end: span.start }, newText: '"' }] };
        explained.push(span.end);
      }
      // The path's tokens are this same mistake.
      let j = idx;
      while (j < tokens.length && tokens[j]!.startOffset < span.end) j++;
      skipThrough = Math.max(skipThrough, j - 1);
    } else if (spacedUnit) {
      message = `a unit is written right after its number: \`${spacedUnit.written}\``;
      span = spanOfToken(tok, text);
      fix = { message: `write \`${spacedUnit.written}\``, edits: [{ span: spacedUnit.gap, newText: "" }] };
    } else if (tok.tokenType === T.PlainIdent || (tok.tokenType.CATEGORIES ?? []).includes(T.Name)) {
      const atTop = ruleStack.length <= 1 || (e.name === "NotAllInputParsedException");
      const inPlace = ruleStack.includes("placeBlock");
      const candidates = atTop ? declKeywords : inPlace ? ruleKeywords : [];
      // A rule left at the top (its block's first line lost): say where it belongs rather than guess a declaration.
      const belongs = atTop ? belongsIn.get(tok.image) : undefined;
      const meant = belongs ? undefined : closest(tok.image, candidates);
      if (belongs) {
        code = "H0112";
        message = `\`${tok.image}\` does not start a declaration: it is a rule of ${belongs}`;
      } else if (atTop) {
        code = "H0112";
        message = `\`${tok.image}\` does not start a declaration${meant ? `; did you mean \`${meant}\`?` : ": expected import, base, pool, node, service, let, type, fn, policy or terraform"}`;
        // An indented field at the top: its block was closed early by a `}` meant for a block whose `{` is missing.
        const lost = meant || out.length > 0 || lineIndent(text, tok.startOffset) === "" ? undefined : missingOpenerByIndent(text, tok.startOffset);
        if (lost) {
          code = "H0110";
          ({ message, span, fix } = lostOpener(lost, text, lineOf));
          out.push(diagnostic(code, file, span, message, { fix: fix! }));
          lastReportedIndex = idx;
          lastEnd = span.end;
          continue;
        }
        const above = meant ? undefined : fieldAboveHeader(text, tok.startOffset);
        if (above) {
          // `  count = 4` above `pool web {`: swapped with the line below it.
          const header = text.slice(above.header.start, above.header.end).replace(/\s*\{[^{]*$/, "");
          message = `\`${above.field}\` is a field outside any block, above \`${header} {\`: it belongs inside`;
          const line = text.slice(above.fieldLine.start, above.fieldLine.end);
          fix = { message: `move it below \`${header} {\``, edits: [{ span: above.fieldLine, newText: "" }, { span: { start: above.header.end, end: above.header.end }, newText: line }] };
        }
      } else if (inPlace && meant) {
        message = `\`${tok.image}\` is not a placement rule; did you mean \`${meant}\`?`;
      }
      if (meant) fix = { message: `write \`${meant}\``, edits: [{ span, newText: meant }] };
    }
    if (e.name === "MismatchedTokenException" && message.startsWith("expected `}` before this")) {
      // Where the block's last line ends: the brace goes on a line of its own after it.
      let j = idx - 1;
      while (j >= 0 && tokens[j]!.tokenType === T.Newline) j--;
      if (j >= 0) {
        const end = (tokens[j]!.endOffset ?? tokens[j]!.startOffset) + 1;
        message = stillOpen(tok, lineOf(text, tok.startOffset));
        span = { start: end, end };
        // Right after the `{` (nothing written in it yet): `{}`.
        // An import's list closes on its line (`import "./x" { a, b }`).
        fix = { message: "insert `}`", edits: [{ span, newText: tokens[j]!.tokenType === T.LCurly ? "}" : ruleStack.includes("importDecl") ? " }" : "\n}" }] };
        // The indentation may say which block it is: one whose next line at its own depth is not its `}`.
        const lost = unclosedByIndent(tokens, idx, text);
        const typeEnd = ruleStack.includes("primaryType") ? unclosedTypeBeforeEq(tokens, idx, text) : undefined;
        if (typeEnd !== undefined) {
          // `let m: {String: String = { … }`: the type's `}` goes before the `=` of its line (its value read as a field's default).
          message = `expected \`}\`: the type on line ${lineOf(text, typeEnd) + 1} is not closed before its \`=\``;
          span = { start: typeEnd, end: typeEnd };
          fix = { message: "insert `}`", edits: [{ span, newText: "}" }] };
        } else if (lost) {
          const line = lineOf(text, lost.startOffset);
          message = `expected \`}\`: the \`{\` on line ${line + 1} is not closed (the line after it is not indented inside it)`;
          span = { start: lost.startOffset + 1, end: lost.startOffset + 1 };
          fix = { message: "insert `}`", edits: [{ span, newText: "}" }] };
        } else if (tokens[j]!.tokenType === T.LCurly) {
          // `base {` right above `base {`: a first line written twice, not a block to close.
          const first = lineSpanAt(text, tokens[j]!.startOffset);
          const next = lineSpanAt(text, tok.startOffset);
          const written = text.slice(first.start, first.end);
          if (next.start === first.end + 1 && written.trim() === text.slice(next.start, next.end).trim()) {
            message = `\`${written.trim()}\` is written twice`;
            span = first;
            fix = { message: "remove the first", edits: [{ span: { start: first.start, end: first.end + 1 }, newText: "" }] };
          }
        }
      }
    }
    if (e.name === "NoViableAltException" && tok.tokenType === T.LCurly && message.startsWith("expected a value")) {
      closers ??= matchingClosers(tokens);
      const opened = openRecord(tokens, idx, closers[idx]!, text, lineOf);
      message = opened.message;
      span = opened.span;
      fix = opened.fix;
      // Its first item a keyword-named field with the `=` left out (`{ type "cx22" }`).
      let j = idx + 1;
      while (tokens[j]?.tokenType === T.Newline) j++;
      const first = tokens[j];
      const after = tokens[j + 1];
      if (valueWithoutEq(first, after, text)) ({ message, span, fix } = missingEq(first));
      // What recovery reports inside the record is this same mistake.
      skipThrough = opened.through;
    }
    const wrongCloser = e.name === "MismatchedTokenException" ? /^expected `([)\]}])`, found `([)\]}])`$/.exec(message) : null;
    if (wrongCloser) {
      // A closer that closes an opener of its own kind (`f([1, 2)`): the closer expected is missing before it, not written instead of it.
      paired ??= pairedClosers(tokens);
      fix = paired[idx] === 1
        ? { message: `insert \`${wrongCloser[1]}\``, edits: [{ span: { start: span.start, end: span.start }, newText: wrongCloser[1]! }] }
        : { message: `write \`${wrongCloser[1]}\``, edits: [{ span, newText: wrongCloser[1]! }] };
    }
    // `type "cx22"` in a record: a field whose name is a keyword, the `=` left out (parser.ts reads plain names so).
    const next = tokens[idx + 1];
    if (message.startsWith("expected a field (`name = value`), found") && valueWithoutEq(tok, next, text)) ({ message, span, fix } = missingEq(tok));
    // A field after placement rules: the block's `}` is missing at the end of the line before (parser.ts reads the field as the body's).
    if (e.name === "MismatchedTokenException" && (inRule === "placeBlock" || inRule === "namedPlaceBlock") && message.startsWith("expected `}`, found") && tokens[idx + 1]?.tokenType === T.Eq) {
      let j = idx - 1;
      while (j >= 0 && tokens[j]!.tokenType === T.Newline) j--;
      if (j >= 0) {
        const end = (tokens[j]!.endOffset ?? tokens[j]!.startOffset) + 1;
        const indent = lineIndent(text, tok.startOffset);
        message = `the block of placement rules is not closed: \`}\` is missing before the field \`${tok.image}\``;
        span = { start: end, end };
        fix = { message: "insert `}`", edits: [{ span, newText: `\n${indent}}` }] };
      }
    }
    // A list or a call left open where its line ends (the next line starts a declaration: scanner.ts).
    const unclosed = e.name === "MismatchedTokenException" ? /^expected `([)\]])`, found the end of the line$/.exec(message) : null;
    if (unclosed) fix = { message: `insert \`${unclosed[1]}\``, edits: [{ span, newText: unclosed[1]! }] };
    // A label's name is read as a field key is: say what is missing where it is.
    if (ruleStack.includes("labelKey")) message = message.replace("expected a field name", "expected a label name (such as `zone`)");
    if (inRule === "primary" && tok.tokenType === T.Minus) {
      message += " (a negative number needs a value before it, or write `0 - x`)";
    }
    // An indented line after an error is the rest of the declaration that broke, not a declaration of its own.
    // (Not a field right above a declaration's first line: that is a mistake of its own.)
    if ((code === "H0112" || message.startsWith("expected a declaration")) && out.length > 0 && source.positionAt(tok.startOffset).character > 0 && !fieldAboveHeader(text, tok.startOffset)) continue;
    // The same mistake found again (a `{` missing: at the field the early `}` left outside, and at the `}` that then closes nothing).
    if (out.some((d) => d.span.start === span.start && d.span.end === span.end && d.message === message)) continue;
    out.push(diagnostic(code, file, span, message, fix ? { fix } : {}));
    lastReportedIndex = idx;
    lastEnd = span.end;
    // The rest of a rule's line is that rule (`survive 1 node failure`: not a `node` declaration).
    if (belongsIn.has(tok.image) && code === "H0112") {
      const eol = text.indexOf("\n", span.end);
      lastEnd = eol < 0 ? text.length + 1 : eol + 1;
      strayRules.push({ start: span.start, end: lastEnd });
    }
  }
  return out;
}

/**
 * A `{` that ends its line and whose next line is indented no deeper than
 * its own (`health = http {` followed by `rollout = …`): an empty block never
 * closed, in a file indented as `herd fmt` writes it. The last such one
 * before token `until`, within the declaration that holds it.
 */
function unclosedByIndent(tokens: IToken[], until: number, text: string): IToken | undefined {
  for (let j = until - 1; j > 0; j--) {
    const t = tokens[j]!;
    // Not past the start of the declaration the error is in.
    if (declarationKeywordTypes.has(t.tokenType) && text.lastIndexOf("\n", t.startOffset - 1) + 1 === t.startOffset) break;
    if (t.tokenType !== T.LCurly) continue;
    let k = j + 1;
    while (tokens[k]?.tokenType === T.Newline) k++;
    const next = tokens[k];
    // The `{` ends its line, and what follows is not its `}` (a `}` less indented than its line closes an outer block).
    if (!next || k >= until || !text.slice(t.startOffset, next.startOffset).includes("\n")) continue;
    const openerIndent = lineIndent(text, t.startOffset).length;
    const nextIndent = lineIndent(text, next.startOffset).length;
    if (next.tokenType === T.RCurly ? nextIndent < openerIndent : nextIndent <= openerIndent) return t;
  }
  return undefined;
}

/** The error for a `{` missing where a line ends, or a `}` too many that closes its line's block (missingOpenerByIndent). */
function lostOpener(lost: { at: number; closer: number; extra?: number }, text: string, lineOf: (text: string, offset: number) => number): { message: string; span: Span; fix: NonNullable<Diagnostic["fix"]> } {
  if (lost.extra !== undefined) {
    const span = { start: lost.extra, end: lost.extra + 1 };
    return {
      message: `this \`}\` closes the block on its line, but the lines after it are indented inside it, and the \`}\` on line ${lineOf(text, lost.closer) + 1} closes them`,
      span,
      fix: { message: "remove `}`", edits: [{ span, newText: "" }] },
    };
  }
  const span = { start: lost.at, end: lost.at };
  return {
    message: `expected \`{\` where line ${lineOf(text, lost.at) + 1} ends: the lines after it are indented inside it, and the \`}\` on line ${lineOf(text, lost.closer) + 1} closes them`,
    span,
    fix: { message: "insert `{`", edits: [{ span, newText: " {" }] },
  };
}

/**
 * For a `}` that closes nothing (at `stray`): a line of its declaration that
 * does not end with `{` although the lines after it are indented deeper and
 * a `}` at its own indentation follows them (`run = postgres` ⏎ `  version = 16`
 * ⏎ `}`): where that line ends (the `{` goes there), and the `}` found; with
 * `extra`, the line closed its own block (`rollout = {}`), and that `}` is
 * the one too many.
 */
function missingOpenerByIndent(text: string, stray: number): { at: number; closer: number; extra?: number } | undefined {
  const lines: { start: number; end: number; indent: number; content: string }[] = [];
  // The lines of the declaration up to the stray `}`, last first (the declaration starts at a line without indentation).
  let end = text.lastIndexOf("\n", stray - 1);
  while (end > 0) {
    const start = text.lastIndexOf("\n", end - 1) + 1;
    const line = text.slice(start, end);
    const content = line.replace(/\/\/.*$/, "").trimEnd();
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (content.trim() !== "") {
      lines.push({ start, end: start + content.length, indent, content: content.trim() });
      if (indent === 0) break;
    }
    end = start - 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const closer = lines[i]!;
    if (closer.content !== "}") continue;
    // The nearest line above at the closer's indentation, every line between deeper.
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.indent > closer.indent) continue;
      if (l.indent === closer.indent && j > i + 1 && !/[{(\[]$/.test(l.content)) {
        // `rollout = {}` (a `}` typed too many): the block its next lines are in closed on its own line.
        if (/\{[^{}]*\}$/.test(l.content)) return { at: l.end, closer: closer.start + closer.indent, extra: l.end - 1 };
        return { at: l.end, closer: closer.start + closer.indent };
      }
      break;
    }
  }
  return undefined;
}

/**
 * A record type opened after `:` (`let m: {String: String = {`) whose line
 * goes on to an `=`: where the type ends before that `=` (the `}` missing
 * there). The search stays within the declaration the error is in.
 */
function unclosedTypeBeforeEq(tokens: IToken[], until: number, text: string): number | undefined {
  for (let j = until - 1; j > 0; j--) {
    const t = tokens[j]!;
    if (declarationKeywordTypes.has(t.tokenType) && text.lastIndexOf("\n", t.startOffset - 1) + 1 === t.startOffset) return undefined;
    if (t.tokenType !== T.LCurly || tokens[j - 1]!.tokenType !== T.Colon) continue;
    const lineEnd = text.indexOf("\n", t.startOffset);
    for (let k = j + 1; k < until && (lineEnd < 0 || tokens[k]!.startOffset < lineEnd); k++) {
      if (tokens[k]!.tokenType === T.Eq) return (tokens[k - 1]!.endOffset ?? tokens[k - 1]!.startOffset) + 1;
    }
    return undefined;
  }
  return undefined;
}

/** The spaces and tabs that start the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** A keyword-named field without its `=` (`type "cx22"`): a name, then on its line a literal or `[`. */
function valueWithoutEq(name: IToken | undefined, next: IToken | undefined, text: string): name is IToken {
  return !!name && !!next && (name.tokenType.CATEGORIES ?? []).includes(T.Name) && valueTokenTypes.has(next.tokenType) && !text.slice(name.startOffset, next.startOffset).includes("\n");
}

/** A field named `name` written without its `=` (the same words as parser.ts's). */
function missingEq(name: IToken): { message: string; span: Span; fix: NonNullable<Diagnostic["fix"]> } {
  const span = { start: name.endOffset! + 1, end: name.endOffset! + 1 };
  return { message: `a field is set with \`=\`: write \`${name.image} = …\``, span, fix: { message: "insert `=`", edits: [{ span, newText: " =" }] } };
}

/** The line holding `at`, without its line break. */
function lineSpanAt(text: string, at: number): Span {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const end = text.indexOf("\n", at);
  return { start, end: end < 0 ? text.length : end };
}

/** A block still open where a declaration (`keyword`, on 0-based `line`) starts. */
function stillOpen(keyword: IToken, line: number): string {
  return `expected \`}\`: the block is still open where \`${keyword.image}\` on line ${line + 1} starts a declaration; is a closing brace missing here?`;
}

/**
 * A `{` where a value goes that no reading of the grammar could start: what
 * follows it is not a field. When the `{` is never closed (the common case:
 * typed, then the next declaration or the end of the file), that is the
 * error, reported where the record's last line ends with `}` as the fix;
 * otherwise the first thing inside that is not a field.
 */
function openRecord(tokens: IToken[], idx: number, closer: number, text: string, lineOf: (text: string, offset: number) => number): { message: string; span: Span; fix?: Diagnostic["fix"]; through: number } {
  const endOf = (t: IToken) => (t.endOffset ?? t.startOffset) + 1;
  let next = idx + 1;
  while (next < tokens.length && tokens[next]!.tokenType === T.Newline) next++;
  const inner = tokens[next];
  const closed = closer >= 0;
  // Where the record ends when it is not closed: before the first declaration keyword that starts a line, else at the end.
  let stop = tokens.length;
  if (!closed) {
    for (let j = idx + 1; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (declarationKeywordTypes.has(t.tokenType) && lineOf(text, t.startOffset) > lineOf(text, tokens[j - 1]!.startOffset)) {
        stop = j;
        break;
      }
    }
  }
  if (!closed) {
    let last = stop - 1;
    while (last > idx && tokens[last]!.tokenType === T.Newline) last--;
    const at = endOf(tokens[last]!);
    // Worded as when the parser finds the record's end itself (a record with fields).
    return {
      message: stop < tokens.length ? stillOpen(tokens[stop]!, lineOf(text, tokens[stop]!.startOffset)) : "expected `}`, found the end of the file",
      span: { start: at, end: at },
      // An empty record closes on its own line; one with fields gets the brace on a line after them.
      fix: { message: "insert `}`", edits: [{ span: { start: at, end: at }, newText: last === idx ? "}" : "\n}" }] },
      through: stop - 1,
    };
  }
  const found = !inner || inner.tokenType === EOF ? "the end of the file" : `\`${inner.image}\``;
  return { message: `expected a field (\`name = value\`) or \`}\` after \`{\`, found ${found}`, span: inner ? spanOfToken(inner, text) : { start: endOf(tokens[idx]!), end: endOf(tokens[idx]!) }, through: closer };
}

/** `512 MiB`: a unit's name after a number and spaces on the same line, read as a name where the number had ended. */
function unitAfterSpace(tokens: IToken[], idx: number, text: string): { written: string; gap: Span } | undefined {
  const tok = tokens[idx];
  const prev = tokens[idx - 1];
  if (!tok || !prev || !units.has(tok.image) || (prev.tokenType !== T.IntLit && prev.tokenType !== T.FloatLit)) return undefined;
  const gap = { start: (prev.endOffset ?? prev.startOffset) + 1, end: tok.startOffset };
  if (!/^[ \t]+$/.test(text.slice(gap.start, gap.end))) return undefined;
  return { written: prev.image + tok.image, gap };
}

const openerOf = new Map<TokenType, TokenType>([[T.RParen, T.LParen], [T.RBracket, T.LBracket], [T.RCurly, T.LCurly], [T.InterpEnd, T.InterpStart]]);

/** Per token, 1 for a `)`, `]` or `}` (of a block or a `${`) that closes an opener of its kind, as the scanner pairs them: a closer pops to the nearest opener of its kind, leaving the ones above it unclosed. */
function pairedClosers(tokens: IToken[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  const open: TokenType[] = [];
  for (let j = 0; j < tokens.length; j++) {
    const t = tokens[j]!.tokenType;
    if (t === T.LParen || t === T.LBracket || t === T.LCurly || t === T.InterpStart) open.push(t);
    const want = openerOf.get(t);
    if (want === undefined) continue;
    const at = open.lastIndexOf(want);
    if (at < 0) continue;
    open.length = at;
    out[j] = 1;
  }
  return out;
}

/** For each `{` token, the index of the `}` that closes it (-1 when none does); other tokens -1. One pass, so many errors at braces stay linear. */
function matchingClosers(tokens: IToken[]): Int32Array {
  const out = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  for (let j = 0; j < tokens.length; j++) {
    const t = tokens[j]!.tokenType;
    if (t === T.LCurly) open.push(j);
    else if (t === T.RCurly && open.length > 0) out[open.pop()!] = j;
  }
  return out;
}
