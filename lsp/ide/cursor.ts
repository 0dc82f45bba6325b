// Where the cursor is, in terms of tokens: the word being typed (if any) and
// the significant token before it. Half-typed code is the normal case, so
// this reads tokens rather than trusting the (recovered) syntax tree alone.
import type { IToken, TokenType } from "chevrotain";
import { scan } from "../../language/syntax/scanner.js";
import type { TokenStream } from "../../language/syntax/token-stream.js";
import * as T from "../../language/syntax/tokens.js";

export interface Cursor {
  offset: number;
  tokens: IToken[];
  /** The name-like token the cursor is in or right after (being typed). */
  word: IToken | undefined;
  /** The text of `word` before the cursor. */
  prefix: string;
  /** The token before `word` (or before the cursor), if any. */
  before: IToken | undefined;
  /** The token before `before`. */
  before2: IToken | undefined;
  /** Inside a string literal: the token that opened it. */
  inString: IToken | undefined;
}

const tokenCache = new WeakMap<object, IToken[]>();

/** Tokens of a module's text: those its parse kept (a file parsed again after an edit), or scanned once per source object. */
export function tokensOf(m: { source: { text: string }; parse: { stream?: TokenStream } }): IToken[] {
  if (m.parse.stream) return m.parse.stream.tokens();
  let t = tokenCache.get(m.source);
  if (!t) tokenCache.set(m.source, (t = scan(m.source.text).stream.tokens()));
  return t;
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

export function cursorAt(tokens: IToken[], offset: number): Cursor {
  // The last token that starts before the cursor.
  let lo = 0;
  let hi = tokens.length - 1;
  let i = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let word: IToken | undefined;
  let at = i;
  const t = tokens[i];
  if (t && isNameToken(t) && end(t) >= offset) {
    word = t;
    at = i - 1;
  }
  // Inside a string: an opening quote before the cursor without its closing one.
  let inString: IToken | undefined;
  for (let k = i; k >= 0 && k > i - 64; k--) {
    const tk = tokens[k]!;
    if (tk.tokenType === T.StringEnd && end(tk) <= offset && tk !== t) break;
    if (tk.tokenType === T.StringEnd && tk.startOffset < offset && end(tk) > offset) break;
    if (tk.tokenType === T.InterpEnd && end(tk) <= offset) break;
    if (tk.tokenType === T.InterpStart) break;
    if (tk.tokenType === T.StringStart) {
      if (end(tk) <= offset) inString = tk;
      break;
    }
    if (tk.tokenType !== T.StringText) break;
  }
  // Skip a line-break token the scanner put right at the cursor.
  let b = at;
  while (b >= 0 && tokens[b]!.tokenType === T.Newline && tokens[b]!.startOffset >= offset) b--;
  return {
    offset,
    tokens,
    word,
    prefix: word ? word.image.slice(0, offset - word.startOffset) : "",
    before: b >= 0 ? tokens[b] : undefined,
    before2: b >= 1 ? tokens[b - 1] : undefined,
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
