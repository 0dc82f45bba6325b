// Where the cursor is, in terms of tokens: the word being typed (if any) and
// the significant tokens before it. Half-typed code is the normal case, so
// this reads tokens rather than trusting the (recovered) syntax tree alone.
// It reads the scanner's arrays and makes objects only for the tokens it
// returns: a request right after a keystroke comes on a fresh parse.
import type { IToken, TokenType } from "chevrotain";
import { scan } from "../../language/syntax/scanner.js";
import type { TokenStream } from "../../language/syntax/token-stream.js";
import * as T from "../../language/syntax/tokens.js";

export interface Cursor {
  offset: number;
  /** The last token that starts before the cursor (the one it is in or right after). */
  at: IToken | undefined;
  /** The name-like token the cursor is in or right after (being typed). */
  word: IToken | undefined;
  /** The text of `word` before the cursor. */
  prefix: string;
  /** The token before `word` (or before the cursor), if any. */
  before: IToken | undefined;
  /** The token before `before`. */
  before2: IToken | undefined;
  /** The token before `before2`. */
  before3: IToken | undefined;
  /** Inside a string literal: the token that opened it. */
  inString: IToken | undefined;
}

type Parsed = { source: { text: string }; parse: { stream?: TokenStream } };

const streamCache = new WeakMap<object, TokenStream>();

/** The token stream of a module's text: the one its parse kept (a file parsed again after an edit), or scanned once per source object. */
export function streamOf(m: Parsed): TokenStream {
  if (m.parse.stream) return m.parse.stream;
  let s = streamCache.get(m.source);
  if (!s) streamCache.set(m.source, (s = scan(m.source.text).stream));
  return s;
}

/** Every token of a module as an object: for requests that read the whole file (semantic tokens). */
export function tokensOf(m: Parsed): IToken[] {
  return streamOf(m).tokens();
}

export function isNameToken(t: IToken | undefined): boolean {
  return !!t && (t.tokenType === T.PlainIdent || (t.tokenType.CATEGORIES?.includes(T.Name) ?? false));
}

export function is(t: IToken | undefined, ...types: TokenType[]): boolean {
  return !!t && types.includes(t.tokenType);
}

function end(t: IToken): number {
  return (t.endOffset ?? t.startOffset) + 1;
}

const kind = (stream: TokenStream, i: number) => stream.kinds[i]!;

export function cursorAt(stream: TokenStream, offset: number): Cursor {
  const i = stream.lastBefore(offset);
  let word: IToken | undefined;
  let at = i;
  const t = i >= 0 ? stream.token(i) : undefined;
  if (t && isNameToken(t) && end(t) >= offset) {
    word = t;
    at = i - 1;
  }
  // Inside a string: an opening quote before the cursor without its closing one.
  let inString: IToken | undefined;
  for (let k = i; k >= 0 && k > i - 64; k--) {
    const kk = kind(stream, k);
    const start = stream.starts[k]!;
    const stop = stream.ends[k]!;
    if (kk === T.StringEnd.tokenTypeIdx && stop <= offset && k !== i) break;
    if (kk === T.StringEnd.tokenTypeIdx && start < offset && stop > offset) break;
    if (kk === T.InterpEnd.tokenTypeIdx && stop <= offset) break;
    if (kk === T.InterpStart.tokenTypeIdx) break;
    if (kk === T.StringStart.tokenTypeIdx) {
      if (stop <= offset) inString = stream.token(k);
      break;
    }
    if (kk !== T.StringText.tokenTypeIdx) break;
  }
  // Skip a line-break token the scanner put right at the cursor.
  let b = at;
  while (b >= 0 && kind(stream, b) === T.Newline.tokenTypeIdx && stream.starts[b]! >= offset) b--;
  return {
    offset,
    at: t,
    word,
    prefix: word ? word.image.slice(0, offset - word.startOffset) : "",
    before: b >= 0 ? stream.token(b) : undefined,
    before2: b >= 1 ? stream.token(b - 1) : undefined,
    before3: b >= 2 ? stream.token(b - 2) : undefined,
    inString,
  };
}

/** True when the token starts a line (only whitespace before it on its line). */
export function startsLine(text: string, t: IToken | undefined, offset: number): boolean {
  const from = t ? t.startOffset : offset;
  for (let k = from - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
