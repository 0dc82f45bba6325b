// Property test of the IDE layer (lsp/ide/), called directly: on mutated
// examples, every feature answers at any offset without throwing. The server
// catches what a feature throws and answers nothing (lsp/server/server.ts),
// so a throw there is an editor feature that silently stops working.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem } from "../../language/workspace/file-system.js";
import { quickFixes } from "../../lsp/ide/code-actions.js";
import { completion } from "../../lsp/ide/completion.js";
import { importEditsForMoves } from "../../lsp/ide/file-moves.js";
import { foldingRanges } from "../../lsp/ide/folding.js";
import { formatEdits } from "../../lsp/ide/formatting.js";
import { hover } from "../../lsp/ide/hover.js";
import { inlayHints } from "../../lsp/ide/inlay-hints.js";
import { definition, highlights, prepareRename, references, rename } from "../../lsp/ide/navigation.js";
import { organizeImports } from "../../lsp/ide/organize-imports.js";
import { Project } from "../../lsp/ide/project.js";
import { selectionSpans } from "../../lsp/ide/selection.js";
import { semanticTokens } from "../../lsp/ide/semantic-tokens.js";
import { signatureHelp } from "../../lsp/ide/signature-help.js";
import { typeDefinition } from "../../lsp/ide/type-definition.js";
import { documentSymbols, workspaceSymbols } from "../../lsp/ide/symbols.js";
import { sysFilesUnder } from "../helpers/sys-files.js";

const corpus = sysFilesUnder(new URL("../../examples/", import.meta.url)).map((f) => readFileSync(f, "utf8"));

/** Half-typed code: the pieces people are in the middle of writing. */
const pieces = ["{", "}", "(", ")", "[", "]", '"', "${", "\n", " ", ",", "=", "==", ".", ":", "place", "on ", "spread by ", "avoid ", "service", "let", "fn", "import", "pkgs.", "http {", "512 MiB", "'x'", "if", "else", "x"];

const edited = fc
  .tuple(fc.nat({ max: corpus.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...pieces), fc.nat({ max: 30 })), { minLength: 1, maxLength: 4 }))
  .map(([i, edits]) => edits.reduce((t, [at, piece, cut]) => t.slice(0, at % (t.length + 1)) + piece + t.slice((at % (t.length + 1)) + cut), corpus[i]!));

/** Every feature of the IDE layer on `text`, at each offset. */
function askEverything(text: string, offsets: number[]): void {
  const project = new Project({ root: "/ws", fs: new MemoryFileSystem({ "/ws/main.sys": text }) });
  project.open("main.sys", text, 1);
  const s = project.snapshot();
  s.diagnostics();
  foldingRanges(s, "main.sys");
  semanticTokens(s, "main.sys");
  documentSymbols(s, "main.sys");
  workspaceSymbols(s, "a");
  organizeImports(s, "main.sys");
  inlayHints(s, "main.sys", { start: 0, end: text.length });
  importEditsForMoves(s, [{ from: "main.sys", to: "lib/main.sys" }]);
  formatEdits(text);
  for (const o of offsets.map((x) => x % (text.length + 1))) {
    completion(s, "main.sys", o);
    hover(s, "main.sys", o);
    definition(s, "main.sys", o);
    typeDefinition(s, "main.sys", o);
    references(s, "main.sys", o, true);
    highlights(s, "main.sys", o);
    if (prepareRename(s, "main.sys", o).ok) rename(s, "main.sys", o, "renamed");
    quickFixes(s, "main.sys", { start: o, end: o });
    selectionSpans(s, "main.sys", o);
    signatureHelp(s, "main.sys", o);
    formatEdits(text, { start: Math.max(0, o - 40), end: o });
  }
}

describe("the IDE layer (fast-check)", () => {
  it("answers every request on half-typed code without throwing", () => {
    // Found by this test: a `place` with nothing after it is a field without a key, which the outline read.
    expect(() => askEverything("service a {\n  place\n}\n", [14])).not.toThrow();
    fc.assert(
      fc.property(edited, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (text, offsets) => askEverything(text, offsets)),
      { numRuns: 120 },
    );
  });
});
