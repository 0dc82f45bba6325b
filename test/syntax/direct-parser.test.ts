// The direct parser (the fast path of parse()) against the Chevrotain parser
// it stands in for: on every text, it accepts exactly what Chevrotain parses
// without a diagnostic, and then builds an equal tree. Checked on every
// example, stdlib module and diagnostic fixture, a generated benchmark
// workspace, constructs where the two could choose differently, and random
// edits of all of them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../bench/frontend/generate.mjs";
import { parseDirect } from "../../language/syntax/direct-parser.js";
import { parse, parseRecovering } from "../../language/syntax/parse.js";
import { scan } from "../../language/syntax/scanner.js";
import { TreeBuilder } from "../../language/syntax/tree-builder.js";

function sysFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) visit(p);
      else if (e.endsWith(".sys")) out.push(p);
    }
  };
  visit(dir);
  return out;
}

const here = (rel: string) => new URL(rel, import.meta.url).pathname;
const generated = mkdtempSync(path.join(tmpdir(), "herd-direct-"));
afterAll(() => rmSync(generated, { recursive: true, force: true }));
generate({ services: 60, pools: 6, files: 3, seed: 7, out: path.join(generated, "ws") });

const corpus = new Map<string, string>();
for (const dir of [here("../../examples/"), here("../../stdlib/"), here("../diagnostics/fixtures/"), path.join(generated, "ws")]) {
  for (const f of sysFiles(dir)) corpus.set(path.relative(here("../../"), f), readFileSync(f, "utf8"));
}
const texts = [...corpus.values()];

/** Diagnostics that only the grammar's actions or the parse report (not those about comments, which both paths make alike). */
const isParseDiagnostic = (code: string) => code !== "H0113";

/** What the direct parser makes of a text: its tree, or undefined where it gives up. */
function direct(text: string) {
  const scanned = scan(text, "t.sys");
  if (scanned.diagnostics.length > 0) return undefined;
  const b = new TreeBuilder(text, "t.sys", scanned.comments);
  const tree = parseDirect(scanned.stream, b);
  return tree && b.diagnostics.length === 0 ? tree : undefined;
}

/** The direct parser accepts exactly what Chevrotain parses cleanly, and builds the same tree. */
function agree(text: string): "accepted" | "declined" {
  const slow = parseRecovering(text, "t.sys");
  const clean = !slow.diagnostics.some((d) => isParseDiagnostic(d.code));
  const fast = direct(text);
  if (clean) {
    expect(fast, "the direct parser declines a text Chevrotain parses cleanly").toBeDefined();
    expect(fast).toEqual(slow.tree);
    return "accepted";
  }
  expect(fast, `the direct parser accepts a text Chevrotain reports: ${slow.diagnostics.map((d) => d.message).join("; ")}`).toBeUndefined();
  return "declined";
}

describe("direct parser", () => {
  it("agrees with the Chevrotain parser on every example, stdlib module, fixture and generated file", () => {
    const outcomes = { accepted: 0, declined: 0 };
    for (const [name, text] of corpus) {
      try {
        outcomes[agree(text)]++;
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
    }
    // Both kinds occur: the fixtures of syntax errors are declined, the rest accepted.
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.declined).toBeGreaterThan(5);
  });

  it.each([
    ["a list item that starts with an operator", "let x = [a -b]"],
    ["a list item in parentheses", "let x = [a (b)]"],
    ["a list item that is a list", "let x = [a [0]]"],
    ["an argument after a name, in parentheses", "let x = f(a (b))"],
    ["a record call inside a list", "let x = [f {a = 1}]"],
    ["a field named like a keyword", "let x = {for = 1, if = 2, place = 3}"],
    ["a map comprehension", "let x = {for k, v in m: \"${k}\" = v}"],
    ["`survive` as a field and as a rule", "policy {\n  survive = 1\n  survive 1 node failure\n}"],
    ["a declaration keyword inside a record", "service a {\n  replicas = 1\nservice b { replicas = 2 }"],
    ["a declaration keyword as a field", "service a {\n  service = 1\n  type = \"x\"\n}"],
    ["two declarations on one line", "let a = 1 let b = 2"],
    ["chained comparisons", "let a = 1 < 2 < 3"],
    ["a negative literal and a negated name", "let a = -5 - -x.y + -2GiB"],
    ["a too large integer", "let a = 99999999999999999999"],
    ["an unknown unit", "let a = 5parsecs"],
    ["a computed label key", "service a {\n  place {\n    on \"${x}\" == 1\n  }\n}"],
    ["an unknown placement rule", "service a {\n  place {\n    onn zone == 1\n  }\n}"],
    ["a union type with a leading bar", "type T = | \"a\" | \"b\"?\ntype M = {String: Int}\ntype R = {a: Int(1..), b: String(/x/) = \"x\"}"],
    ["a named argument and a positional one", "let a = f(x = 1, 2)\nlet b = f(x == 1)"],
    ["an if inside an interpolation", "let a = \"${if x then 1 else 2}\""],
    ["a triple-quoted string", "let a = \"\"\"\n  one\n  ${two}\n  \"\"\""],
    ["a missing closing brace at the end", "service a {\n  replicas = 1\n"],
    ["a field named place holding a record", "service a {\n  place {\n  place {\n    near b\n  }\n  }\n}"],
    ["a place block, empty or with one rule on its line", "service a {\n  place {}\n}\nservice b {\n  place { on x == 1 }\n}\nservice c {\n  place {\n    zone == 1\n  }\n}"],
  ])("%s", (_, text) => {
    agree(text);
  });

  it("agrees on random edits of every corpus file", () => {
    const lineEdit = fc.oneof(
      fc.record({ kind: fc.constant("delete-line" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("swap-lines" as const), at: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant("delete-char" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom("{", "}", "(", ")", "[", "]", ",", "\n", " -", "!", ".x", "?", "|", "with {}", " = 1", "if", "place", "for", "{for", "..", "\"") }),
    );
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(lineEdit, { minLength: 1, maxLength: 3 }), (i, edits) => {
        let t = texts[i]!;
        for (const e of edits) {
          const lines = t.split("\n");
          const l = e.at % Math.max(1, lines.length);
          if (e.kind === "delete-line") lines.splice(l, 1);
          else if (e.kind === "duplicate-line") lines.splice(l, 0, lines[l] ?? "");
          else if (e.kind === "swap-lines") {
            const m = e.to % Math.max(1, lines.length);
            [lines[l], lines[m]] = [lines[m] ?? "", lines[l] ?? ""];
          }
          t = lines.join("\n");
          const at = t.length === 0 ? 0 : e.at % t.length;
          if (e.kind === "delete-char") t = t.slice(0, at) + t.slice(at + 1);
          else if (e.kind === "insert") t = t.slice(0, at) + e.text + t.slice(at);
        }
        agree(t);
      }),
      { numRuns: 1000 },
    );
  });

  it("is what parse() uses for a clean file, and a broken one still gets the recovering parser's diagnostics", () => {
    const good = corpus.get("examples/shop/web.sys") ?? texts[0]!;
    expect(parse(good, "t.sys").tree).toEqual(parseRecovering(good, "t.sys").tree);
    const bad = "service a {\n  replicas = \n}\n";
    const r = parse(bad, "t.sys");
    expect(r.diagnostics.map((d) => d.code)).toContain("H0110");
    expect(r).toEqual(parseRecovering(bad, "t.sys"));
  });
});
