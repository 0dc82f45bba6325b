// Analyses a workspace held in memory: `analyzeFiles({ "a.sys": "…" })`.
import { MemoryFileSystem } from "../../language/workspace/file-system.js";
import { Workspace, type Analysis } from "../../language/workspace/workspace.js";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";

export const ROOT = "/ws";

/** `origins`: record where values were written, as `herd build` does; `oneShot`: analyse once, as the CLI does. */
export function memoryWorkspace(files: Record<string, string>, opts: { origins?: boolean; oneShot?: boolean } = {}): { ws: Workspace; fs: MemoryFileSystem } {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`${ROOT}/${p}`, t])));
  return { ws: new Workspace({ root: ROOT, fs, ...opts }), fs };
}

export function analyzeFiles(files: Record<string, string>, opts: { origins?: boolean } = {}): Analysis {
  return memoryWorkspace(files, opts).ws.analyze();
}

/** `code file:line:col message` lines, for compact assertions. */
export function describeDiagnostics(a: Analysis, diags: readonly Diagnostic[] = a.diagnostics): string[] {
  return diags.map((d) => {
    const pos = a.source(d.file)?.positionAt(d.span.start) ?? { line: 0, character: 0 };
    return `${d.code} ${d.file}:${pos.line + 1}:${pos.character + 1} ${d.message}`;
  });
}

export function codes(a: Analysis): string[] {
  return a.diagnostics.map((d) => d.code);
}
