// Property tests: no input crashes the parser, the checker, the evaluator or
// the formatter; every diagnostic points inside its file; formatting is
// idempotent, keeps every comment and changes nothing but the layout.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format } from "../../language/format/formatter.js";
import { parse } from "../../language/syntax/parse.js";
import { analyzeFiles } from "../helpers/memory-workspace.js";
import { sysFilesUnder } from "../helpers/sys-files.js";
import { treeShape } from "../helpers/tree-shape.js";

function exampleTexts(): string[] {
  return sysFilesUnder(new URL("../../examples/", import.meta.url), new URL("../../stdlib/", import.meta.url)).map((f) => readFileSync(f, "utf8"));
}

const corpus = exampleTexts();

/** Snippets that are likely to confuse a parser. */
const tokens = ["{", "}", "(", ")", "[", "]", '"', '"""', "${", "nix\"", "/", "//", "/*", "*/", "\n", " ", ",", "=", "==", ".", "..", "?", "|", "-", "place", "on", "service", "pool", "let", "fn", "type", "if", "then", "else", "for", "in", "with", "512MiB", "500m", "10s", "1.5", "x", "web-1", "none", "\\", "'", ";", "@", "\t", "\u00e9", "\u{1F600}"];

/** Applies a random edit: delete, insert a token, duplicate or swap lines. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...tokens) }),
  fc.record({ kind: fc.constant("dupline" as const), at: fc.nat(), len: fc.constant(0) }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), len: fc.nat() }),
);

type Mutation = { kind: "delete" | "insert" | "dupline" | "swap"; at: number; len?: number; text?: string };

function mutate(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % t.length;
    if (m.kind === "delete") t = t.slice(0, at) + t.slice(at + (m.len ?? 1));
    else if (m.kind === "insert") t = t.slice(0, at) + m.text + t.slice(at);
    else {
      const lines = t.split("\n");
      const i = lines.length === 0 ? 0 : m.at % lines.length;
      if (m.kind === "dupline") lines.splice(i, 0, lines[i] ?? "");
      else {
        const j = lines.length === 0 ? 0 : (m.len ?? 0) % lines.length;
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
      }
      t = lines.join("\n");
    }
  }
  return t;
}

const mutatedExample = fc.tuple(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([i, ms]) => mutate(corpus[i]!, ms));

function assertSane(text: string): void {
  const a = analyzeFiles({ "main.sys": text });
  for (const d of a.diagnostics) {
    if (d.file !== "main.sys") continue;
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

function assertFormatSound(text: string): void {
  const r = format(text);
  if (!r.ok) {
    expect(r.diagnostics.length).toBeGreaterThan(0);
    return;
  }
  const again = format(r.text);
  expect(again.ok).toBe(true);
  if (again.ok) expect(again.text).toBe(r.text);
  // Every comment, once (one moved up out of an expression may change places with a doc comment, which stays above what it documents).
  const kept = (t: string) => parse(t).comments.map((c) => t.slice(c.start, c.end).trim().replace(/\s+/g, " ")).sort();
  expect(kept(r.text)).toEqual(kept(text));
  expect(parse(r.text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  // The layout changes, the meaning does not: the same syntax tree but for positions.
  expect(treeShape(parse(r.text).tree)).toEqual(treeShape(parse(text).tree));
}

describe("robustness (fast-check)", () => {
  it("parses random text without throwing", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = parse(text);
        expect(r.tree.kind).toBe("File");
      }),
      { numRuns: 500 },
    );
  });

  it("parses random bytes (decoded as UTF-8) without throwing", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        parse(Buffer.from(bytes).toString("utf8"));
      }),
      { numRuns: 300 },
    );
  });

  it("analyses random token soup without throwing, with diagnostics inside the file", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 80 }).map((ts) => ts.join(" ")), (text) => assertSane(text)),
      { numRuns: 300 },
    );
  });

  it("analyses mutated examples without throwing", () => {
    fc.assert(fc.property(mutatedExample, (text) => assertSane(text)), { numRuns: 150 });
  });

  it("formats mutated examples idempotently, keeping every comment, or refuses with diagnostics", () => {
    fc.assert(fc.property(mutatedExample, (text) => assertFormatSound(text)), { numRuns: 200 });
  });

  it("analyses and formats deep nesting (brackets, operator and if-else chains, calls, constants) without throwing", () => {
    // A piece repeated to a depth, around a core, inside a declaration: what a generator gone wrong writes.
    const shapes: [string, string, string][] = [
      ["(", "1", ")"],
      ["[", "1", "]"],
      ["{ a = ", "1", " }"],
      ['"${', "1", '}"'],
      ["1 + ", "1", ""],
      ["if true then 1 else ", "0", ""],
      ["x.", "y", ""],
      ["-", "1", ""],
      ["(", "1 +", ")"],
    ];
    // Every shape just within the bracket limit, where trying one line and then many at every level once took minutes.
    for (const [open, core, close] of shapes) for (const depth of [30, 60, 99]) assertFormatSound(`let x = ${open.repeat(depth)}${core}${close.repeat(depth)}\n`);
    for (const depth of [30, 60, 99]) assertFormatSound(`type T = ${"{ a: ".repeat(depth)}Int${" }".repeat(depth)}\n`);
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.integer({ min: 1, max: 4000 }), fc.boolean(), ([open, core, close], depth, extra) => {
        const text = `let a = 1\nlet x = ${open.repeat(depth)}${core}${close.repeat(depth)}${extra ? "\nlet b = a" : ""}\n`;
        assertSane(text);
        assertFormatSound(text);
      }),
      { numRuns: 60 },
    );
    // Chains of functions and of constants, the last needed declared first.
    for (const n of [100, 1000, 3000]) {
      assertSane([...Array.from({ length: n }, (_, i) => `fn f${i}(x: Int): Int = f${i + 1}(x)`), `fn f${n}(x: Int): Int = x`, "let y = f0(1)"].join("\n"));
      assertSane([...Array.from({ length: n }, (_, i) => `let a${i} = a${i + 1} + 1`), `let a${n} = 1`].join("\n"));
    }
  });

  it("formats random token soup soundly", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((ts) => ts.join("")), (text) => assertFormatSound(text)),
      { numRuns: 300 },
    );
  });
});
