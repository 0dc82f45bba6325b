// Slips of a `"""` string's quotes, read as meant. A `"""` never closed
// would make the rest of the file its text (one error, but no declaration
// after it analysed: in an editor, every time such a string is begun); a
// `""` that lost the third quote of an opening `"""` leaves the string's
// lines to be read as code and its closing `"""` to open a string that never
// ends. Both are found by indentation, as a reader finds them.
import { startsDeclaration } from "./declaration-shapes.js";
import { indentWidth } from "./indentation.js";

/** Where an unclosed `"""` string is taken to end, and the edit that closes it. */
export interface UnclosedTriple {
  /** The string's text ends here (the end of its last line): the scanner goes on from here as code. */
  stop: number;
  fixAt: number;
  fixText: string;
}

const isBlankChar = (c: number) => c === 32 || c === 9 || c === 13;

/** The indentation (spaces and tabs) of the line starting at `lineStart`, and whether the line is blank. */
function indentOf(text: string, lineStart: number, lineEnd: number): { width: number; blank: boolean } {
  const width = indentWidth(text, lineStart);
  let blank = true;
  for (let j = lineStart + width; j < lineEnd; j++) if (!isBlankChar(text.charCodeAt(j))) blank = false;
  return { width, blank };
}

const lineEndAt = (text: string, from: number) => {
  const i = text.indexOf("\n", from);
  return i < 0 ? text.length : i;
};

/** Without a trailing `\r`. */
const contentEnd = (text: string, lineEnd: number) => (lineEnd > 0 && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);

/**
 * A `"""` after `=`, `(`, `[` or `,` on its line opens a string rather than
 * closing one: the next `"""` of the file may be another string's opener.
 */
function opensString(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return /[=(\[,]\s*(?:nix)?$/.test(text.slice(lineStart, at));
}

/**
 * For the `"""` opening at `openAt` (its first quote): undefined when a
 * later `"""` closes it; otherwise where it ends. The string is taken to end
 * before the first line indented less than the line that opens it, or a
 * declaration at the start of a line (a string whose lines are indented
 * less than its opening line is rare, and a closed one is never cut short):
 * the fix closes it there. With no such line it runs to the end of the file,
 * as before.
 */
export function unclosedTriple(text: string, openAt: number): UnclosedTriple | undefined {
  const n = text.length;
  const close = text.indexOf('"""', openAt + 3);
  const openerStart = text.lastIndexOf("\n", openAt - 1) + 1;
  const openerEnd = lineEndAt(text, openAt + 3);
  const indent = indentOf(text, openerStart, openerEnd).width;
  const limit = close < 0 ? n : close;
  let lastStart = -1;
  let lastEnd = contentEnd(text, openerEnd);
  let minIndent = "";
  let minWidth = Infinity;
  let endsBefore = -1;
  for (let ls = openerEnd + 1; ls < limit; ) {
    const le = lineEndAt(text, ls);
    const { width, blank } = indentOf(text, ls, le);
    if (!blank) {
      if (width < indent || (width === 0 && startsDeclaration(text, ls))) {
        endsBefore = ls;
        break;
      }
      if (close >= 0 && close < le) break;
      lastStart = ls;
      lastEnd = contentEnd(text, le);
      if (width < minWidth) {
        minWidth = width;
        minIndent = text.slice(ls, ls + width);
      }
    }
    ls = le + 1;
  }
  if (close >= 0 && (endsBefore < 0 || !opensString(text, close))) return undefined;
  const stop = endsBefore < 0 ? n : lastEnd;
  if (lastStart < 0) return { stop, fixAt: lastEnd, fixText: '"""' };
  // The closing `"""` lost a quote or two (`""` alone on the last line).
  const last = text.slice(lastStart, lastEnd).trim();
  if (last === '"' || last === '""') return { stop, fixAt: lastEnd, fixText: '"'.repeat(3 - last.length) };
  return { stop, fixAt: lastEnd, fixText: `\n${minIndent}"""` };
}

/**
 * Whether the `""` at `at` is a `"""` that lost a quote: it ends its line,
 * the lines after it are indented more than its own (and hold no `"""`),
 * and then a line holds only `"""`.
 */
export function lostOpeningQuote(text: string, at: number): boolean {
  const n = text.length;
  if (text.charCodeAt(at + 2) === 34) return false;
  const eol = lineEndAt(text, at + 2);
  for (let i = at + 2; i < eol; i++) if (!isBlankChar(text.charCodeAt(i))) return false;
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const indent = indentOf(text, lineStart, eol).width;
  let content = false;
  for (let ls = eol + 1; ls < n; ) {
    const le = lineEndAt(text, ls);
    const { width, blank } = indentOf(text, ls, le);
    if (!blank) {
      const line = text.slice(ls, le);
      if (line.includes('"""')) return content && line.trim() === '"""';
      if (width <= indent) return false;
      content = true;
    }
    ls = le + 1;
  }
  return false;
}
