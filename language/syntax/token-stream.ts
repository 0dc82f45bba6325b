// The scanner's tokens as parallel arrays: a type, a start and an end per
// token, and the text only where the scanner has it as one string (names,
// punctuation, line breaks). An object per token was most of scanning's
// allocation and a third of its time; the direct parser reads the arrays.
// Chevrotain's parser and the language server's cursor read token objects:
// `tokens()` makes them when asked (a file with a syntax error, a file being
// edited), once per stream; `token(i)` makes one, for the few tokens around
// an editor's cursor, so a request right after a keystroke makes no more.
import type { IToken } from "chevrotain";
import { tokenTypeByIdx } from "./tokens.js";

export class TokenStream {
  private objects: IToken[] | undefined;

  constructor(
    readonly text: string,
    readonly count: number,
    /** Each token's type, as its `tokenTypeIdx` (tokens.ts: tokenTypeByIdx). */
    readonly kinds: Uint8Array,
    readonly starts: Int32Array,
    /** Exclusive ends (a token's `endOffset` is `end - 1`). */
    readonly ends: Int32Array,
    /** A token's text where the scanner kept one string for it; undefined where it is the source's slice. */
    private readonly images: readonly (string | undefined)[],
  ) {}

  image(i: number): string {
    return this.images[i] ?? this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  /** The tokens as Chevrotain reads them. */
  tokens(): IToken[] {
    if (this.objects) return this.objects;
    const out = new Array<IToken>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.make(i);
    return (this.objects = out);
  }

  /** One token as an object (the one `tokens()` has, once it has been asked for): for the few an editor's request looks at. */
  token(i: number): IToken {
    return this.objects ? this.objects[i]! : this.make(i);
  }

  /** The index of the last token that starts before `offset` (-1 when none does). */
  lastBefore(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private make(i: number): IToken {
    const tokenType = tokenTypeByIdx[this.kinds[i]!]!;
    return { image: this.image(i), startOffset: this.starts[i]!, endOffset: this.ends[i]! - 1, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType };
  }
}
