// The scanner: text → tokens for the parser, comments for the formatter and
// doc lookups, and lexical diagnostics. Hand-written rather than a Chevrotain
// Lexer because three things depend on context: string interpolation nests,
// a `/` right after `(` starts a regex, and a line break ends an item only
// inside `{ … }` and only where the line could end (see `endsItem`).
import type { IToken, TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import * as T from "./tokens.js";

export type CommentKind = "line" | "doc" | "block";

export interface Comment {
  kind: CommentKind;
  start: number;
  end: number;
  /** The comment's text without the `//`, `///` or `/* … *\/` markers. */
  text: string;
  /** True when only whitespace precedes it on its line. */
  ownLine: boolean;
}

export interface ScanResult {
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

type Frame =
  | { kind: "brace" | "paren" | "bracket"; place?: boolean }
  | { kind: "interp"; triple: boolean };

const enders = new Set<TokenType>([
  T.IntLit, T.FloatLit, T.UnitLit, T.RegexLit, T.StringEnd, T.RParen, T.RBracket, T.RCurly,
  T.Question, T.True, T.False, T.None, T.Node,
]);

const continuers = new Set<TokenType>([
  T.Then, T.Else, T.With, T.AndAnd, T.OrOr, T.QuestionQuestion, T.EqEq, T.NotEq, T.Lt, T.Le,
  T.Gt, T.Ge, T.Plus, T.Star, T.Slash, T.Percent, T.Dot, T.DotDot, T.Pipe, T.RParen,
  T.RBracket, T.RCurly, T.Comma, T.Colon,
]);

// Names end an item too: plain ones and contextual keywords (both in the Identifier category).
for (const t of T.allTokens) if (t === T.PlainIdent || t.CATEGORIES?.includes(T.Identifier)) enders.add(t);

function endsItem(t: TokenType): boolean {
  return enders.has(t);
}

/** Punctuation by its first character, longest first: one lookup per token instead of a scan of the list. */
const punctuationByChar: ((readonly [string, TokenType])[] | undefined)[] = [];
for (const entry of T.punctuation) (punctuationByChar[entry[0].charCodeAt(0)] ??= []).push(entry);

/** A token as Chevrotain reads it, built directly (it is the scanner's
 * hottest allocation). Offsets only: lines and columns come from SourceText
 * where a position is shown, and the parsers never read them. */
function token(tokenType: TokenType, image: string, startOffset: number, endOffset: number): IToken {
  return { image, startOffset, endOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType };
}

/**
 * Every word scanned so far: its token type (a keyword's, or a plain name's)
 * and one string for its text, however often it is written (the syntax trees
 * hold a name's text in every identifier and field key, and a fleet writes
 * `replicas` or `memory` thousands of times). One lookup per word. Bounded,
 * for a language server that runs for days.
 */
const words = new Map<string, { type: TokenType; image: string }>();

function wordOf(word: string): { type: TokenType; image: string } {
  if (words.size >= 50_000) words.clear();
  const entry = { type: T.keywordTokens.get(word) ?? T.PlainIdent, image: word };
  words.set(word, entry);
  return entry;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export function scan(text: string, file = ""): ScanResult {
  // A little above the size it will have (a token per four characters in the
  // examples and benchmarks), and cut to it at the end: grown from empty, it
  // was copied a dozen times. (Bounded: a huge file of comments has no tokens.)
  const tokens: IToken[] = new Array<IToken>(Math.min(Math.ceil(text.length / 3), 1 << 20));
  let count = 0;
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let pos = 0;
  let pendingNewline = -1; // offset of the first line break since the last token, or -1
  let last: TokenType | undefined;

  const top = (): Frame | undefined => stack[stack.length - 1];
  const newlinesSignificant = (): boolean => {
    const f = top();
    return f === undefined || f.kind === "brace";
  };

  // Line breaks seen before a token, in token order; the decision to insert
  // a Newline token is made at the end, when both neighbours are known.
  const breaks: LineBreaks = { index: [], offset: [], where: [] };

  /** `image`: the token's text when the caller has it (the same string every time, for punctuation and names). */
  function push(type: TokenType, start: number, end: number, image?: string): void {
    if (pendingNewline >= 0) {
      const f = top();
      breaks.index.push(count);
      breaks.offset.push(pendingNewline);
      breaks.where.push((stack.length === 0 ? TOP_LEVEL : 0) | (f?.kind === "brace" && f.place === true ? IN_PLACE : 0));
      pendingNewline = -1;
    }
    tokens[count++] = token(type, image ?? text.slice(start, end), start, end - 1);
    last = type;
  }

  function lineBreak(at: number): void {
    if (newlinesSignificant() && pendingNewline < 0) pendingNewline = at;
  }

  function ownLine(start: number): boolean {
    for (let i = start - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 10) return true;
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  }

  /** Scans string content after its opening quote. Returns when the string
   * ends or an interpolation opens (then a frame is pushed). */
  function scanStringBody(nix: boolean, triple: boolean): void {
    let textStart = pos;
    const flushText = () => {
      if (pos > textStart) push(T.StringText, textStart, pos);
    };
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (triple && c === 34 && text.startsWith('"""', pos)) {
        flushText();
        push(T.StringEnd, pos, pos + 3);
        pos += 3;
        return;
      }
      if (!triple && c === 34) {
        flushText();
        push(T.StringEnd, pos, pos + 1);
        pos += 1;
        return;
      }
      if (!triple && (c === 10 || c === 13)) break;
      if (c === 92 /* \ */) {
        if (triple && nix) {
          pos++;
          continue;
        }
        const next = text.charCodeAt(pos + 1);
        if (nix) {
          pos += next === 34 || next === 92 ? 2 : 1;
          continue;
        }
        if (next === 117 /* u */ && text.charCodeAt(pos + 2) === 123 /* { */) {
          const close = text.indexOf("}", pos + 3);
          const hex = close < 0 ? "" : text.slice(pos + 3, close);
          if (close < 0 || !/^[0-9a-fA-F]{1,6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) {
            diagnostics.push(
              diagnostic("H0103", file, { start: pos, end: Math.min(n, close < 0 ? pos + 2 : close + 1) },
                "invalid unicode escape: write `\\u{…}` with 1 to 6 hexadecimal digits"),
            );
            pos += 2;
          } else pos = close + 1;
          continue;
        }
        if (!'"\\nrt$'.includes(String.fromCharCode(next)) || Number.isNaN(next)) {
          diagnostics.push(
            diagnostic("H0103", file, { start: pos, end: Math.min(n, pos + 2) },
              `invalid escape sequence \`\\${Number.isNaN(next) ? "" : String.fromCharCode(next)}\``, {
                fix: { message: "escape the backslash", edits: [{ span: { start: pos, end: pos + 1 }, newText: "\\\\" }] },
              }),
          );
        }
        pos += Number.isNaN(next) ? 1 : 2;
        continue;
      }
      if (!nix && c === 36 /* $ */ && text.charCodeAt(pos + 1) === 123 /* { */) {
        flushText();
        push(T.InterpStart, pos, pos + 2);
        pos += 2;
        stack.push({ kind: "interp", triple });
        return;
      }
      pos++;
    }
    // Unterminated: end the string where the line (or file) ends, so the rest
    // of the file is still read as code.
    flushText();
    diagnostics.push(
      diagnostic("H0102", file, { start: pos, end: pos }, triple ? 'this string is not closed: add `"""`' : 'this string is not closed before the end of the line: add `"`', {
        fix: { message: "close the string", edits: [{ span: { start: pos, end: pos }, newText: triple ? '"""' : '"' }] },
      }),
    );
    push(T.StringEnd, pos, pos);
  }

  while (pos < n) {
    const c = text.charCodeAt(pos);
    // Whitespace and line breaks.
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      pos++;
      continue;
    }
    if (c === 10) {
      const f = top();
      if (f?.kind === "interp" && !f.triple) {
        // A line break inside `${` of a one-line string: the string was never closed.
        diagnostics.push(diagnostic("H0102", file, { start: pos, end: pos }, "this interpolation is not closed before the end of the line: add `}` and `\"`"));
        push(T.InterpEnd, pos, pos);
        stack.pop();
        push(T.StringEnd, pos, pos);
        continue;
      }
      lineBreak(pos);
      pos++;
      continue;
    }
    // Comments.
    if (c === 47 /* / */) {
      const c2 = text.charCodeAt(pos + 1);
      if (c2 === 47) {
        let end = text.indexOf("\n", pos);
        if (end < 0) end = n;
        const isDoc = text.charCodeAt(pos + 2) === 47 && text.charCodeAt(pos + 3) !== 47;
        const raw = text.slice(pos + (isDoc ? 3 : 2), end).replace(/\r$/, "");
        comments.push({ kind: isDoc ? "doc" : "line", start: pos, end: end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end, text: raw, ownLine: ownLine(pos) });
        pos = end;
        continue;
      }
      if (c2 === 42) {
        const close = text.indexOf("*/", pos + 2);
        const end = close < 0 ? n : close + 2;
        if (close < 0) {
          diagnostics.push(diagnostic("H0106", file, { start: pos, end: pos + 2 }, "this block comment is never closed: add `*/`"));
        }
        comments.push({ kind: "block", start: pos, end, text: text.slice(pos + 2, close < 0 ? n : close), ownLine: ownLine(pos) });
        const nl = text.indexOf("\n", pos);
        if (nl >= 0 && nl < end) lineBreak(nl);
        pos = end;
        continue;
      }
      // `(/regex/` — a slash right after `(` cannot be division.
      if (last === T.LParen) {
        let i = pos + 1;
        while (i < n && text.charCodeAt(i) !== 47 && text.charCodeAt(i) !== 10) {
          if (text.charCodeAt(i) === 92) i++;
          i++;
        }
        if (i < n && text.charCodeAt(i) === 47) {
          push(T.RegexLit, pos, i + 1);
          pos = i + 1;
          continue;
        }
        diagnostics.push(diagnostic("H0102", file, { start: pos, end: Math.min(i, n) }, "this regular expression is not closed: add `/`"));
        push(T.RegexLit, pos, Math.min(i, n));
        pos = Math.min(i, n);
        continue;
      }
    }
    // Numbers, with an optional unit suffix.
    if (isDigit(c)) {
      const start = pos;
      while (pos < n && (isDigit(text.charCodeAt(pos)) || text.charCodeAt(pos) === 95)) pos++;
      let isFloat = false;
      if (text.charCodeAt(pos) === 46 && isDigit(text.charCodeAt(pos + 1))) {
        isFloat = true;
        pos++;
        while (pos < n && (isDigit(text.charCodeAt(pos)) || text.charCodeAt(pos) === 95)) pos++;
      }
      if (pos < n && isLetter(text.charCodeAt(pos))) {
        while (pos < n && isLetter(text.charCodeAt(pos))) pos++;
        // A digit or `_` glued on after the unit (`5m3`) makes it no number at all.
        if (pos < n && isIdentPart(text.charCodeAt(pos))) {
          while (pos < n && isIdentPart(text.charCodeAt(pos))) pos++;
          diagnostics.push(diagnostic("H0105", file, { start, end: pos }, `\`${text.slice(start, pos)}\` is not a number: a number may be followed only by a unit such as \`MiB\` or \`s\``));
        }
        push(T.UnitLit, start, pos);
        continue;
      }
      push(isFloat ? T.FloatLit : T.IntLit, start, pos);
      continue;
    }
    // Identifiers, keywords, and `nix"…"`.
    if (isIdentStart(c)) {
      const start = pos;
      pos++;
      for (;;) {
        while (pos < n && isIdentPart(text.charCodeAt(pos))) pos++;
        // A dash inside a name (`web-1`, `pkgs.shop-api`) when a name character follows.
        if (text.charCodeAt(pos) === 45 && pos + 1 < n && isIdentPart(text.charCodeAt(pos + 1))) {
          pos++;
          continue;
        }
        break;
      }
      const word = text.slice(start, pos);
      if (word === "nix" && text.charCodeAt(pos) === 34) {
        const triple = text.startsWith('"""', pos);
        pos += triple ? 3 : 1;
        push(T.StringStart, start, pos);
        scanStringBody(true, triple);
        continue;
      }
      const known = words.get(word) ?? wordOf(word);
      push(known.type, start, pos, known.image);
      continue;
    }
    // Strings.
    if (c === 34) {
      const triple = text.startsWith('"""', pos);
      const start = pos;
      pos += triple ? 3 : 1;
      push(T.StringStart, start, pos);
      scanStringBody(false, triple);
      continue;
    }
    // Closing an interpolation resumes its string.
    if (c === 125 /* } */ && top()?.kind === "interp") {
      const f = stack.pop() as { kind: "interp"; triple: boolean };
      push(T.InterpEnd, pos, pos + 1);
      pos++;
      scanStringBody(false, f.triple);
      continue;
    }
    // Punctuation, longest first.
    let matched: TokenType | undefined;
    let matchedText = "";
    let len = 0;
    const candidates = punctuationByChar[c];
    if (candidates) {
      for (let i = 0; i < candidates.length; i++) {
        const p = candidates[i]![0];
        const t = candidates[i]![1];
        if (p.length === 1 || text.startsWith(p, pos)) {
          matched = t;
          matchedText = p;
          len = p.length;
          break;
        }
      }
    }
    if (matched) {
      // `place {` opens a block of rules: a line starting with a rule keyword starts a rule.
      if (matched === T.LCurly) stack.push(last === T.Place ? { kind: "brace", place: true } : { kind: "brace" });
      else if (matched === T.LParen) stack.push({ kind: "paren" });
      else if (matched === T.LBracket) stack.push({ kind: "bracket" });
      else if (matched === T.RCurly || matched === T.RParen || matched === T.RBracket) {
        const want = matched === T.RCurly ? "brace" : matched === T.RParen ? "paren" : "bracket";
        // Pop to the matching opener if there is one; a stray closer pops nothing.
        for (let i = stack.length - 1; i >= 0; i--) {
          const k = stack[i]!.kind;
          if (k === "interp") break;
          if (k === want) {
            stack.length = i;
            break;
          }
        }
      }
      push(matched, pos, pos + len, matchedText);
      pos += len;
      continue;
    }
    // Anything else: one diagnostic per run of unexpected characters.
    const start = pos;
    const cp = text.codePointAt(pos)!;
    pos += cp > 0xffff ? 2 : 1;
    while (pos < n) {
      const d = text.charCodeAt(pos);
      if (d === 32 || d === 9 || d === 10 || d === 13 || isIdentPart(d) || d === 34 || "{}[](),.:=<>+-*/%!&|?".includes(text[pos]!)) break;
      pos += (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
    }
    const bad = text.slice(start, pos);
    const what = bad === "'" ? "`'`: strings use double quotes" : bad === ";" ? "`;`: separate items with a line break or `,`" : `\`${bad}\``;
    // A `;` that ends a line (the habit of C or Nix) can simply go.
    const endsLine = bad === ";" && /^[ \t]*(\/\/.*)?(\r?\n|$)/.test(text.slice(pos, text.indexOf("\n", pos) + 1 || n));
    diagnostics.push(diagnostic("H0101", file, { start, end: pos }, `unexpected ${what}`, endsLine ? { fix: { message: "remove `;`", edits: [{ span: { start, end: pos }, newText: "" }] } } : {}));
  }
  tokens.length = count;
  return { tokens: withNewlines(tokens, breaks), comments, diagnostics };
}

/** True when tokens[i…] read `name =` or `a.b.c =`: the start of a field,
 * which no expression can continue into. (`name {` can: it is a call.) */
function fieldHeadAt(tokens: IToken[], i: number): "assign" | undefined {
  let j = i;
  for (;;) {
    const t = tokens[j];
    if (!t || !(t.tokenType.CATEGORIES?.includes(T.Name) ?? false)) return undefined;
    const next = tokens[j + 1]?.tokenType;
    if (next === T.Eq) return "assign";
    if (next !== T.Dot) return undefined;
    j += 2;
  }
}

const declStarts = new Set<TokenType>([T.Import, T.Base, T.Pool, T.Node, T.Service, T.Let, T.Type, T.Fn, T.Policy, T.Terraform]);

/** The line breaks before tokens, in token order, as parallel lists (an object per line was a tenth of scanning's allocation). */
interface LineBreaks {
  /** The index of the token after each break. */
  index: number[];
  offset: number[];
  /** TOP_LEVEL and IN_PLACE (directly inside `place { … }`). */
  where: number[];
}

const TOP_LEVEL = 1;
const IN_PLACE = 2;

const ruleStarts = new Set<TokenType>([T.On, T.Prefer, T.Spread, T.Max, T.Avoid, T.Near]);

function withNewlines(tokens: IToken[], breaks: LineBreaks): IToken[] {
  const nb = breaks.index.length;
  if (nb === 0) return tokens;
  // Which breaks become Newline tokens, first: then the output is made at its final size (growing it doubled the allocation of a file's tokens).
  const inserted = new Uint8Array(nb);
  let count = 0;
  for (let b = 0; b < nb; b++) {
    const i = breaks.index[b]!;
    if (i === 0) continue;
    const prev = tokens[i - 1]!.tokenType;
    const type = tokens[i]!.tokenType;
    const insert =
      (endsItem(prev) && !continuers.has(type)) ||
      // A field or declaration at the start of a line always starts a new
      // item, so a missing value (`replicas =` ⏎ `cpu = 1`) stays one error.
      (prev !== T.Comma && prev !== T.LCurly && fieldHeadAt(tokens, i) === "assign") ||
      (declStarts.has(type) && (breaks.where[b]! & TOP_LEVEL) !== 0) ||
      (ruleStarts.has(type) && (breaks.where[b]! & IN_PLACE) !== 0);
    if (insert) {
      inserted[b] = 1;
      count++;
    }
  }
  const out = new Array<IToken>(tokens.length + count);
  let k = 0;
  let from = 0;
  for (let b = 0; b < nb; b++) {
    if (!inserted[b]) continue;
    const index = breaks.index[b]!;
    const offset = breaks.offset[b]!;
    while (from < index) out[k++] = tokens[from++]!;
    out[k++] = token(T.Newline, "\n", offset, offset);
  }
  while (from < tokens.length) out[k++] = tokens[from++]!;
  return out;
}
