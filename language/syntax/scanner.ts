// The scanner: text → tokens for the parser, comments for the formatter and
// doc lookups, and lexical diagnostics. Hand-written rather than a Chevrotain
// Lexer because three things depend on context: string interpolation nests,
// a `/` right after `(` starts a regex, and a line break ends an item only
// inside `{ … }` and only where the line could end (see `push`).
import type { TokenType } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { modulePath, startsDeclaration } from "./declaration-shapes.js";
import { indentWidth, nextLineIndent } from "./indentation.js";
import { keywordLeftOut } from "./keyword-left-out.js";
import { misspeltKeyword } from "./misspelt-keyword.js";
import { lostOpeningQuote, unclosedTriple, type UnclosedTriple } from "./triple-quote-slips.js";
import { TokenStream } from "./token-stream.js";
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
  stream: TokenStream;
  comments: Comment[];
  diagnostics: Diagnostic[];
}

type Frame =
  | { kind: "brace" | "paren" | "bracket"; place?: boolean; /** Where a `(` or `[` opened. */ at?: number }
  | {
      kind: "interp";
      triple: boolean;
      /** Where the string's text must end (triple-quote-slips.ts), or the file's length. */
      stop: number;
      fix?: UnclosedTriple;
      /** The string's opening quote, and the interpolation's `${`. */
      openAt: number;
      at: number;
    };

const enders = new Set<TokenType>([
  T.IntLit, T.FloatLit, T.UnitLit, T.RegexLit, T.StringEnd, T.RParen, T.RBracket, T.RCurly,
  T.Question, T.True, T.False, T.None, T.Node, T.LostMember,
]);

/** What a value follows: a `.name` right after one of these has lost the name before it. */
const valueOpeners = new Set<TokenType>([T.Eq, T.LParen, T.LBracket, T.Comma, T.Colon]);

const continuers = new Set<TokenType>([
  T.Then, T.Else, T.With, T.AndAnd, T.OrOr, T.QuestionQuestion, T.EqEq, T.NotEq, T.Lt, T.Le,
  T.Gt, T.Ge, T.Plus, T.Star, T.Slash, T.Percent, T.Dot, T.DotDot, T.Pipe, T.RParen,
  T.RBracket, T.RCurly, T.Comma, T.Colon,
]);

// Names end an item too: plain ones and contextual keywords (both in the Identifier category).
for (const t of T.allTokens) if (t === T.PlainIdent || t.CATEGORIES?.includes(T.Identifier)) enders.add(t);

/** Punctuation by its first character, longest first: one lookup per token instead of a scan of the list. */
const punctuationByChar: ((readonly [string, TokenType])[] | undefined)[] = [];
for (const entry of T.punctuation) (punctuationByChar[entry[0].charCodeAt(0)] ??= []).push(entry);

/**
 * Every word scanned so far: its token type (a keyword's, or a plain
 * name's) and one string for its text, however often it is written (the
 * syntax trees hold a name's text in every identifier and field key, and a
 * fleet writes `replicas` or `memory` thousands of times). An open-addressed
 * table keyed by a hash of the word's characters, taken while scanning it: a
 * word seen before is found without slicing it out of the text. Bounded, for
 * a language server that runs for days.
 */
const WORD_SLOTS = 1 << 17;
const MAX_WORDS = 50_000;
const wordImages = new Array<string | undefined>(WORD_SLOTS).fill(undefined);
const wordHashes = new Int32Array(WORD_SLOTS);
const wordTypes = new Array<TokenType>(WORD_SLOTS).fill(T.PlainIdent);
let wordCount = 0;

/** The slot of the word text[start, end) with hash `hash`, entered if new. */
function wordSlot(text: string, start: number, end: number, hash: number): number {
  const len = end - start;
  let i = hash & (WORD_SLOTS - 1);
  for (;;) {
    const image = wordImages[i];
    if (image === undefined) break;
    if (wordHashes[i] === hash && image.length === len && text.startsWith(image, start)) return i;
    i = (i + 1) & (WORD_SLOTS - 1);
  }
  if (wordCount >= MAX_WORDS) {
    wordImages.fill(undefined);
    wordCount = 0;
    i = hash & (WORD_SLOTS - 1);
  }
  const image = text.slice(start, end);
  wordImages[i] = image;
  wordHashes[i] = hash;
  wordTypes[i] = T.keywordTokens.get(image) ?? T.PlainIdent;
  wordCount++;
  return i;
}

/** Token types as flags by `tokenTypeIdx`, for the line-break decisions. */
function flags(types: Iterable<TokenType>): Uint8Array {
  const out = new Uint8Array(256);
  for (const t of types) out[t.tokenTypeIdx!] = 1;
  return out;
}

// Scratch lists the scanner writes its tokens into, reused from one scan to
// the next (scanning is synchronous); the stream gets copies of their exact
// size at the end.
let capacity = 1 << 12;
let kindsBuf = new Uint8Array(capacity);
let startsBuf = new Int32Array(capacity);
let endsBuf = new Int32Array(capacity);
let imagesBuf = new Array<string | undefined>(capacity).fill(undefined);

function grow(): void {
  capacity *= 2;
  const k = new Uint8Array(capacity);
  k.set(kindsBuf);
  const s = new Int32Array(capacity);
  s.set(startsBuf);
  const e = new Int32Array(capacity);
  e.set(endsBuf);
  kindsBuf = k;
  startsBuf = s;
  endsBuf = e;
  for (let i = imagesBuf.length; i < capacity; i++) imagesBuf.push(undefined);
}

/** A path to a module (`"std/…"`, `"./…"`, `"../…"`), then an import's `{` or `as`. */
const keywordlessImport = new RegExp(`(${modulePath})[ \\t]*(?:\\{|as[ \\t])`, "y");

/** After a name at the start of a line: `=` (not `==`), so a field or a constant without its `let`. */
const letlessField = /[ \t]*=(?!=)/y;

/** A line (from `at`) that sets a field: a name or dotted path, or a quoted map key, then `=` (not `==`). */
const fieldLine = /[ \t]*(?:[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*|"[^"\n\\$]*")[ \t]*=(?!=)/y;
function startsField(text: string, at: number): boolean {
  fieldLine.lastIndex = at;
  return fieldLine.test(text);
}

/** A line (from `at`) that starts a placement rule: its keyword, then a space (`max = 3` and `on.x` are fields). */
const ruleLine = /[ \t]*(?:on|prefer|spread|max|avoid|near)[ \t]+(?![=:.])/y;
/** Whether the quote at `at` is the only one on its line (no `${` or `\` after it either): a string it opened would run to the line's end. */
function onlyQuoteOnItsLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    if (c === 34) return false;
  }
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c === 34 || (c === 36 && text.charCodeAt(i + 1) === 123) || c === 92) return false;
  }
  return true;
}

/** The error for a quote on a rule's line that opens nothing (`scan`): the quote a word next to it lacks, or this one removed. */
function strayQuoteInRule(text: string, file: string, at: number): Diagnostic {
  const span = { start: at, end: at + 1 };
  let before = at;
  while (before > 0 && wordChar.test(text[before - 1]!)) before--;
  if (before < at) {
    const word = text.slice(before, at);
    return diagnostic("H0102", file, span, `a \`"\` is missing before \`${word}\`: the quote after it opens nothing`, { fix: { message: "insert `\"`", edits: [{ span: { start: before, end: before }, newText: '"' }] } });
  }
  let after = at + 1;
  while (after < text.length && wordChar.test(text[after]!)) after++;
  if (after > at + 1) {
    const word = text.slice(at + 1, after);
    return diagnostic("H0102", file, span, `this string is not closed: add \`"\` after \`${word}\``, { fix: { message: "close the string", edits: [{ span: { start: after, end: after }, newText: '"' }] } });
  }
  return diagnostic("H0102", file, span, "this quote opens nothing: the line has no other", { fix: { message: "remove it", edits: [{ span, newText: "" }] } });
}

const wordChar = /[A-Za-z0-9_.-]/;

function startsRule(text: string, at: number): boolean {
  ruleLine.lastIndex = at;
  return ruleLine.test(text);
}

/** Whether the `(` at `at` opens a function's parameters: `fn name(` begins its line. */
const fnHead = /^[ \t]*fn[ \t]+[A-Za-z_][A-Za-z0-9_-]*[ \t]*$/;
function opensParameters(text: string, at: number): boolean {
  return fnHead.test(text.slice(text.lastIndexOf("\n", at - 1) + 1, at));
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Where the rest of a name from `from` ends: name characters, and a dash with one after it (`web-1`), as the scanner reads a word. */
function wordEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && (isIdentPart(text.charCodeAt(end)) || (text.charCodeAt(end) === 45 && isIdentPart(text.charCodeAt(end + 1))))) end++;
  return end;
}

export function scan(text: string, file = ""): ScanResult {
  let count = 0;
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let pos = 0;
  let pendingNewline = -1; // offset of the first line break since the last token, or -1
  // The next line break ends what a line left open: the field line after it starts an item, whatever ends the line before.
  let forcedBreak = false;
  let breakAtTop = false; // that break is outside every bracket
  let last: TokenType | undefined;

  const top = (): Frame | undefined => stack[stack.length - 1];
  /** Whether a `}` here closes an interpolation: the innermost frame that is no `(` or `[` is one. */
  const closesInterpolation = (): boolean => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const k = stack[i]!.kind;
      if (k !== "paren" && k !== "bracket") return k === "interp";
    }
    return false;
  };
  /** Whether the innermost brace is a place block's (brackets opened inside it aside). */
  const inPlaceBlock = (): boolean => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i]!;
      if (f.kind !== "paren" && f.kind !== "bracket") return f.kind === "brace" && f.place === true;
    }
    return false;
  };
  const newlinesSignificant = (): boolean => {
    const f = top();
    return f === undefined || f.kind === "brace";
  };

  // A line break becomes a Newline token (which ends an item) when the
  // tokens on both sides of it say so, decided as the token after it comes.
  // One reason needs more tokens than that: the line starts a field
  // (`name =`, `a.b.c =`), which no expression continues into, so a missing
  // value (`replicas =` ⏎ `cpu = 1`) stays one error. Such breaks wait, as
  // candidates, until the names and dots after them end, and get their
  // Newline then (the tokens after it move up one) if an `=` ends them.
  const candidates: number[] = []; // pairs: the token index a Newline would go before, and the break's offset
  let wantName = false; // the candidates' field head has just read a dot

  /** Puts a Newline token for the break at `offset` before token `at`. */
  function insertNewline(at: number, offset: number): void {
    if (count === capacity) grow();
    for (let j = count; j > at; j--) {
      kindsBuf[j] = kindsBuf[j - 1]!;
      startsBuf[j] = startsBuf[j - 1]!;
      endsBuf[j] = endsBuf[j - 1]!;
      imagesBuf[j] = imagesBuf[j - 1];
    }
    kindsBuf[at] = NEWLINE;
    startsBuf[at] = offset;
    endsBuf[at] = offset + 1;
    imagesBuf[at] = "\n";
    count++;
  }

  /** The candidates' field head, one token on: ended by `=` or `:` (a field of a record type: Newlines for all, last first) or anything but a name or dot (none). */
  function advanceFieldHead(kind: number): void {
    if (wantName ? isName[kind] === 1 : kind === DOT) {
      wantName = !wantName;
      return;
    }
    if (!wantName && (kind === EQ || kind === COLON)) for (let c = candidates.length - 2; c >= 0; c -= 2) insertNewline(candidates[c]!, candidates[c + 1]!);
    candidates.length = 0;
    wantName = false;
  }

  /** A declaration at the start of a line inside a block (left open above it, `address =` ⏎ `let port = 1`): no value of the line before. */
  function declarationLineInBlock(start: number): boolean {
    return top()?.kind === "brace" && (start === 0 || text.charCodeAt(start - 1) === 10) && startsDeclaration(text, start);
  }

  /** `image`: the token's one string, for punctuation and names (others are sliced from the text when read). */
  function push(type: TokenType, start: number, end: number, image?: string): void {
    const kind = type.tokenTypeIdx!;
    if (candidates.length > 0) advanceFieldHead(kind);
    if (pendingNewline >= 0) {
      if (last !== undefined) {
        const prev = last.tokenTypeIdx!;
        const f = top();
        if (
          forcedBreak ||
          (enderFlags[prev] === 1 && continuerFlags[kind] !== 1) ||
          (declStarts[kind] === 1 && (stack.length === 0 || declarationLineInBlock(start))) ||
          // A declaration's keyword ending its line at the top (`service` ⏎ `replicas = 1`): the next line's word is no name.
          (declStarts[prev] === 1 && breakAtTop) ||
          (ruleStarts[kind] === 1 && f?.kind === "brace" && f.place === true)
        ) {
          insertNewline(count, pendingNewline);
        } else if (prev !== COMMA && prev !== LCURLY && isName[kind] === 1) {
          // This token is the name that starts the head: the head reads a dot or `=` next.
          if (candidates.length === 0) wantName = false;
          candidates.push(count, pendingNewline);
        }
      }
      pendingNewline = -1;
      forcedBreak = false;
    }
    if (count === capacity) grow();
    kindsBuf[count] = kind;
    startsBuf[count] = start;
    endsBuf[count] = end;
    imagesBuf[count] = image;
    count++;
    last = type;
  }

  function lineBreak(at: number): void {
    // A `(` or `[` left open (being typed) would make every later line part
    // of it: a declaration at the start of the next line ends what is open,
    // so the parser reports the one missing closer and reads the rest of the
    // file as it is.
    if (!newlinesSignificant()) {
      if (startsDeclaration(text, at + 1)) stack.length = 0;
      // A line that sets a field (`env = {`) inside a `[` that no item of a list starts: the `[` was left open on the line before.
      else if (top()?.kind === "bracket" && startsField(text, at + 1)) {
        while (top()?.kind === "bracket") stack.pop();
        forcedBreak = true;
      } else if (inPlaceBlock() && startsRule(text, at + 1)) {
        // A rule's line (`spread by zone`) inside a place block: a `(` or `[` of the rule above, left open (`on (tier == "web"`), ends there.
        const indent = indentWidth(text, at + 1);
        for (let f = top(); f && (f.kind === "paren" || f.kind === "bracket") && f.at !== undefined && indentWidth(text, f.at) >= indent; f = top()) {
          stack.pop();
          forcedBreak = true;
        }
        if (!forcedBreak) return;
      } else if (top()?.kind === "paren" && startsField(text, at + 1)) {
        // A field line indented no more than the line a `(` opened on: not a named argument of a call left open on the line before;
        // nor, at any indentation, a parameter of a function's list (`fn f(a: Int, b` above its body).
        const indent = indentWidth(text, at + 1);
        const params = opensParameters(text, top()!.at!);
        for (let f = top(); f && (f.kind === "paren" || f.kind === "bracket") && f.at !== undefined && (params || indentWidth(text, f.at) >= indent); f = top()) {
          stack.pop();
          forcedBreak = true;
        }
      } else return;
      if (!newlinesSignificant()) {
        forcedBreak = false;
        return;
      }
    }
    if (pendingNewline < 0) {
      pendingNewline = at;
      breakAtTop = stack.length === 0;
    }
  }

  function ownLine(start: number): boolean {
    for (let i = start - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 10) return true;
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  }

  /** Opens the string whose quotes start at `quoteAt` (after `nix`, if any, from `start`). */
  function openString(nix: boolean, start: number, quoteAt: number): void {
    let triple = text.startsWith('"""', quoteAt);
    pos = quoteAt + (triple ? 3 : 1);
    let fix: UnclosedTriple | undefined;
    if (triple) fix = unclosedTriple(text, quoteAt);
    else if (text.charCodeAt(pos) === 34 && lostOpeningQuote(text, quoteAt)) {
      // `""` ending its line above lines closed by `"""`: a `"""` that lost a quote.
      triple = true;
      pos = quoteAt + 2;
      diagnostics.push(diagnostic("H0102", file, { start: quoteAt, end: pos }, 'this multi-line string opens with two quotes: write `"""`', {
        fix: { message: "open it with three quotes", edits: [{ span: { start: pos, end: pos }, newText: '"' }] },
      }));
    }
    push(T.StringStart, start, pos);
    scanStringBody(nix, triple, fix?.stop ?? n, fix, quoteAt);
  }

  /** Scans string content after its opening quote, up to `stop` at most. Returns when the string
   * ends or an interpolation opens (then a frame is pushed). */
  function scanStringBody(nix: boolean, triple: boolean, stop: number, fix: UnclosedTriple | undefined, openAt: number): void {
    let textStart = pos;
    const flushText = () => {
      if (pos > textStart) push(T.StringText, textStart, pos);
    };
    while (pos < stop) {
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
        stack.push({ kind: "interp", triple, stop, fix, openAt, at: pos });
        pos += 2;
        return;
      }
      pos++;
    }
    // Unterminated: end the string where the line (or file) ends, so the rest
    // of the file is still read as code.
    flushText();
    // A line that ends inside a string is being typed: a `(` or `[` it opened
    // before the string (`secret("db/pass`) is left open too, and the lines
    // after it are not its arguments or items.
    let closers = "";
    // So is a `${` of a `"""` string opened on this line (a quote lost inside it): the string's lines go on after it.
    let resume: Extract<Frame, { kind: "interp" }> | undefined;
    if (!triple) {
      const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
      for (let f = top(); f && (f.kind === "paren" || f.kind === "bracket") && f.at !== undefined && f.at >= lineStart; f = top()) {
        closers += f.kind === "paren" ? ")" : "]";
        stack.pop();
      }
      const f = top();
      if (f?.kind === "interp" && f.triple && f.at >= lineStart) {
        closers += "}";
        resume = f;
        stack.pop();
      }
    }
    if (triple) {
      // At the opening quotes, which say which string; the fix closes it where its lines end.
      const at = fix ?? { fixAt: pos, fixText: '"""' };
      diagnostics.push(
        diagnostic("H0102", file, { start: openAt, end: Math.min(openAt + 3, n) }, 'this string is not closed: add `"""` where its text ends', {
          fix: { message: "close the string", edits: [{ span: { start: at.fixAt, end: at.fixAt }, newText: at.fixText }] },
        }),
      );
    } else {
      diagnostics.push(
        diagnostic("H0102", file, { start: pos, end: pos }, `this string is not closed before the end of the line: add \`"${closers}\``, {
          fix: { message: "close the string", edits: [{ span: { start: pos, end: pos }, newText: '"' + closers }] },
        }),
      );
    }
    push(T.StringEnd, pos, pos);
    if (resume) {
      push(T.InterpEnd, pos, pos);
      scanStringBody(false, true, resume.stop, resume.fix, resume.openAt);
    }
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
        // A string opened inside the interpolation and left open at the same place is this one mistake.
        const last = diagnostics[diagnostics.length - 1];
        const inner = last?.code === "H0102" && last.span.start === pos ? (last.fix?.edits[0]?.newText ?? '"') : undefined;
        if (inner !== undefined) diagnostics.pop();
        diagnostics.push(
          diagnostic("H0102", file, { start: pos, end: pos }, `this interpolation is not closed before the end of the line: add ${inner !== undefined ? `\`${inner}\`, ` : ""}\`}\` and \`"\``, {
            fix: { message: "close the interpolation and the string", edits: [{ span: { start: pos, end: pos }, newText: (inner ?? "") + '}"' }] },
          }),
        );
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
          diagnostics.push(diagnostic("H0106", file, { start: pos, end: pos + 2 }, "this block comment is never closed: add `*/`", { fix: { message: "insert `*/` at the end of the file", edits: [{ span: { start: n, end: n }, newText: text.endsWith("\n") ? "*/\n" : "\n*/" }] } }));
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
      let hash = c;
      pos++;
      for (;;) {
        let d: number;
        while (pos < n && isIdentPart((d = text.charCodeAt(pos)))) {
          hash = (Math.imul(hash, 31) + d) | 0;
          pos++;
        }
        // A dash inside a name (`web-1`, `pkgs.shop-api`) when a name character follows.
        if (text.charCodeAt(pos) === 45 && pos + 1 < n && isIdentPart(text.charCodeAt(pos + 1))) {
          hash = (Math.imul(hash, 31) + 45) | 0;
          pos++;
          continue;
        }
        break;
      }
      if (pos - start === 3 && text.charCodeAt(pos) === 34 && text.startsWith("nix", start)) {
        openString(true, start, pos);
        continue;
      }
      const slot = wordSlot(text, start, pos, hash);
      const type = wordTypes[slot]!;
      if (type === T.PlainIdent && stack.length === 0 && (last === undefined || enderFlags[last.tokenTypeIdx!] === 1) && ownLine(start)) {
        // `home-assistant {`: a block whose keyword is left out, its fields saying which (keyword-left-out.ts);
        // not a value continued from the line before (`let s =` ⏎ `webApp { … }`).
        const left = keywordLeftOut(text, pos);
        if (left) {
          const word = text.slice(start, pos);
          diagnostics.push(diagnostic("H0112", file, { start, end: pos }, `\`${word}\` does not start a declaration: its fields are a ${left.keyword}'s; did you mean \`${left.keyword} ${word}\`?`, { fix: { message: `insert \`${left.keyword}\``, edits: [{ span: { start, end: start }, newText: `${left.keyword} ` }] } }));
          push(left.type, start, start, left.keyword);
          push(type, start, pos, wordImages[slot]);
          continue;
        }
      }
      if (type === T.PlainIdent && stack.length === 0 && (start === 0 || text.charCodeAt(start - 1) === 10)) {
        const meant = misspeltKeyword(text, start, pos);
        if (meant) {
          // Read as the keyword: the declaration and its name stay (misspelt-keyword.ts).
          const word = text.slice(start, pos);
          diagnostics.push(diagnostic("H0112", file, { start, end: pos }, `\`${word}\` does not start a declaration; did you mean \`${meant.keyword}\`?`, { fix: { message: `write \`${meant.keyword}\``, edits: [{ span: { start, end: pos }, newText: meant.keyword }] } }));
          push(meant.type, start, pos, word);
          continue;
        }
        // `port = 80` at the top: a constant without its `let` (as Nix and HCL write one), read as one.
        letlessField.lastIndex = pos;
        if (letlessField.test(text)) {
          const word = text.slice(start, pos);
          diagnostics.push(diagnostic("H0112", file, { start, end: pos }, `\`${word}\` does not start a declaration: a constant is declared with \`let\` (\`let ${word} = …\`)`, { fix: { message: "insert `let`", edits: [{ span: { start, end: start }, newText: "let " }] } }));
          push(T.Let, start, start, "let");
        }
      }
      push(type, start, pos, wordImages[slot]);
      continue;
    }
    // Strings.
    if (c === 34) {
      // `"std/services" { nginx }` at the start of a line: an import without its keyword, read as one.
      if (stack.length === 0 && ownLine(pos)) {
        const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
        keywordlessImport.lastIndex = pos;
        const m = keywordlessImport.exec(text);
        if (m) {
          diagnostics.push(diagnostic("H0112", file, { start: pos, end: pos + m[1]!.length }, `\`${m[1]}\` does not start a declaration: an import is written \`import ${m[1]}\``, { fix: { message: "insert `import`", edits: [{ span: { start: lineStart, end: pos }, newText: "import " }] } }));
          push(T.Import, pos, pos, "import");
        }
      }
      // A quote that opens nothing on a placement rule's line (`on role != storage"`, `on role != "storage`): its string would
      // run to the end of the line and take the rule's end, and the block's lines after it, with it. Reported as the string
      // left open is, and skipped: the rest of the line is read as the rule it is.
      if (top()?.kind === "brace" && inPlaceBlock() && onlyQuoteOnItsLine(text, pos)) {
        diagnostics.push(strayQuoteInRule(text, file, pos));
        pos++;
        continue;
      }
      openString(false, pos, pos);
      continue;
    }
    // Closing an interpolation resumes its string.
    // So does a `}` after a `(` or `[` left open inside the interpolation (`${join(xs, ", "}`): the parser reports the missing `)`.
    if (c === 125 /* } */ && closesInterpolation()) {
      while (top()!.kind !== "interp") stack.pop();
      const f = stack.pop() as Extract<Frame, { kind: "interp" }>;
      push(T.InterpEnd, pos, pos + 1);
      pos++;
      scanStringBody(false, f.triple, f.stop, f.fix, f.openAt);
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
    // A closer inside a word (`r}esources`, `por)t`): a slip of the hand, as nothing can follow a closer without a space there.
    if ((matched === T.RCurly || matched === T.RParen || matched === T.RBracket) && pos > 0 && isIdentPart(text.charCodeAt(pos - 1)) && isIdentStart(text.charCodeAt(pos + 1))) {
      diagnostics.push(diagnostic("H0101", file, { start: pos, end: pos + 1 }, `unexpected \`${matchedText}\` inside a word`, { fix: { message: `remove \`${matchedText}\``, edits: [{ span: { start: pos, end: pos + 1 }, newText: "" }] } }));
      const prev = count - 1;
      if (prev >= 0 && endsBuf[prev] === pos && isName[kindsBuf[prev]!] === 1) {
        // The word is read whole (`resources`), as the two halves around the closer.
        const end = wordEnd(text, pos + 1);
        const word = (imagesBuf[prev] ?? text.slice(startsBuf[prev]!, pos)) + text.slice(pos + 1, end);
        const type = T.keywordTokens.get(word) ?? T.PlainIdent;
        kindsBuf[prev] = type.tokenTypeIdx!;
        endsBuf[prev] = end;
        imagesBuf[prev] = word;
        last = type;
        pos = end;
      } else pos++;
      continue;
    }
    // `zone = .location`, `[.htop]`: a member where a value starts, the name before it lost. One token (no path
    // through the grammar starts with `.`, so the fields' lookahead stays as it is), one error, the line read on.
    if (matched === T.Dot && last !== undefined && valueOpeners.has(last) && isIdentStart(text.charCodeAt(pos + 1))) {
      const end = wordEnd(text, pos + 1);
      diagnostics.push(diagnostic("H0110", file, { start: pos, end: pos + 1 }, `a name is missing before \`${text.slice(pos, end)}\``));
      push(T.LostMember, pos, end);
      pos = end;
      continue;
    }
    if (matched) {
      // `place {` opens a block of rules: a line starting with a rule keyword starts a rule.
      if (matched === T.LCurly) stack.push(last === T.Place ? { kind: "brace", place: true } : { kind: "brace" });
      else if (matched === T.LParen) stack.push({ kind: "paren", at: pos });
      else if (matched === T.LBracket) stack.push({ kind: "bracket", at: pos });
      else if (matched === T.RCurly || matched === T.RParen || matched === T.RBracket) {
        const want = matched === T.RCurly ? "brace" : matched === T.RParen ? "paren" : "bracket";
        // Pop to the matching opener if there is one; a stray closer pops nothing.
        // Nor does one typed inside a `(` or `[` whose items go on, indented, on the next line (`volumes = [}`).
        const f = top();
        if (!(f && (f.kind === "paren" || f.kind === "bracket") && f.kind !== want && f.at !== undefined && nextLineIndent(text, pos) > indentWidth(text, f.at))) {
          for (let i = stack.length - 1; i >= 0; i--) {
            const k = stack[i]!.kind;
            if (k === "interp") break;
            if (k === want) {
              stack.length = i;
              break;
            }
          }
        }
      }
      push(matched, pos, pos + len, matchedText);
      pos += len;
      continue;
    }
    // 'text' (as Python, YAML or shell quote it): read as the string it was
    // meant to be, so nothing after it is a cascade of errors.
    if (c === 39 /* ' */) {
      const lineEnd = text.indexOf("\n", pos);
      const close = text.indexOf("'", pos + 1);
      const inner = close < 0 ? "" : text.slice(pos + 1, close);
      if (close > 0 && (lineEnd < 0 || close < lineEnd) && !/["\\\r]|\$\{/.test(inner)) {
        push(T.StringStart, pos, pos + 1);
        if (close > pos + 1) push(T.StringText, pos + 1, close);
        push(T.StringEnd, close, close + 1);
        diagnostics.push(
          diagnostic("H0101", file, { start: pos, end: close + 1 }, `unexpected \`'\`: strings use double quotes: \`"${inner}"\``, {
            fix: { message: "use double quotes", edits: [{ span: { start: pos, end: pos + 1 }, newText: '"' }, { span: { start: close, end: close + 1 }, newText: '"' }] },
          }),
        );
        pos = close + 1;
        continue;
      }
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
    // Inside a line, `,` separates the items of a block; between declarations, a line break does.
    const fix = bad !== ";" ? undefined : endsLine ? { message: "remove `;`", newText: "" } : stack.length > 0 ? { message: "write `,`", newText: "," } : { message: "start a new line", newText: "\n" };
    let between = 0;
    if (fix?.newText === "\n") while (text[pos + between] === " " || text[pos + between] === "\t") between++;
    diagnostics.push(diagnostic("H0101", file, { start, end: pos }, `unexpected ${what}`, fix ? { fix: { message: fix.message, edits: [{ span: { start, end: pos + between }, newText: fix.newText }] } } : {}));
  }
  // A field head still open at the end of the text has no `=`: no Newlines for it.
  candidates.length = 0;
  const stream = new TokenStream(text, count, kindsBuf.slice(0, count), startsBuf.slice(0, count), endsBuf.slice(0, count), imagesBuf.slice(0, count));
  return { stream, comments, diagnostics };
}

const isName = flags(T.allTokens.filter((t) => t === T.Name || (t.CATEGORIES?.includes(T.Name) ?? false)));
const EQ = T.Eq.tokenTypeIdx!;
const DOT = T.Dot.tokenTypeIdx!;
const COMMA = T.Comma.tokenTypeIdx!;
const COLON = T.Colon.tokenTypeIdx!;
const LCURLY = T.LCurly.tokenTypeIdx!;
const NEWLINE = T.Newline.tokenTypeIdx!;
const enderFlags = flags(enders);
const continuerFlags = flags(continuers);
const declStarts = flags([T.Import, T.Base, T.Pool, T.Node, T.Service, T.Let, T.Type, T.Fn, T.Policy, T.Terraform]);
const ruleStarts = flags([T.On, T.Prefer, T.Spread, T.Max, T.Avoid, T.Near]);

