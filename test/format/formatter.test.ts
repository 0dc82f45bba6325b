import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { format } from "../../language/format/formatter.js";
import { parse } from "../../language/syntax/parse.js";
import { sysFilesUnder } from "../helpers/sys-files.js";

function fmt(text: string): string {
  const r = format(text);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.text;
}

/** The examples' files and the standard library's: Herd's own code is written as `herd fmt` writes it. */
function examples(): string[] {
  return sysFilesUnder(new URL("../../examples/", import.meta.url), new URL("../../stdlib/", import.meta.url));
}

const comments = (t: string) => parse(t).comments.map((c) => t.slice(c.start, c.end).trim());

describe("formatter", () => {
  it("lays out declarations, records and rules canonically", () => {
    expect(fmt("pool web{count=4\nlabels={tier=\"web\",zone=\"a\"}}\nlet x=1\nlet y   =  [1,2 , 3]")).toBe(
      'pool web {\n  count  = 4\n  labels = { tier = "web", zone = "a" }\n}\n\nlet x = 1\nlet y = [1, 2, 3]\n',
    );
    expect(fmt("service a {\n place {\n  on tier==\"x\"&&zone!=\"y\"\n max 1 per node\n }\n}")).toBe(
      'service a {\n  place {\n    on tier == "x" && zone != "y"\n    max 1 per node\n  }\n}\n',
    );
  });

  it("keeps a file's line endings: CRLF when its first line ends so, LF otherwise", () => {
    const crlf = 'let a=1\r\n// c\r\nlet s = """\r\n  x\r\n  """\r\n';
    const out = fmt(crlf);
    expect(out).toBe('let a = 1\r\n// c\r\nlet s = """\r\n  x\r\n  """\r\n');
    expect(fmt(out)).toBe(out);
    expect(fmt("let a=1\nlet b=2\r\n")).toBe("let a = 1\nlet b = 2\n");
  });

  it("keeps every comment, aligning trailing ones", () => {
    const src = "// head\n/// doc\npool web { // the web tier\n  count = 4 // four\n  // own line\n  labels = {} /* block */\n  // dangling\n}\n";
    const out = fmt(src);
    expect(comments(out)).toEqual(comments(src));
    expect(out).toBe("// head\n/// doc\npool web {\n  // the web tier\n  count = 4 // four\n  // own line\n  labels = {} /* block */\n  // dangling\n}\n");
  });

  it("keeps a block comment with the item that follows it on its line", () => {
    const src = 'let r = { a = "1", /* why b */ b = "2" }\nlet l = [1, /* two */ 2]\n';
    const out = fmt(src);
    expect(out).toBe('let r = {\n  a = "1"\n  /* why b */\n  b = "2"\n}\nlet l = [\n  1,\n  /* two */\n  2,\n]\n');
    expect(fmt(out)).toBe(out);
  });

  it("keeps comments inside expressions by moving them before the field", () => {
    const src = "let x = 1 + // why\n  2\n";
    const out = fmt(src);
    expect(comments(out)).toEqual(["// why"]);
    expect(fmt(out)).toBe(out);
  });

  it("keeps the name of a field that holds placement rules", () => {
    // It had printed every such field as `place { … }`.
    expect(fmt('let r = {\n  p = place { on tier == "x" }\n}\n')).toBe('let r = {\n  p = place {\n    on tier == "x"\n  }\n}\n');
    expect(fmt('service s {\n  pace {\n    on tier == "x"\n  }\n}\n')).toBe('service s {\n  pace {\n    on tier == "x"\n  }\n}\n');
    expect(fmt('service s {\n  place = place { on tier == "x" }\n}\n')).toBe('service s {\n  place {\n    on tier == "x"\n  }\n}\n');
  });

  it("changes nothing of what doc comments document", () => {
    const docOf = (t: string) => {
      const d = parse(t).tree.decls[0] as { doc?: { text: string } };
      return d.doc?.text;
    };
    // A comment moved up out of the value goes above the doc comment, which stays on the constant.
    const moved = fmt("/// How many.\nlet x = 1 + // why\n  2\n");
    expect(moved).toBe("// why\n/// How many.\nlet x = 1 + 2\n");
    expect(docOf(moved)).toBe("How many.");
    // A `///` that documents nothing (inside a type, after code) still documents nothing: a blank line keeps it apart.
    const inside = fmt('/// Sizes.\ntype Size =\n/// (misplaced)\n  | "s" | "m"\n');
    expect(inside).toBe('/// (misplaced)\n\n/// Sizes.\ntype Size = "s" | "m"\n');
    expect(docOf(inside)).toBe("Sizes.");
    const afterCode = fmt("type T = {\n  a: Int = 1\n, /// (after code)\n  b: Int = 2\n}\n");
    expect(afterCode).toBe("type T = {\n  a: Int = 1\n  /// (after code)\n\n  b: Int = 2\n}\n");
    const fields = (t: string) => (parse(t).tree.decls[0] as { type: { fields: { doc?: unknown }[] } }).type.fields.map((f) => f.doc);
    expect(fields(afterCode)).toEqual([undefined, undefined]);
    for (const out of [moved, inside, afterCode]) expect(fmt(out)).toBe(out);
  });

  it("breaks records, lists and calls that do not fit, and keeps multi-line ones", () => {
    const long = `let x = [${Array.from({ length: 30 }, (_, i) => `"item-${i}"`).join(", ")}]`;
    expect(fmt(long).split("\n").length).toBeGreaterThan(30);
    expect(fmt("let r = {\n  a = 1\n}")).toBe("let r = {\n  a = 1\n}\n");
  });

  it("preserves literals exactly as written, and `name { }` sugar", () => {
    expect(fmt('let a = 1_000\nlet b = "tab\\t${x}"\nlet c = nix"{ a = 1; }"\nlet d = { nixos { x = 1 } }')).toBe(
      'let a = 1_000\nlet b = "tab\\t${x}"\nlet c = nix"{ a = 1; }"\nlet d = { nixos { x = 1 } }\n',
    );
  });

  it("refuses to format a file with syntax errors", () => {
    const r = format("let x = ");
    expect(r.ok).toBe(false);
  });

  it.each(examples())("round-trips %s: already formatted, idempotent, same syntax tree shape", (file) => {
    const src = readFileSync(file, "utf8");
    const once = fmt(src);
    expect(once).toBe(src);
    expect(fmt(once)).toBe(once);
    expect(comments(once)).toEqual(comments(src));
  });
});
