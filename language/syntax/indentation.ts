// How far a line is indented: the recovery rules that read a slip by its
// layout (the scanner's, the parser's and triple-quote-slips.ts) ask this.

/** The width (spaces and tabs, one column each) of the indentation of the line holding `offset`. */
export function indentWidth(text: string, offset: number): number {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  let i = start;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i - start;
}

/** The indentation of the first line after the line ending at `from` (or holding it) that is not blank; -1 when none follows. */
export function nextLineIndent(text: string, from: number): number {
  for (let at = text.indexOf("\n", from) + 1; at > 0 && at < text.length; ) {
    const eol = text.indexOf("\n", at);
    const end = eol < 0 ? text.length : eol;
    if (text.slice(at, end).trim() !== "") return indentWidth(text, at);
    at = end + 1;
  }
  return -1;
}
