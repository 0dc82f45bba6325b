// `herd explain`: every code's section of docs/diagnostics.md as terminal
// text, the forms a code may be typed in, the list of codes, the hint after
// `herd check`'s diagnostics, and the installed command finding the reference.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { allCodes, catalogue } from "../../language/diagnostics/codes.js";
import { herd as runHerd, workspace } from "../helpers/run-cli.js";
import { DIAGNOSTICS_URL, findDiagnosticsDoc, runExplain } from "../../compiler/cli/explain.js";
import { sectionOf, terminalText } from "../../compiler/cli/explain-text.js";
import type { CliIO } from "../../compiler/cli/io.js";

const repo = new URL("../../", import.meta.url).pathname;

function io(cwd = repo): CliIO & { text: () => { out: string; err: string } } {
  let out = "";
  let err = "";
  return { out: (t) => (out += t), err: (t) => (err += t), color: false, cwd, readStdin: async () => "", text: () => ({ out, err }) };
}

const herd = (args: string[], cwd = repo) => runHerd(args, cwd);

describe("herd explain CODE", () => {
  it("finds the reference of this checkout", () => {
    expect(findDiagnosticsDoc()).toBe(path.join(repo, "docs", "diagnostics.md"));
  });

  it.each(allCodes)("%s: its title and severity, its example, no markup left", async (code) => {
    const r = await herd(["explain", code]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const lines = r.out.split("\n");
    expect(lines[0]).toBe(`${code}: ${catalogue[code].title}`);
    expect(r.out).toContain(`Severity: ${catalogue[code].severity}`);
    expect(r.out).toMatch(/How to fix:/);
    // The example's rendered output, indented as a block, names the code.
    expect(r.out).toMatch(new RegExp(`^ {4}(error|warning|info)\\[${code}\\]`, "m"));
    for (const markup of ["```", "<!--", "<a id", "**", "](#", "\n\n\n"]) expect(r.out).not.toContain(markup);
    // Nothing of the next section.
    const next = allCodes[allCodes.indexOf(code) + 1];
    if (next) expect(r.out).not.toContain(`\n${next}: ${catalogue[next].title}\n`);
  });

  it("accepts the code in lower case, and its number alone", async () => {
    const canonical = (await herd(["explain", "H0301"])).out;
    for (const form of ["h0301", "0301", "301"]) expect((await herd(["explain", form])).out).toBe(canonical);
  });

  it("refuses what is not a code, with the nearest code when there is one, exit 2", async () => {
    const typo = await herd(["explain", "H0399"]);
    expect(typo.code).toBe(2);
    expect(typo.out).toBe("");
    expect(typo.err).toContain("there is no code H0399; did you mean H0309 (cannot interpolate)?");
    const junk = await herd(["explain", "type-mismatch"]);
    expect(junk.code).toBe(2);
    expect(junk.err).toContain("`type-mismatch` is not a diagnostic code (they look like H0301)");
  });

  it("lists every code with its severity and title when given none", async () => {
    const r = await herd(["explain"]);
    expect(r.code).toBe(0);
    for (const c of allCodes) expect(r.out).toContain(`${c}  ${catalogue[c].severity.padEnd(7)}  ${catalogue[c].title}\n`);
    expect(r.out.match(/^H\d{4} /gm)).toHaveLength(allCodes.length);
  });

  it("says what it knows, and where the rest is, when the reference is not installed", () => {
    const o = io();
    expect(runExplain("H0305", { color: false, doc: undefined }, o)).toBe(0);
    expect(o.text().out).toBe(`H0305: value out of range (error)\nSee ${DIAGNOSTICS_URL}#h0305\n`);
    expect(o.text().err).toContain("not installed");
    // A reference without the code's section (an older copy) is the same case.
    const dir = mkdtempSync(path.join(tmpdir(), "herd-explain-"));
    writeFileSync(path.join(dir, "diagnostics.md"), "# Diagnostics\n");
    const o2 = io();
    expect(runExplain("H0305", { color: false, doc: path.join(dir, "diagnostics.md") }, o2)).toBe(0);
    expect(o2.text().out).toContain("H0305: value out of range (error)");
  });
});

describe("the text of a section", () => {
  const md = [
    "## Chapter",
    '<a id="h0999"></a>',
    "### H0999: a [linked](other.md#x) title",
    "",
    "**Severity:** error, **really**",
    "",
    "<!-- example: H0999 -->",
    "```herd",
    "let x = 1",
    "",
    "let y = 2",
    "```",
    "<!-- /example -->",
    "",
    "",
    "",
    "See [H0101](#h0101).",
    "---",
    "",
    '<a id="h1000"></a>',
    "### H1000: next",
  ].join("\n");

  it("runs from its anchor to the next one, and is undefined for an absent code", () => {
    expect(sectionOf(md, "H0999")).toHaveLength(17);
    expect(sectionOf(md, "H1000")).toEqual(["### H1000: next"]);
    expect(sectionOf(md, "H0998")).toBeUndefined();
  });

  it("keeps words, drops markup, indents examples, and emphasises headings and labels only in colour", () => {
    const s = sectionOf(md, "H0999")!;
    expect(terminalText(s)).toBe("H0999: a linked title\n\nSeverity: error, really\n\n    let x = 1\n\n    let y = 2\n\nSee H0101.");
    const coloured = terminalText(s, { bold: (x) => `<b>${x}</b>`, dim: (x) => `<d>${x}</d>` });
    expect(coloured).toContain("<b>H0999: a linked title</b>");
    expect(coloured).toContain("<b>Severity:</b> error, really");
    expect(coloured).toContain("    <d>let x = 1</d>");
  });
});

describe("the hint after diagnostics", () => {
  const ws = (text: string) => workspace({ "main.sys": text });

  it("names the one code, or lists the codes, before the summary (check, plan, eval); says nothing on a clean check", async () => {
    const one = await herd(["check"], ws("let p: Port = 70000\n"));
    expect(one.err).toBe("For more on H0305, run `herd explain H0305`.\n✗ .: 1 error, 0 warnings\n");
    const two = await herd(["check"], ws("let p: Port = 70000\nlet q = unknownName\nlet r: Port = 0\n"));
    expect(two.err).toContain("For more on a code, run `herd explain CODE` (here: H0201, H0305).\n✗");
    const clean = await herd(["check"], ws("let p: Port = 80\n"));
    expect(clean.err).not.toContain("herd explain");
    // `herd plan` and `herd eval` stop at errors the same way.
    expect((await herd(["plan"], ws("let p: Port = 70000\n"))).err).toContain("For more on H0305, run `herd explain H0305`.\n✗");
    expect((await herd(["eval"], ws("let p: Port = 70000\n"))).err).toContain("For more on H0305, run `herd explain H0305`.\n✗");
    // Formats for machines carry the codes themselves.
    expect((await herd(["check", "--format", "json"], ws("let p: Port = 70000\n"))).err).not.toContain("herd explain");
  });
});

describe("the installed command", () => {
  beforeAll(() => {
    if (!existsSync(path.join(repo, "dist/herd.mjs"))) execFileSync("node", ["scripts/build.mjs"], { cwd: repo });
  });

  it("finds the reference from the bundle, in any folder", () => {
    const r = spawnSync("node", [path.join(repo, "bin/herd.js"), "explain", "H0102"], { cwd: tmpdir(), encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("H0102: unterminated string");
    expect(r.stdout).toContain("How to fix:");
  });

  it("ships the reference in the package, next to stdlib/", () => {
    const files = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")).files as string[];
    expect(files).toContain("docs/diagnostics.md");
    const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as { files: { path: string }[] }[];
    const paths = packed[0]!.files.map((f) => f.path);
    expect(paths).toContain("docs/diagnostics.md");
    expect(paths).toContain("dist/herd.mjs");
  });
});
