// Property test: a syntax error is reported in the file that has it. On the
// multi-file examples with one slip of the hand in one file (a word, a
// bracket, a quote or a line lost, a line cut short as when typing, a line
// doubled), when the slip makes a syntax error and the file still declares
// every name it declared, no other file gets an error: what imports or
// uses a declaration broken by a syntax error waits for its fix. (A slip
// that loses a name, `let  = …`, legitimately leaves its users unresolved.)
import { readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeFiles } from "../helpers/memory-workspace.js";
import { sysFilesUnder } from "../helpers/sys-files.js";

const root = new URL("../../examples/", import.meta.url);
const workspaces = new Map<string, Record<string, string>>();
for (const f of sysFilesUnder(root)) {
  const [ws, ...rest] = path.relative(root.pathname, f).split(path.sep);
  const files = workspaces.get(ws!) ?? {};
  files[rest.join("/")] = readFileSync(f, "utf8");
  workspaces.set(ws!, files);
}
/** The examples of more than one file, and each file of them. */
const targets = [...workspaces].filter(([, files]) => Object.keys(files).length > 1).flatMap(([ws, files]) => Object.keys(files).map((file) => ({ ws, file })));

const kinds = ["drop-word", "drop-punct", "drop-quote", "drop-line", "dup-line", "cut-line", "extra-close", "extra-open"] as const;

function slip(text: string, kind: (typeof kinds)[number], at: number): string {
  const pick = (re: RegExp) => {
    const ms = [...text.matchAll(re)];
    return ms.length === 0 ? undefined : ms[at % ms.length]!;
  };
  const lines = text.split("\n");
  const cut = (m: RegExpMatchArray | undefined, insert = "") => (m ? text.slice(0, m.index) + insert + text.slice(m.index! + (insert ? 0 : m[0].length)) : text);
  switch (kind) {
    case "drop-word":
      return cut(pick(/\b[A-Za-z_][A-Za-z0-9_-]*\b/g));
    case "drop-punct":
      return cut(pick(/[,=:.(){}[\]]/g));
    case "drop-quote":
      return cut(pick(/"/g));
    case "drop-line":
      lines.splice(at % lines.length, 1);
      return lines.join("\n");
    case "dup-line": {
      const i = at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join("\n");
    }
    case "cut-line": {
      const i = at % lines.length;
      lines[i] = lines[i]!.slice(0, 1 + ((at >> 4) % Math.max(1, lines[i]!.length - 1)));
      return lines.join("\n");
    }
    case "extra-close":
      return cut(pick(/\n/g), "}");
    case "extra-open":
      return cut(pick(/\n/g), " {");
  }
}

const declared = (a: ReturnType<typeof analyzeFiles>, file: string) => {
  const m = a.modules.get(file);
  return m ? [...m.decls.symbols.keys(), ...m.decls.machines.keys()] : [];
};

describe("a syntax error stays in its file (fast-check)", () => {
  it("no other file gets an error while the slipped one declares all it did", () => {
    const clean = new Map([...workspaces].map(([ws, files]) => [ws, analyzeFiles(files)]));
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...targets), fc.constantFrom(...kinds), fc.nat(), ({ ws, file }, kind, at) => {
        const files = workspaces.get(ws)!;
        const before = clean.get(ws)!;
        expect(before.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const text = slip(files[file]!, kind, at);
        const a = analyzeFiles({ ...files, [file]: text });
        const errors = a.diagnostics.filter((d) => d.severity === "error");
        if (!errors.some((d) => d.file === file && d.code.startsWith("H01"))) return;
        const names = new Set(declared(a, file));
        if (!declared(before, file).every((n) => names.has(n))) return;
        checked++;
        const elsewhere = errors.filter((d) => d.file !== file).map((d) => `${d.code} ${d.file}: ${d.message}`);
        expect(elsewhere, `${kind} in ${ws}/${file}:\n${text}`).toEqual([]);
      }),
      { numRuns: 150 },
    );
    // Enough slips made syntax errors, or this tests nothing.
    expect(checked).toBeGreaterThan(40);
  });
});
