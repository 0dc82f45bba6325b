// Property test of the fixes diagnostics suggest (the editor's quick fixes,
// the `= help:` of `herd check`): on examples with the mistakes people make
// (a name misspelt, a unit, a quote, a closer or an `=` dropped, a line
// lost), applying a
// diagnostic's fix makes that diagnostic go, and brings no syntax error.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import { applyFix } from "../helpers/apply-edits.js";
import { analyzeFiles } from "../helpers/memory-workspace.js";
import { sysFilesUnder } from "../helpers/sys-files.js";

const corpus = sysFilesUnder(new URL("../../examples/", import.meta.url)).map((f) => readFileSync(f, "utf8"));

type Slip = { kind: "typo" | "drop-unit" | "quote" | "drop-line" | "swap-op" | "drop-closer" | "drop-eq"; at: number; k: number };

/** One slip of the hand at the `at`-th place it can happen (modulo their number). */
function slip(text: string, s: Slip): string {
  const pick = (re: RegExp) => {
    const ms = [...text.matchAll(re)];
    return ms.length === 0 ? undefined : ms[s.at % ms.length]!;
  };
  switch (s.kind) {
    case "typo": {
      // A letter of a name dropped, doubled or swapped with the next.
      const m = pick(/\b[a-z][A-Za-z]{3,}\b/g);
      if (!m) return text;
      const w = m[0];
      const i = 1 + (s.k % (w.length - 2));
      const typo = [w.slice(0, i) + w.slice(i + 1), w.slice(0, i) + w[i] + w.slice(i), w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)][s.k % 3]!;
      return text.slice(0, m.index) + typo + text.slice(m.index! + w.length);
    }
    case "drop-unit": {
      const m = pick(/\b(\d+)(MiB|GiB|GB|TB|m|s|min)\b/g);
      return m ? text.slice(0, m.index) + m[1] + text.slice(m.index! + m[0].length) : text;
    }
    case "quote": {
      // A number written in quotes, or text without them.
      const m = pick(/= (\d+)\b|"([a-z][a-z0-9-]*)"/g);
      if (!m) return text;
      const replacement = m[1] !== undefined ? `= "${m[1]}"` : m[2]!;
      return text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length);
    }
    case "drop-line": {
      const lines = text.split("\n");
      lines.splice(s.at % lines.length, 1);
      return lines.join("\n");
    }
    case "drop-closer": {
      const m = pick(/[)\]}]/g);
      return m ? text.slice(0, m.index) + text.slice(m.index! + 1) : text;
    }
    case "drop-eq": {
      const m = pick(/ = /g);
      return m ? text.slice(0, m.index) + " " + text.slice(m.index! + 3) : text;
    }
    case "swap-op": {
      const m = pick(/ == /g);
      return m ? text.slice(0, m.index) + " = " + text.slice(m.index! + 4) : text;
    }
  }
}

const slipped = fc
  .tuple(fc.nat({ max: corpus.length - 1 }), fc.constantFrom<Slip["kind"]>("typo", "drop-unit", "quote", "drop-line", "swap-op", "drop-closer", "drop-eq"), fc.nat(), fc.nat({ max: 50 }))
  .map(([i, kind, at, k]) => slip(corpus[i]!, { kind, at, k }));

/** The fixable diagnostics of main.sys (the fix edits that file). */
const fixable = (ds: readonly Diagnostic[]) => ds.filter((d) => d.file === "main.sys" && d.fix && d.fix.edits.length > 0 && (d.fix.file ?? d.file) === "main.sys");

/** The same diagnostic after an edit: code and message (positions move). */
const key = (d: Diagnostic) => `${d.code} ${d.message}`;

describe("suggested fixes (fast-check)", () => {
  it("make their diagnostic go, and bring no syntax error", () => {
    let fixes = 0;
    fc.assert(
      fc.property(slipped, (text) => {
        const before = analyzeFiles({ "main.sys": text }).diagnostics;
        const syntaxBefore = before.filter((d) => d.code.startsWith("H01")).length;
        for (const d of fixable(before)) {
          fixes++;
          const after = analyzeFiles({ "main.sys": applyFix(text, d) }).diagnostics;
          const same = (x: Diagnostic) => key(x) === key(d);
          expect(after.filter(same).length, `${key(d)} → ${d.fix!.message}`).toBeLessThan(before.filter(same).length);
          expect(after.filter((x) => x.code.startsWith("H01")).length, `${key(d)} → ${d.fix!.message}`).toBeLessThanOrEqual(syntaxBefore);
        }
      }),
      { numRuns: 120 },
    );
    // The slips must give fixes to try, or this tests nothing.
    expect(fixes).toBeGreaterThan(30);
  });
});
