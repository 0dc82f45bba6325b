// Runs one diagnostics fixture through the stages `herd check` and `herd
// build` run, and renders what it reports as the terminal shows it (no
// colour). A fixture is `fixtures/<CODE>.sys`, a workspace of that one file,
// or `fixtures/<CODE>/`, a workspace folder (several modules, or files that
// are not `.sys`, such as a hardware configuration).
//
// Stages, as in the CLI: the analysis; placement only after a clean analysis
// (compiler/cli/check.ts); `build()` (placement, then the Nix and Terraform
// backends) only when placement left no errors either. The workspace is read
// into memory, so nothing is written next to the fixtures.
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "../../compiler/build/build.js";
import { checkPlacement } from "../../compiler/placement/index.js";
import { compareDiagnostics, hasErrors, type Diagnostic } from "../../language/diagnostics/diagnostic.js";
import { renderDiagnostic } from "../../language/diagnostics/render.js";
import { MemoryFileSystem, type FileSystem } from "../../language/workspace/file-system.js";
import { analyzeFolder } from "../../language/workspace/workspace.js";

export const fixturesDir = new URL("./fixtures/", import.meta.url).pathname;

/**
 * Files that the file system refuses to read, per fixture. Tests run as
 * root in CI, where `chmod 000` does not stop a read, so for H0901 the
 * refusal comes from the file system instead (as in test/semantics).
 */
const unreadable: Record<string, string[]> = {
  H0901: ["notes.sys"],
};

export type Stage = "analysis" | "placement" | "build";

export interface FixtureRun {
  /** The code the fixture is named after. */
  code: string;
  /** Every diagnostic, in the order `herd check` / `herd build` prints them. */
  diagnostics: Diagnostic[];
  /** The last stage that ran. */
  stage: Stage;
  /** The rendered diagnostics, separated by blank lines, ending in a newline. */
  rendered: string;
}

/** The fixtures: `H0301.sys` or `H0204/`, by code, sorted. */
export function listFixtures(): { code: string; path: string }[] {
  return fs
    .readdirSync(fixturesDir, { withFileTypes: true })
    .filter((e) => /^H\d{4}(\.sys)?$/.test(e.name) && (e.isDirectory() || e.name.endsWith(".sys")))
    .map((e) => ({ code: e.name.slice(0, 5), path: path.join(fixturesDir, e.name) }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function expectedPath(code: string): string {
  return path.join(fixturesDir, `${code}.expected`);
}

/** A fixture as an in-memory workspace folder. */
function loadWorkspace(code: string, fixture: string, root: string): FileSystem {
  const mem = new MemoryFileSystem();
  if (fs.statSync(fixture).isDirectory()) {
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else mem.writeBytes(path.posix.join(root, path.relative(fixture, p).split(path.sep).join("/")), fs.readFileSync(p));
      }
    };
    walk(fixture);
  } else {
    // As bytes, as the disk gives them (H0107's fixture is not UTF-8).
    mem.writeBytes(path.posix.join(root, path.basename(fixture)), fs.readFileSync(fixture));
  }
  const denied = new Set((unreadable[code] ?? []).map((f) => path.posix.join(root, f)));
  if (denied.size === 0) return mem;
  return {
    readFile: (p) => (denied.has(path.posix.normalize(p)) ? { error: "permission denied" } : mem.readFile(p)),
    readDir: (p) => mem.readDir(p),
    kind: (p) => mem.kind(p),
  };
}

export function runFixture(code: string, fixture: string): FixtureRun {
  const root = `/ws/${code}`;
  const fileSystem = loadWorkspace(code, fixture, root);
  const analysis = analyzeFolder(root, { fs: fileSystem });
  let diagnostics = analysis.diagnostics;
  let stage: Stage = "analysis";
  let source = analysis.source;
  if (!analysis.hasErrors) {
    stage = "placement";
    const placement = checkPlacement(analysis.model).diagnostics;
    diagnostics = [...diagnostics, ...placement].sort(compareDiagnostics);
    if (!hasErrors(diagnostics)) {
      // build() runs the analysis and placement again, then both backends.
      stage = "build";
      const r = build({ root, out: `${root}/out`, terraformFormat: "json", fs: fileSystem });
      diagnostics = r.diagnostics;
      source = r.analysis.source;
    }
  }
  const rendered = diagnostics.map((d) => renderDiagnostic(d, source(d.file), { color: false }) + "\n").join("\n");
  return { code, diagnostics, stage, rendered };
}
