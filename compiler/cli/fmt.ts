// `herd fmt [--check] [PATH…]`: rewrites files in the canonical layout (or,
// with --check, names the files that would change and exits 1). `-` formats
// standard input to standard output. Files with syntax errors are left alone.
import * as fs from "node:fs";
import * as path from "node:path";
import { renderDiagnostic } from "../../language/diagnostics/render.js";
import { format } from "../../language/format/formatter.js";
import { unifiedDiff } from "../../language/format/unified-diff.js";
import { SourceText } from "../../language/syntax/source.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from "./check.js";
import type { CliIO } from "./io.js";
import { InputError } from "./workspaces.js";
import { decodeUtf8, isFileEntry } from "../../language/workspace/file-system.js";
import { writeFileAtomic } from "./write-file.js";

function sysFiles(p: string, out: string[], cwd: string): void {
  const abs = path.resolve(cwd, p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new InputError(`cannot read ${p}: no such file or folder`);
  }
  if (st.isFile()) {
    out.push(abs);
    return;
  }
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.name.endsWith(".sys") && isFileEntry(dir, e)) out.push(full);
    }
  };
  visit(abs);
}

/** Write the files formatted; only say which would change (`--check`); or print how (`--diff`). */
export type FmtMode = "write" | "check" | "diff";

/** A unified diff, coloured as git colours one when the output is a terminal. */
function printDiff(io: CliIO, diff: string): void {
  if (!io.color) return io.out(diff);
  const paint = (l: string) => (l.startsWith("+++") || l.startsWith("---") ? `\x1b[1m${l}\x1b[0m` : l.startsWith("@@") ? `\x1b[36m${l}\x1b[0m` : l.startsWith("+") ? `\x1b[32m${l}\x1b[0m` : l.startsWith("-") ? `\x1b[31m${l}\x1b[0m` : l);
  io.out(diff.split("\n").map(paint).join("\n"));
}

export async function runFmt(paths: string[], mode: FmtMode, io: CliIO): Promise<number> {
  const check = mode !== "write";
  if (paths.length === 1 && paths[0] === "-") {
    const text = await io.readStdin();
    const r = format(text, "<stdin>");
    if (!r.ok) {
      const src = new SourceText(text);
      for (const d of r.diagnostics) io.err(renderDiagnostic(d, src, { color: io.color }) + "\n\n");
      return EXIT_ERRORS;
    }
    if (mode === "diff") printDiff(io, unifiedDiff(text, r.text, "<stdin>"));
    if (check) return r.text === text ? EXIT_OK : EXIT_ERRORS;
    io.out(r.text);
    return EXIT_OK;
  }
  const files: string[] = [];
  for (const p of paths.length > 0 ? paths : ["."]) sysFiles(p, files, io.cwd);
  let changed = 0;
  let failed = 0;
  let unreadable = false;
  for (const f of files) {
    const shown = path.relative(io.cwd, f) || f;
    let text: string;
    try {
      const read = decodeUtf8(fs.readFileSync(f));
      text = read.text;
      if (read.notUtf8At !== undefined) {
        // Writing it back would replace those bytes for good.
        const at = new SourceText(text).positionAt(read.notUtf8At);
        io.err(`herd: not formatted: ${shown} is not UTF-8 (line ${at.line + 1}, column ${at.character + 1}); save it as UTF-8\n`);
        failed++;
        continue;
      }
    } catch (e) {
      io.err(`herd: cannot read ${shown}: ${(e as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : (e as Error).message}\n`);
      unreadable = true;
      continue;
    }
    const r = format(text, shown);
    if (!r.ok) {
      failed++;
      const src = new SourceText(text);
      for (const d of r.diagnostics) io.err(renderDiagnostic(d, src, { color: io.color }) + "\n\n");
      io.err(`herd: not formatted: ${shown} has syntax errors\n`);
      continue;
    }
    if (r.text === text) continue;
    changed++;
    if (mode === "diff") printDiff(io, unifiedDiff(text, r.text, shown.split(path.sep).join("/")));
    else if (check) io.out(`would reformat ${shown}\n`);
    else {
      writeFileAtomic(f, r.text);
      io.out(`formatted ${shown}\n`);
    }
  }
  if (files.length === 0) io.err("herd: no .sys files to format\n");
  else if (check && changed === 0 && failed === 0) io.err(`✓ ${files.length} file${files.length === 1 ? "" : "s"} already formatted\n`);
  if (unreadable) return EXIT_USAGE;
  return failed > 0 || (check && changed > 0) ? EXIT_ERRORS : EXIT_OK;
}
