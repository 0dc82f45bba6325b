// One code's section of docs/diagnostics.md, as text for a terminal: what
// `herd explain CODE` prints. The reference is the one source; this reads
// the few shapes it is written in (a heading, bold labels, fenced examples,
// links, lists) and leaves the rest as written.

/** The lines of `code`'s section (from its `<a id>` anchor to the next one, or to the next chapter), or undefined. */
export function sectionOf(markdown: string, code: string): string[] | undefined {
  const lines = markdown.split(/\r?\n/);
  const anchor = `<a id="${code.toLowerCase()}"></a>`;
  const start = lines.findIndex((l) => l.trim() === anchor);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !lines[end]!.startsWith("<a id=") && !/^#{1,2} /.test(lines[end]!)) end++;
  return lines.slice(start + 1, end);
}

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export const plainStyle: TextStyle = { bold: (s) => s, dim: (s) => s };
export const ansiStyle: TextStyle = { bold: (s) => `\x1b[1m${s}\x1b[0m`, dim: (s) => `\x1b[2m${s}\x1b[0m` };

/** `[text](target)` → text: a terminal cannot follow the link, and the text names what it points at. */
const link = /\[([^\]]+)\]\([^)\s]+\)/g;

/** A section's lines as terminal text: headings and labels emphasised, examples indented, markup and comments gone. */
export function terminalText(section: readonly string[], style: TextStyle = plainStyle): string {
  const out: string[] = [];
  let fenced = false;
  for (const line of section) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      out.push(line === "" ? "" : "    " + style.dim(line));
      continue;
    }
    const trimmed = line.trim();
    // Markers for the tests that keep the examples exact, and the rule between sections.
    if (/^<!--.*-->$/.test(trimmed) || trimmed === "---") continue;
    const heading = /^#{3,6} (.*)$/.exec(line);
    if (heading) {
      out.push(style.bold(heading[1]!.replace(link, "$1")));
      continue;
    }
    const text = line.replace(link, "$1");
    // `**Meaning:** a character …` → the label stands out, the text follows it.
    const labelled = /^\*\*([^*]+)\*\*(.*)$/.exec(text);
    out.push(labelled ? style.bold(labelled[1]!) + labelled[2]!.replace(/\*\*([^*]+)\*\*/g, "$1") : text.replace(/\*\*([^*]+)\*\*/g, "$1"));
  }
  // One blank line between paragraphs, none at either end.
  const joined = out.join("\n").replace(/\n{3,}/g, "\n\n");
  return joined.trim();
}
