// How far a line is indented: the recovery rules that read a slip by its
// layout (the scanner's, the parser's and triple-quote-slips.ts) ask this.

/** The width (spaces and tabs, one column each) of the indentation of the line holding `offset`. */
export function indentWidth(text: string, offset: number): number {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  let i = start;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i - start;
}
