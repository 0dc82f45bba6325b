// Reading docs/diagnostics.md: one `### HXXXX: title` section per code, its
// `**Severity:** …` line, and its example, the fixture and its rendered
// output between `<!-- example: HXXXX -->` and `<!-- /example -->`.
import * as fs from "node:fs";
import * as path from "node:path";

export interface DocSection {
  code: string;
  title: string;
  severity: string | undefined;
  /** The text between the example markers, or undefined without them. */
  example: string | undefined;
}

const heading = /^### (H\d{4}): (.+)$/gm;
const markers = (code: string) => ({ open: `<!-- example: ${code} -->\n`, close: "<!-- /example -->" });

export function docSections(text: string): DocSection[] {
  const heads = [...text.matchAll(heading)];
  return heads.map((h, i) => {
    const start = h.index! + h[0].length;
    // A section ends at the next heading of level 2 or 3.
    const rest = text.slice(start, i + 1 < heads.length ? heads[i + 1]!.index : undefined);
    const next = rest.search(/^#{2,3} /m);
    const body = next < 0 ? rest : rest.slice(0, next);
    const severity = /^\*\*Severity:\*\* (\S+)$/m.exec(body)?.[1];
    const code = h[1]!;
    const { open, close } = markers(code);
    const a = body.indexOf(open);
    const b = a < 0 ? -1 : body.indexOf(close, a);
    return { code, title: h[2]!.trim(), severity, example: a < 0 || b < 0 ? undefined : body.slice(a + open.length, b) };
  });
}

/** The files of a fixture, `main.sys` first, as `[relative path, text]`. */
export function fixtureFiles(fixture: string): [string, string][] {
  if (!fs.statSync(fixture).isDirectory()) return [[path.basename(fixture), fs.readFileSync(fixture, "utf8")]];
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push([path.relative(fixture, p).split(path.sep).join("/"), fs.readFileSync(p, "utf8")]);
    }
  };
  walk(fixture);
  const rank = (f: string) => (f === "main.sys" ? 0 : f.includes("/") ? 2 : 1);
  return out.sort((a, b) => rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** What stands between the example markers of a code: the fixture, then its output. */
export function exampleBlocks(fixture: string, expected: string): string {
  const block = (lang: string, text: string) => "```" + lang + "\n" + text.trimEnd() + "\n```\n";
  const lang = (f: string) => (f.endsWith(".sys") ? "herd" : f.endsWith(".nix") ? "nix" : "text");
  const files = fixtureFiles(fixture);
  const sources = fs.statSync(fixture).isDirectory() ? files.map(([f, t]) => `\`${f}\`:\n\n${block(lang(f), t)}`).join("\n") : block("herd", files[0]![1]);
  return sources + "\nOutput:\n\n" + block("text", expected);
}

/** The reference with the example of every code that has markers replaced. */
export function replaceExampleBlocks(text: string, blocks: (code: string) => string | undefined): string {
  return text.replace(/<!-- example: (H\d{4}) -->\n([\s\S]*?)<!-- \/example -->/g, (whole, code: string) => {
    const b = blocks(code);
    return b === undefined ? whole : `${markers(code).open}${b}${markers(code).close}`;
  });
}
