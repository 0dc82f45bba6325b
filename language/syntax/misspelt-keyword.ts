// A declaration whose keyword is misspelt (`servce api {`, `f worker(`,
// `lett port = 80`) is read as the declaration it was meant to be: the one
// error is the keyword, and the declaration's name still exists, so what
// uses it (its importers, `avoid api`, `port + 1`) is not reported as well.
// Only a word at the start of a line, outside any bracket, a typo away from
// a declaration keyword, and followed by what that declaration has next; or
// alone on its line and the start of one keyword only (`impor`, being typed).
import type { TokenType } from "chevrotain";
import { editDistance } from "../diagnostics/suggest.js";
import { declarationShapes as shapes } from "./declaration-shapes.js";

/** Nothing more on the line: the word is being typed. */
const lineEnds = /[ \t]*(?:\/\/.*)?(?:\r?\n|$)/y;

/** The keyword meant by the word at [start, end), when it is a misspelt declaration keyword (the caller checks it starts its line outside brackets). */
export function misspeltKeyword(text: string, start: number, end: number): { keyword: string; type: TokenType } | undefined {
  const len = end - start;
  if (len > 10) return undefined;
  const word = text.slice(start, end).toLowerCase();
  // Alone on its line, the start of one keyword only (`impor`, `s`): being typed.
  lineEnds.lastIndex = end;
  if (lineEnds.test(text)) {
    const typed = shapes.filter(([keyword]) => keyword.startsWith(word));
    if (typed.length === 1) return { keyword: typed[0]![0], type: typed[0]![1] };
  }
  let best: { keyword: string; type: TokenType } | undefined;
  let bestDistance = Infinity;
  for (const [keyword, type, after] of shapes) {
    // One letter off for the short keywords (`f`, `lt`), two for the longer.
    const limit = keyword.length <= 4 ? 1 : 2;
    const d = editDistance(word, keyword, limit);
    if (d > limit || d >= bestDistance) continue;
    after.lastIndex = end;
    if (!after.test(text)) continue;
    best = { keyword, type };
    bestDistance = d;
  }
  return best;
}
