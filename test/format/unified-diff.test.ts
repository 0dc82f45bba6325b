// `herd fmt --diff` prints what `diff -u` prints: checked against the real
// diff (diffutils) on changes near each other, far apart, at the ends, and a
// last line without a line break.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../language/format/unified-diff.js";

/** `diff -u` of two texts, without its two header lines (they carry timestamps). */
function realDiff(a: string, b: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "herd-diff-"));
  writeFileSync(path.join(dir, "a"), a);
  writeFileSync(path.join(dir, "b"), b);
  try {
    execFileSync("diff", ["-u", "a", "b"], { cwd: dir, encoding: "utf8" });
    return "";
  } catch (e) {
    return (e as { stdout: string }).stdout.split("\n").slice(2).join("\n");
  }
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join("");

describe("unifiedDiff", () => {
  const cases: [string, string, string][] = [
    ["one line changed", lines(20), lines(20).replace("line 2\n", "LINE 2\n")],
    ["changes far apart: two hunks", lines(30), lines(30).replace("line 3\n", "").replace("line 25\n", "line 25\nadded\n")],
    ["changes close together: one hunk", lines(30), lines(30).replace("line 10\n", "ten\n").replace("line 15\n", "fifteen\n")],
    ["the first and last lines", lines(8), "first\n" + lines(8).slice("line 1\n".length) + "last\n"],
    ["a last line without a line break", "let x=1", "let x = 1\n"],
    ["everything removed", lines(3), ""],
    ["everything added", "", lines(2)],
    ["equal", lines(5), lines(5)],
  ];
  it.each(cases)("%s", (_name, a, b) => {
    const ours = unifiedDiff(a, b, "f.sys");
    expect(ours === "" ? "" : ours.split("\n").slice(2).join("\n")).toBe(realDiff(a, b));
    if (ours) expect(ours.split("\n").slice(0, 2)).toEqual(["--- a/f.sys", "+++ b/f.sys"]);
  });
});
