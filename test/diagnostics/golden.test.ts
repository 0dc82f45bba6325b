// Golden tests of the diagnostics: one fixture per code of the catalogue
// (test/diagnostics/fixtures/<CODE>.sys or <CODE>/), run through the stages
// `herd check` and `herd build` run, with the exact terminal rendering (no
// colour) in <CODE>.expected. `UPDATE_EXPECT=1` rewrites the expected files
// and the example blocks of docs/diagnostics.md.
//
// A second group keeps the catalogue (language/diagnostics/codes.ts), the
// reference (docs/diagnostics.md) and the fixtures in step: the same codes,
// titles and severities everywhere, and every example in the reference is
// its fixture with its rendered output.
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { allCodes, catalogue } from "../../language/diagnostics/codes.js";
import { docSections, exampleBlocks, replaceExampleBlocks } from "./docs.js";
import { expectedPath, fixturesDir, listFixtures, runFixture } from "./run-fixture.js";

const update = !!process.env["UPDATE_EXPECT"];
const docsPath = new URL("../../docs/diagnostics.md", import.meta.url).pathname;

/**
 * Diagnostics a fixture reports besides its own code. Each entry is a known
 * compiler problem (a cascade or a duplicate), listed so that the goldens
 * record today's output and this test fails once it is fixed: then delete
 * the entry and rerun with UPDATE_EXPECT=1.
 */
// Codes a fixture may produce besides its own, because the second is a
// different problem that the first one's input inevitably also has.
const knownExtras: Record<string, string[]> = {};

const fixtures = listFixtures();

describe("diagnostics: golden fixtures", () => {
  it.each(fixtures)("$code", ({ code, path }) => {
    const run = runFixture(code, path);
    const codes = run.diagnostics.map((d) => d.code);
    expect(codes, `${code} does not report ${code}`).toContain(code);
    const others = [...new Set(codes.filter((c) => c !== code))].sort();
    expect(others, `${code} also reports other codes`).toEqual(knownExtras[code] ?? []);
    const file = expectedPath(code);
    if (update || !fs.existsSync(file)) {
      if (!update) throw new Error(`${file} is missing: run with UPDATE_EXPECT=1 to create it`);
      fs.writeFileSync(file, run.rendered);
    }
    const expected = fs.readFileSync(file, "utf8");
    // Every diagnostic the fixture produces is in the expected output…
    for (const d of run.diagnostics) expect(expected, `${d.code} at ${d.file} is not in ${code}.expected`).toContain(`${d.severity}[${d.code}]: ${d.message}`);
    // …and the whole rendering is exactly it.
    expect(run.rendered).toBe(expected);
  });
});

describe("diagnostics: catalogue, reference and fixtures agree", () => {
  it("docs/diagnostics.md documents exactly the catalogue's codes, in order, with their titles and severities", () => {
    const sections = docSections(fs.readFileSync(docsPath, "utf8"));
    expect(sections.map((s) => s.code)).toEqual(allCodes);
    // SARIF's helpUri points at `diagnostics.md#h0301` (compiler/cli/report-formats.ts).
    const text = fs.readFileSync(docsPath, "utf8");
    for (const c of allCodes) expect(text, `anchor of ${c}`).toContain(`<a id="${c.toLowerCase()}"></a>\n### ${c}: `);
    for (const s of sections) {
      const info = catalogue[s.code as keyof typeof catalogue];
      expect({ code: s.code, title: s.title, severity: s.severity }).toEqual({ code: s.code, title: info?.title, severity: info?.severity });
    }
  });

  it("the table of all codes in docs/diagnostics.md is the catalogue", () => {
    const rows = [...fs.readFileSync(docsPath, "utf8").matchAll(/^\| \[(H\d{4})\]\(#(h\d{4})\) \| (.+?) \| (\w+) \|$/gm)];
    expect(rows.map((r) => ({ code: r[1], anchor: r[2], title: r[3], severity: r[4] }))).toEqual(
      allCodes.map((c) => ({ code: c, anchor: c.toLowerCase(), title: catalogue[c].title, severity: catalogue[c].severity })),
    );
  });

  it("every code has a fixture and an expected rendering, and every fixture is named after a code", () => {
    expect(fixtures.map((f) => f.code)).toEqual(allCodes);
    for (const code of allCodes) expect(fs.existsSync(expectedPath(code)), `${code}.expected`).toBe(true);
    const known = new Set<string>(allCodes);
    for (const name of fs.readdirSync(fixturesDir)) expect(known.has(name.slice(0, 5)) && /^H\d{4}(\.sys|\.expected)?$/.test(name), `stray fixture ${name}`).toBe(true);
  });

  it("the example of every code in docs/diagnostics.md is its fixture and its expected output", () => {
    const docs = fs.readFileSync(docsPath, "utf8");
    let text = docs;
    if (update) {
      text = replaceExampleBlocks(docs, (code) => {
        const f = fixtures.find((x) => x.code === code);
        return f && fs.existsSync(expectedPath(code)) ? exampleBlocks(f.path, fs.readFileSync(expectedPath(code), "utf8")) : undefined;
      });
      if (text !== docs) fs.writeFileSync(docsPath, text);
    }
    for (const s of docSections(text)) {
      const f = fixtures.find((x) => x.code === s.code);
      if (!f) continue; // reported by the test above
      const want = exampleBlocks(f.path, fs.readFileSync(expectedPath(s.code), "utf8"));
      expect(s.example, `the example of ${s.code} in docs/diagnostics.md (UPDATE_EXPECT=1 rewrites it)`).toEqual(want);
    }
  });
});
