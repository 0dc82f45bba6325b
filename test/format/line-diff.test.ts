// The line diff under the server's range formatting and `herd fmt --diff`:
// its edits turn the old text into the new one, are the smallest for a few
// changed lines, and stay cheap when every line changed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineDiff, type LineEdit } from "../../language/format/line-diff.js";

function apply(oldText: string, edits: LineEdit[]): string {
  const lines = oldText.split("\n");
  for (const e of [...edits].reverse()) lines.splice(e.fromLine, e.toLine - e.fromLine, ...e.lines);
  return lines.join("\n");
}

describe("lineDiff", () => {
  it("turns any text into any other", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", "", "let x = 1"), { maxLength: 30 }).map((ls) => ls.join("\n"));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(apply(a, lineDiff(a, b))).toBe(b);
      }),
      { numRuns: 500 },
    );
  });

  it("changes only the lines that differ in a long file", () => {
    const old = Array.from({ length: 10_000 }, (_, i) => `let v${i} = ${i}`);
    const changed = [...old];
    changed[5_000] = "let v5000 = 5000 // changed";
    changed.splice(7_000, 1);
    const edits = lineDiff(old.join("\n"), changed.join("\n"));
    expect(edits).toEqual([
      { fromLine: 5_000, toLine: 5_001, lines: ["let v5000 = 5000 // changed"] },
      { fromLine: 7_000, toLine: 7_001, lines: [] },
    ]);
  });

  it("replaces the middle in one edit when thousands of lines differ (a file never formatted), still exactly", () => {
    // Every line changed: the smallest diff would need millions of steps and gigabytes.
    const old = Array.from({ length: 5_000 }, (_, i) => `let v${i}=${i}`).join("\n");
    const formatted = old.replace(/=/g, " = ");
    const edits = lineDiff(`// head\n${old}\n// tail`, `// head\n${formatted}\n// tail`);
    expect(edits.map((e) => [e.fromLine, e.toLine, e.lines.length])).toEqual([[1, 5_001, 5_000]]);
    expect(apply(`// head\n${old}\n// tail`, edits)).toBe(`// head\n${formatted}\n// tail`);
  });
});
