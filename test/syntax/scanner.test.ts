import { describe, expect, it } from "vitest";
import { parse } from "../../language/syntax/parse.js";
import { scan } from "../../language/syntax/scanner.js";
import { applyFix } from "../helpers/apply-edits.js";

/** Token names and images, compactly: `Name:image`. */
function toks(text: string): string[] {
  return scan(text).stream.tokens().map((t) => `${t.tokenType.name}:${t.image}`);
}

describe("scanner", () => {
  it("inserts a line break token only where an item can end inside braces", () => {
    expect(toks("{\n  a = 1\n  b = 2\n}")).toEqual([
      "LCurly:{", "PlainIdent:a", "Eq:=", "IntLit:1", "Newline:\n", "PlainIdent:b", "Eq:=", "IntLit:2", "RCurly:}",
    ]);
  });

  it("lets operators and then/else continue a line", () => {
    const t = toks("let x = if a\n  then b\n  else c &&\n  d\n  || e");
    expect(t).not.toContain("Newline:\n");
  });

  it("ignores line breaks inside brackets and parentheses", () => {
    expect(toks("f(\n a\n b\n)\n[\n 1\n 2\n]").filter((x) => x === "Newline:\n")).toHaveLength(1);
  });

  it("starts a new item at a line beginning with `name =` even after `=`", () => {
    expect(toks("{\n replicas =\n cpu = 1\n}")).toEqual(["LCurly:{", "PlainIdent:replicas", "Eq:=", "Newline:\n", "PlainIdent:cpu", "Eq:=", "IntLit:1", "RCurly:}"]);
    // A dotted head, broken over lines itself: a Newline before each line that starts a part of it.
    expect(toks("{\n a =\n b.\n c = 1\n}")).toEqual(["LCurly:{", "PlainIdent:a", "Eq:=", "Newline:\n", "PlainIdent:b", "Dot:.", "Newline:\n", "PlainIdent:c", "Eq:=", "IntLit:1", "RCurly:}"]);
    // Names and dots that no `=` ends are an expression going on: no Newline.
    expect(toks("{\n a =\n b.c\n + 1\n}")).not.toContain("Newline:\n");
    expect(toks("{\n a =\n b.c")).not.toContain("Newline:\n");
    // The Newline sits at the line break (offsets as the parser reports them).
    const newline = scan("{\n a =\n b = 1\n}").stream.tokens().find((t) => t.image === "\n")!;
    expect([newline.startOffset, newline.endOffset]).toEqual([6, 6]);
  });

  it("reads names with dashes, and subtraction with spaces", () => {
    expect(toks("web-1 a - b pkgs.shop-api")).toEqual(["PlainIdent:web-1", "PlainIdent:a", "Minus:-", "PlainIdent:b", "PlainIdent:pkgs", "Dot:.", "PlainIdent:shop-api"]);
  });

  it("reads numbers with units, floats and ranges", () => {
    expect(toks("512MiB 500m 0.5 1..10 1_000 10s")).toEqual(["UnitLit:512MiB", "UnitLit:500m", "FloatLit:0.5", "IntLit:1", "DotDot:..", "IntLit:10", "IntLit:1_000", "UnitLit:10s"]);
  });

  it("splits interpolated strings into parts, with nested braces", () => {
    expect(toks('"a ${ {x = 1}.x } b"')).toEqual([
      'StringStart:"', "StringText:a ", "InterpStart:${", "LCurly:{", "PlainIdent:x", "Eq:=", "IntLit:1", "RCurly:}", "Dot:.", "PlainIdent:x", "InterpEnd:}", "StringText: b", 'StringEnd:"',
    ]);
  });

  it("keeps nix strings verbatim, without Herd interpolation", () => {
    expect(toks('nix"${pkgs.x} \\"q\\""')).toEqual(['StringStart:nix"', 'StringText:${pkgs.x} \\"q\\"', 'StringEnd:"']);
  });

  it("scans triple-quoted strings across lines", () => {
    expect(toks('"""\n  a\n  b\n  """')).toEqual(['StringStart:"""', "StringText:\n  a\n  b\n  ", 'StringEnd:"""']);
  });

  it("reads a regex only right after `(`", () => {
    expect(toks("String(/^[a-z]+$/) a / b")).toEqual(["PlainIdent:String", "LParen:(", "RegexLit:/^[a-z]+$/", "RParen:)", "PlainIdent:a", "Slash:/", "PlainIdent:b"]);
  });

  it("collects comments, telling doc comments and own-line comments apart", () => {
    const r = scan("/// doc\nlet x = 1 // trailing\n/* block */");
    expect(r.comments.map((c) => [c.kind, c.text.trim(), c.ownLine])).toEqual([
      ["doc", "doc", true],
      ["line", "trailing", false],
      ["block", "block", true],
    ]);
  });

  it("reports an unterminated string at the end of its line and goes on", () => {
    const r = scan('let a = "abc\nlet b = 2');
    expect(r.diagnostics.map((d) => d.code)).toEqual(["H0102"]);
    expect(r.diagnostics[0]!.span.start).toBe(12);
    expect(toks('let a = "abc\nlet b = 2').slice(-4)).toEqual(["KwLet:let", "PlainIdent:b", "Eq:=", "IntLit:2"]);
  });

  it("reports an interpolation left open at the end of its line once, with the text that closes it", () => {
    const fixed = (text: string) => {
      const d = scan(text).diagnostics;
      expect(d.map((x) => x.code)).toEqual(["H0102"]);
      return { message: d[0]!.message, text: applyFix(text, d[0]!) };
    };
    expect(fixed('let a = "x${y\nlet b = 2')).toEqual({ message: 'this interpolation is not closed before the end of the line: add `}` and `"`', text: 'let a = "x${y}"\nlet b = 2' });
    // A string opened inside it and left open too: one mistake, one report.
    const inner = fixed('let a = "x${"y\nlet b = 2');
    expect(inner).toEqual({ message: 'this interpolation is not closed before the end of the line: add `"`, `}` and `"`', text: 'let a = "x${"y"}"\nlet b = 2' });
    expect(scan(inner.text).diagnostics).toEqual([]);
  });

  it("reports bad escapes, unknown characters and unclosed comments", () => {
    expect(scan('"\\q"').diagnostics.map((d) => d.code)).toEqual(["H0103"]);
    expect(scan("let a = 1 @@ 2").diagnostics.map((d) => [d.code, d.message])).toEqual([["H0101", "unexpected `@@`"]]);
    expect(scan("/* open").diagnostics.map((d) => d.code)).toEqual(["H0106"]);
    expect(scan("let a = 'x'").diagnostics[0]!.message).toContain("double quotes");
  });

  it("reads a word with a closer typed inside it (`r}esources`) as the word, with one error and the closer's removal as the fix", () => {
    const text = "service a {\n  r}esources = { cpu = 1 }\n  replicas = por)t\n}\n";
    const r = parse(text, "t.sys");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start} ${d.message}`)).toEqual(["H0101 15 unexpected `}` inside a word", "H0101 55 unexpected `)` inside a word"]);
    const fields = ((r.tree.decls[0] as { value: { fields: { path: { name: string }[] }[] } }).value.fields).map((f) => f.path[0]!.name);
    expect(fields).toEqual(["resources", "replicas"]);
    expect(applyFix(text, r.diagnostics[0]!)).toContain("  resources = {");
    // A keyword so split is the keyword; a closer after a word and before a space stays a closer.
    expect(toks("servi}ce a {}")[0]).toBe("KwService:service");
    expect(parse("let r = { a = b}\n", "t.sys").diagnostics).toEqual([]);
  });

  it("a quote that opens nothing on a placement rule's line: one error at it, the quote its word lacks its fix, the rest of the line and the block read", () => {
    const block = (rule: string) => `service a {\n  place {\n    ${rule} // off the NAS\n    spread by zone\n  }\n  replicas = 2\n}\nservice b { replicas = 1 }\n`;
    for (const [rule, error, fixed] of [
      ['on role != storage"', 'H0102 44 a `"` is missing before `storage`: the quote after it opens nothing', 'on role != "storage"'],
      ['on role != "storage', "H0102 37 this string is not closed: add `\"` after `storage`", 'on role != "storage"'],
      ['on role != storage "', "H0102 45 this quote opens nothing: the line has no other", "on role != storage "],
    ] as const) {
      const text = block(rule);
      const r = parse(text, "t.sys");
      expect(r.diagnostics.map((d) => `${d.code} ${d.span.start} ${d.message}`)).toEqual([error]);
      const place = ((r.tree.decls[0] as { value: { fields: { value: { kind: string; rules?: { kind: string }[] } }[] } }).value.fields[0]!.value);
      expect(place.rules!.map((x) => x.kind)).toEqual(["OnRule", "SpreadRule"]);
      const after = applyFix(text, r.diagnostics[0]!);
      expect(after).toContain(`    ${fixed} // off the NAS\n`);
      expect(parse(after, "t.sys").diagnostics).toEqual([]);
    }
    // Other quotes on the line: which one is wrong is not known, so the line's quotes do not pair up, one error as before.
    expect(parse(block('on tier == data" && disk == "nvme"'), "t.sys").diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['H0102 the quotes on this line do not pair up: a `"` is missing (or one too many) here or earlier in the line']);
    // Outside a place block, a string left open is read to the end of its line, as before.
    expect(parse('let a = "x\nlet b = 1\n', "t.sys").diagnostics.map((d) => d.message)).toEqual(['this string is not closed before the end of the line: add `"`']);
  });

  it("fixes a `;` by what separates items where it stands: removed at a line's end, `,` inside a block or list, a line break between declarations", () => {
    const fixed = (text: string) => {
      const [d, ...more] = parse(text).diagnostics;
      expect(more).toEqual([]);
      expect(d!.code).toBe("H0101");
      const out = applyFix(text, d!);
      expect(parse(out).diagnostics).toEqual([]);
      return out;
    };
    expect(fixed("let a = 1;\n")).toBe("let a = 1\n");
    expect(fixed("let c = { x = 1; y = 2 }\n")).toBe("let c = { x = 1, y = 2 }\n");
    expect(fixed("let d = [1; 2]\n")).toBe("let d = [1, 2]\n");
    expect(fixed("let a = 1;  let b = 2\n")).toBe("let a = 1\nlet b = 2\n");
  });

  it("keeps reading words right after its table of words fills up and starts again", () => {
    // The table holds 50,000 words; this text has 120,000 different ones,
    // with keywords and a repeated name among them.
    const parts: string[] = [];
    for (let i = 0; i < 120_000; i++) parts.push(i % 1000 === 0 ? "let service replicas" : `w${i}`);
    const tokens = scan(parts.join(" ")).stream.tokens();
    expect(tokens).toHaveLength(120_000 + 2 * 120);
    const kinds = new Set(tokens.filter((t) => t.image === "let" || t.image === "service").map((t) => t.tokenType.name));
    expect(kinds).toEqual(new Set(["KwLet", "KwService"]));
    expect(tokens.filter((t) => t.tokenType.name === "PlainIdent" && /^w\d+$/.test(t.image))).toHaveLength(120_000 - 120);
    // After the table started again, a word is still read as itself.
    expect(toks("w119999 replicas let")).toEqual(["PlainIdent:w119999", "PlainIdent:replicas", "KwLet:let"]);
  });

  it("never throws on arbitrary text and covers it with tokens, comments or diagnostics", () => {
    const text = "\u0000\uffff}{)(${\"\n\"\"\"$\\";
    expect(() => scan(text)).not.toThrow();
  });
});
