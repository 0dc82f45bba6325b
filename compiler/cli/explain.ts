// `herd explain [CODE]`: what a diagnostic code means, an example with what
// Herd prints for it, and how to fix it, as `rustc --explain` does; without
// a code, every code with its title. The text is the code's section of
// docs/diagnostics.md, shipped with Herd and found next to it.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { allCodes, catalogue, type DiagnosticCode } from "../../language/diagnostics/codes.js";
import { closest } from "../../language/diagnostics/suggest.js";
import { EXIT_OK, EXIT_USAGE } from "./check.js";
import { ansiStyle, plainStyle, sectionOf, terminalText } from "./explain-text.js";
import type { CliIO } from "./io.js";

/** Where the reference lives when Herd is not installed with it (the same text). */
export const DIAGNOSTICS_URL = "https://github.com/herd-lang/herd/blob/main/docs/diagnostics.md";

/** docs/diagnostics.md of this Herd: in the repository, or in the installed package (its `files` include it), found above this code as stdlib/ is. */
export function findDiagnosticsDoc(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "docs", "diagnostics.md");
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

/** `H0301`, `h0301`, `0301` and `301` all name H0301; anything else is not a code. */
export function normaliseCode(text: string): string | undefined {
  const m = /^h?(\d{1,4})$/i.exec(text.trim());
  return m ? `H${m[1]!.padStart(4, "0")}` : undefined;
}

const isCode = (c: string): c is DiagnosticCode => Object.hasOwn(catalogue, c);

export function runExplain(codeArg: string | undefined, opts: { color: boolean; doc?: string | undefined }, io: CliIO): number {
  if (codeArg === undefined) {
    io.out(codeList());
    return EXIT_OK;
  }
  const code = normaliseCode(codeArg);
  if (!code || !isCode(code)) {
    const near = code ? closest(code, allCodes) : undefined;
    io.err(`herd explain: ${code ? `there is no code ${code}` : `\`${codeArg}\` is not a diagnostic code (they look like H0301)`}${near ? `; did you mean ${near} (${catalogue[near as DiagnosticCode].title})?` : ""}\nrun \`herd explain\` for the list of codes\n`);
    return EXIT_USAGE;
  }
  const info = catalogue[code];
  const doc = "doc" in opts ? opts.doc : findDiagnosticsDoc();
  let markdown: string | undefined;
  try {
    markdown = doc ? fs.readFileSync(doc, "utf8") : undefined;
  } catch {
    markdown = undefined;
  }
  const section = markdown !== undefined ? sectionOf(markdown, code) : undefined;
  if (!section) {
    // The catalogue is compiled in; the long text is not: say what is known and where the rest is.
    io.err(`herd explain: the reference (docs/diagnostics.md) is not installed with this Herd\n`);
    io.out(`${code}: ${info.title} (${info.severity})\nSee ${DIAGNOSTICS_URL}#${code.toLowerCase()}\n`);
    return EXIT_OK;
  }
  io.out(terminalText(section, opts.color ? ansiStyle : plainStyle) + "\n");
  return EXIT_OK;
}

/** Every code, its severity and title, one per line. */
function codeList(): string {
  const lines = allCodes.map((c) => `${c}  ${catalogue[c].severity.padEnd(7)}  ${catalogue[c].title}`);
  return `${lines.join("\n")}\n\nrun \`herd explain CODE\` for what one means and how to fix it\n`;
}

/** The line after rendered diagnostics that points at `herd explain` (as rustc points at `--explain`), or "" when none has a code. */
export function explainHint(codes: Iterable<string>): string {
  const distinct = [...new Set(codes)].filter(isCode).sort();
  if (distinct.length === 0) return "";
  if (distinct.length === 1) return `For more on ${distinct[0]}, run \`herd explain ${distinct[0]}\`.\n`;
  return `For more on a code, run \`herd explain CODE\` (here: ${distinct.join(", ")}).\n`;
}
