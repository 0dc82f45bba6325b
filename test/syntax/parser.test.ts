import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type * as A from "../../language/syntax/ast.js";
import { parse } from "../../language/syntax/parse.js";
import { forEachChild, walk } from "../../language/syntax/walk.js";
import { applyEdits, applyFix } from "../helpers/apply-edits.js";

/** The text with its first diagnostic's fix applied. */
function withFirstFix(text: string): string {
  return applyFix(text, parse(text, "t.sys").diagnostics[0]!);
}

function decls(text: string): A.Decl[] {
  const r = parse(text);
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return r.tree.decls;
}

function expr(text: string): A.Expr {
  const d = decls(`let x = ${text}`)[0] as A.LetDecl;
  return d.value!;
}

/** The expression as a compact S-expression, for shape assertions. */
function sx(e: A.Expr | undefined): string {
  if (!e) return "_";
  switch (e.kind) {
    case "Int":
    case "Float":
      return String(e.value);
    case "Unit":
      return `${e.value}${e.unit}`;
    case "Bool":
      return String(e.value);
    case "None":
      return "none";
    case "Name":
      return e.name;
    case "String":
      return `"${e.parts.map((p) => (p.kind === "Text" ? p.value : `\${${sx(p.expr)}}`)).join("")}"${e.nix ? "nix" : ""}`;
    case "Member":
      return `(. ${sx(e.object)} ${e.member?.name ?? "_"})`;
    case "Index":
      return `([] ${sx(e.object)} ${sx(e.index)})`;
    case "Call":
      if (e.record) return `(call ${sx(e.callee)} rec ${e.record.fields.map((f) => `${f.path.map((k) => k.name).join(".")}=` + sx(f.value)).join(" ")})`;
      return `(call ${sx(e.callee)} ${e.args.map((a) => (a.name ? `${a.name.name}=` : "") + sx(a.value)).join(" ")})`;
    case "Record":
      return `{${e.fields.map((f) => `${f.path.map((k) => k.name).join(".")}=${sx(f.value)}`).join(" ")}}`;
    case "List":
      return `[${e.items.map(sx).join(" ")}]`;
    case "For":
      return `(for ${e.first?.name}${e.second ? "," + e.second.name : ""} ${sx(e.iterable)} ${sx(e.condition)} ${sx(e.body)})`;
    case "If":
      return `(if ${sx(e.condition)} ${sx(e.then)} ${sx(e.else)})`;
    case "Binary":
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case "Unary":
      return `(${e.op} ${sx(e.operand)})`;
    case "With":
      return `(with ${sx(e.base)} ${sx(e.update)})`;
    case "Paren":
      return sx(e.inner);
    case "Place":
      return `place(${e.rules.map((r) => r.kind).join(" ")})`;
    case "Error":
      return "ERR";
  }
}

describe("parser: every construct of the tour", () => {
  it("parses the tour's complete example without diagnostics", () => {
    const text = readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");
    const r = parse(text, "shop.sys");
    expect(r.diagnostics).toEqual([]);
    expect(r.tree.decls.map((d) => d.kind)).toEqual([
      "ImportDecl", "ImportDecl", "BaseDecl", "PoolDecl", "PoolDecl", "NodeDecl", "LetDecl", "ServiceDecl", "ServiceDecl", "PolicyDecl",
    ]);
  });

  it("reads both import forms", () => {
    const [a, b] = decls(`import "std/hetzner" as hcloud\nimport "./lib.sys" { worker, db as database }`) as A.ImportDecl[];
    expect(a!.alias!.name).toBe("hcloud");
    expect(b!.names!.map((n) => `${n.name.name}${n.alias ? ":" + n.alias.name : ""}`)).toEqual(["worker", "db:database"]);
  });

  it("reads both service forms", () => {
    const [a, b] = decls(`service a {\n  replicas = 2\n}\nservice b = worker("b", 3)`) as A.ServiceDecl[];
    expect(a!.value!.kind).toBe("Record");
    expect((a!.value as A.RecordExpr).block).toBe(true);
    expect(sx(b!.value)).toBe('(call worker "b" 3)');
  });

  it("reads functions with typed parameters, defaults and a return type", () => {
    const [f] = decls(`fn worker(name: String, count: Int(1..20), memory: Bytes = 256MiB): Service = { replicas = count }`) as A.FnDecl[];
    expect(f!.params.map((p) => p.name.name)).toEqual(["name", "count", "memory"]);
    const count = f!.params[1]!.type as A.NamedType;
    expect(count.refinement!.kind).toBe("Range");
    expect(sx(f!.params[2]!.default)).toBe("256MiB");
    expect((f!.returnType as A.NamedType).name.name).toBe("Service");
  });

  it("reads the types of the tour", () => {
    const t = (src: string) => (decls(`type T = ${src}`)[0] as A.TypeDecl).type!;
    expect(t("[String]").kind).toBe("ListType");
    expect(t("{String: Int}").kind).toBe("MapType");
    expect(t("{ name: String = \"x\", port: Port }").kind).toBe("RecordType");
    expect(t("Int?").kind).toBe("OptionalType");
    expect((t('"a" | "b" | "c"') as A.UnionType).members).toHaveLength(3);
    expect((t("String(/^[a-z]+$/)") as A.NamedType).refinement).toMatchObject({ kind: "Regex", pattern: "^[a-z]+$" });
    expect((t("hcloud.ServerType") as A.NamedType).namespace!.name).toBe("hcloud");
    expect((t("\n  | \"a\"\n  | \"b\"") as A.UnionType).members).toHaveLength(2);
  });

  it("reads expressions with the right precedence", () => {
    expect(sx(expr("a || b && c == d"))).toBe("(|| a (&& b (== c d)))");
    expect(sx(expr("1 + 2 * 3 - 4"))).toBe("(- (+ 1 (* 2 3)) 4)");
    expect(sx(expr("!a && -b < c"))).toBe("(&& (! a) (< (- b) c))");
    expect(sx(expr("x ?? y || z"))).toBe("(?? x (|| y z))");
    expect(sx(expr("-5"))).toBe("-5");
    expect(sx(expr("count * 250m"))).toBe("(* count 250m)");
    expect(sx(expr("2GiB + 512MiB"))).toBe("(+ 2GiB 512MiB)");
  });

  it("reads field access, indexing, calls, record calls and `with`", () => {
    expect(sx(expr("db.endpoints[0]"))).toBe("([] (. db endpoints) 0)");
    expect(sx(expr('["fsn1", "nbg1"][index]'))).toBe('([] ["fsn1" "nbg1"] index)');
    expect(sx(expr('hcloud.server { type = "cx32", location = "fsn1" }'))).toBe('(call (. hcloud server) rec type="cx32" location="fsn1")');
    expect(sx(expr("f(1, b = 2)"))).toBe("(call f 1 b=2)");
    // A record call's arguments are its record's fields, kept once: no arguments in parentheses beside them.
    const call = expr("f { a.b = 1 }") as A.CallExpr;
    expect(call.args).toEqual([]);
    expect(call.record?.fields.map((f) => f.path.map((k) => k.name))).toEqual([["a", "b"]]);
    expect(sx(expr("r with { a = 1 }"))).toBe("(with r {a=1})");
    expect(sx(expr("pkgs.python3Packages.requests"))).toBe("(. (. pkgs python3Packages) requests)");
  });

  it("reads if, comprehensions, records, lists and maps", () => {
    expect(sx(expr("if a then 1 else 2"))).toBe("(if a 1 2)");
    expect(sx(expr('[for z in zones: "${z}-a"]'))).toBe('(for z zones _ "${z}-a")');
    expect(sx(expr('[for z in zones if z != "hel1": z]'))).toBe('(for z zones (!= z "hel1") z)');
    expect(sx(expr("[for k, v in m: v]"))).toBe("(for k,v m _ v)");
    expect(sx(expr("{ a.b.c = 1, d { e = 2 } }"))).toBe("{a.b.c=1 d={e=2}}");
    expect(sx(expr('{ "app.io/name" = "x" }'))).toBe('{app.io/name="x"}');
    expect(sx(expr("[1, 2, 3,]"))).toBe("[1 2 3]");
  });

  it("reads strings: interpolation, escapes, nix, secrets, multi-line", () => {
    expect(sx(expr('"${pkgs.shop-api}/bin/shop-api --port ${apiPort}"'))).toBe('"${(. pkgs shop-api)}/bin/shop-api --port ${apiPort}"');
    expect(sx(expr('"tab\\tq\\"\\u{1F600}\\$"'))).toBe('"tab\tq"\u{1F600}$"');
    expect(sx(expr('nix"{ services.x.enable = true; }"'))).toBe('"{ services.x.enable = true; }"nix');
    expect(sx(expr('secret("db-password")'))).toBe('(call secret "db-password")');
    const multi = expr('"""\n    line one\n      indented\n    """') as A.StringExpr;
    expect((multi.parts[0] as A.StringTextPart).value).toBe("line one\n  indented");
  });

  it("reads place rules and selectors", () => {
    const s = decls(`service a {\n  place {\n    on tier == "data" && zone != "home"\n    on zone in ["a", "b"]\n    on !gpu\n    prefer ssd weight 5\n    spread by zone skew 2\n    max 1 per node\n    avoid api\n    near cache\n  }\n}`)[0] as A.ServiceDecl;
    const place = (s.value as A.RecordExpr).fields[0]!.value as A.PlaceExpr;
    expect(place.rules.map((r) => r.kind)).toEqual(["OnRule", "OnRule", "OnRule", "PreferRule", "SpreadRule", "MaxPerNodeRule", "AvoidRule", "NearRule"]);
    expect((place.rules[0] as A.OnRule).selector!.kind).toBe("SelBinary");
    expect((place.rules[1] as A.OnRule).selector!.kind).toBe("SelIn");
    expect((place.rules[2] as A.OnRule).selector!.kind).toBe("SelNot");
    expect(sx((place.rules[4] as A.SpreadRule).skew)).toBe("2");
  });

  it("reads policy rules and settings", () => {
    const p = decls("policy {\n  survive 2 node failures\n  maxUtilization = 0.8\n}")[0] as A.PolicyDecl;
    expect(p.items.map((i) => i.kind)).toEqual(["SurviveRule", "Field"]);
  });

  it("accepts keywords as field names and contextual keywords as names", () => {
    const f = decls(`fn server(type: String, service: String): String = type\nlet r = { type = "x", on = 1, if = 2 }`);
    expect(f).toHaveLength(2);
  });

  it("attaches doc comments to declarations and fields", () => {
    const [p] = decls("/// Web machines.\n/// Two lines.\npool web {\n  /// How many.\n  count = 4\n}") as A.PoolDecl[];
    expect(p!.doc!.text).toBe("Web machines.\nTwo lines.");
    expect(p!.body!.fields[0]!.doc!.text).toBe("How many.");
  });

  it("gives every node a span inside its parent's", () => {
    const text = readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");
    const tree = parse(text).tree;
    let checked = 0;
    const check = (n: A.AnyNode, parent: A.AnyNode | undefined) => {
      expect(n.start).toBeLessThanOrEqual(n.end);
      if (parent) {
        expect(n.start).toBeGreaterThanOrEqual(parent.start);
        expect(n.end).toBeLessThanOrEqual(parent.end);
      }
      checked++;
    };
    const stack: [A.AnyNode, A.AnyNode | undefined][] = [[tree, undefined]];
    while (stack.length) {
      const [n, p] = stack.pop()!;
      check(n, p);
      forEachChild(n, (c) => stack.push([c, n]));
    }
    expect(checked).toBeGreaterThan(200);
    let total = 0;
    walk(tree, () => total++);
    expect(total).toBe(checked);
  });
});

describe("parser: error recovery", () => {
  function recover(text: string) {
    const r = parse(text, "t.sys");
    return {
      errors: r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${text.slice(d.span.start, d.span.end) || "∅"}@${d.span.start} ${d.message}`),
      names: r.tree.decls.map((d) => ("name" in d && d.name ? d.name.name : d.kind)),
      tree: r.tree,
    };
  }

  it("one misspelled declaration keyword: one error with a suggestion, the declaration read as the one meant", () => {
    const r = recover("servce api {\n  replicas = 3\n}\nservice db {\n  replicas = 2\n}\n");
    expect(r.errors).toEqual(["H0112 servce@0 `servce` does not start a declaration; did you mean `service`?"]);
    expect(r.names).toEqual(["api", "db"]);
    expect(r.tree.decls[0]!.kind).toBe("ServiceDecl");
    // Short keywords one letter off, where the declaration's shape follows.
    expect(recover("f worker(n: Int): Int = n\nlett x = worker(1)\n").names).toEqual(["worker", "x"]);
    expect(recover("f worker(n: Int): Int = n\nlett x = worker(1)\n").errors.map((e) => e.split(" ").slice(0, 2).join(" "))).toEqual(["H0112 f@0", "H0112 lett@26"]);
    // Alone on its line, the start of one keyword (being typed): read as it, so an import being typed is a broken import.
    const typing = recover("impor\nlet x = 1\n");
    expect(typing.errors).toEqual(["H0112 impor@0 `impor` does not start a declaration; did you mean `import`?"]);
    expect(typing.tree.decls.map((d) => d.kind)).toEqual(["ImportDecl", "LetDecl"]);
    expect(recover("po\nlet x = 1\n").tree.decls.map((d) => d.kind)).toEqual(["LetDecl"]);
    // A keyword without its name takes nothing of the declaration on the next line.
    const bare = recover("let a = 1\nl\n\n/// doc\nlet b = 2\n");
    expect(bare.errors.map((e) => e.slice(0, 13))).toEqual(["H0112 l@10 `l"]);
    expect(bare.names).toEqual(["a", "LetDecl", "b"]);
    // A word far from every keyword, or without the declaration's shape, is not guessed at.
    expect(recover("replicas 3\nlet x = 1\n").names).toEqual(["x"]);
    // `name = value` at the top is a constant without its `let` (as Nix and HCL write one).
    const letless = recover("port = 80\nlet x = port\n");
    expect(letless.errors).toEqual(["H0112 port@0 `port` does not start a declaration: a constant is declared with `let` (`let port = …`)"]);
    expect(letless.names).toEqual(["port", "x"]);
    expect(recover("servce\nlet x = 1\n").errors[0]).toMatch(/^H0112 servce@0 `servce` does not start a declaration; did you mean `service`\?/);
    // A module's path and then `{` or `as` at the start of a line: an import without its keyword.
    const importless = ' "std/services" { nginx }\nlet x = nginx\n';
    expect(recover(importless).errors).toEqual(['H0112 "std/services"@1 `"std/services"` does not start a declaration: an import is written `import "std/services"`']);
    expect(recover(importless).tree.decls.map((d) => d.kind)).toEqual(["ImportDecl", "LetDecl"]);
    expect(withFirstFix(importless)).toBe('import "std/services" { nginx }\nlet x = nginx\n');
    // A block's keyword left out: its fields say which declaration it is, read as that one.
    const keywordless = 'let y = 1\n home-assistant {\n  replicas = 1\n}\nlet z = 2\n';
    expect(recover(keywordless).errors).toEqual(["H0112 home-assistant@11 `home-assistant` does not start a declaration: its fields are a service's; did you mean `service home-assistant`?"]);
    expect(recover(keywordless).tree.decls.map((d) => d.kind)).toEqual(["LetDecl", "ServiceDecl", "LetDecl"]);
    expect(recover('pool-x {\n  count = 2\n}\n').tree.decls.map((d) => d.kind)).toEqual(["PoolDecl"]);
    // A value continued on the next line is no declaration; fields of no one kind are not guessed at.
    expect(parse("let x =\n  foo {\n    replicas = 1\n  }\n", "t.sys").diagnostics).toEqual([]);
    expect(recover("foo {\n  labels = {}\n}\n").tree.decls.map((d) => d.kind)).not.toContain("ServiceDecl");
  });

  it("a call or list left open (being typed): one error where its line ends, with the closer as its fix; the declarations below read as they are", () => {
    const text = "fn f(a: Int,\n  b: Int = 2\n\nlet x = 1\nlet y = [1, 2\nlet z = [\n  base,\n]\nservice s { replicas = 1 }\n";
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 ∅@25 expected `)`, found the end of the line", "H0110 ∅@50 expected `]`, found the end of the line"]);
    expect(r.names).toEqual(["f", "x", "y", "z", "s"]);
    const fixes = parse(text, "t.sys").diagnostics.map((d) => d.fix?.edits[0]?.newText);
    expect(fixes).toEqual([")", "]"]);
    // A name that a declaration keyword can be (`base`) at the start of a line inside a list is still the list's.
    expect(recover("let z = [\nbase,\n]\n").errors).toEqual([]);
    // Inside a block, a line that sets a field ends a list left open on the line before (no list item is `name =`).
    const field = recover("let r = {\n  ports = [8000\n  env = { A = 1 }\n  names = [\n    a == b,\n  ]\n}\n");
    expect(field.errors).toEqual(["H0110 ∅@25 expected `]`, found the end of the line"]);
    expect(parse("let r = {\n  ports = [8000\n  env = { A = 1 }\n}\n", "t.sys").diagnostics[0]!.fix!.edits[0]).toEqual({ span: { start: 25, end: 25 }, newText: "]" });
  });

  it("a block never closed, found by the indentation of the line after it: one error at its `{`, with `{}` as the fix", () => {
    for (const text of [
      'service a {\n  health = http {\n  rollout = { maxUnavailable = 1 }\n}\nlet y = 2\n',
      // A `}` less indented than the block's line is an outer block's.
      "service a {\n  run = systemdService {\n}\nlet y = 2\n",
    ]) {
      const d = parse(text, "t.sys").diagnostics;
      expect(d.map((x) => x.message), text).toEqual(["expected `}`: the `{` on line 2 is not closed (the line after it is not indented inside it)"]);
      expect(applyFix(text, d[0]!)).toContain(" {}\n");
      expect(parse(applyFix(text, d[0]!), "t.sys").diagnostics).toEqual([]);
    }
  });

  it("a place block whose `}` is missing before the next field: one error there, with the brace as its fix, the field read as the body's", () => {
    const text = 'service a {\n  place {\n    on tier == "web"\n  run = { kind = "systemd", exec = "/bin/a" }\n}\n';
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 ∅@42 the block of placement rules is not closed: `}` is missing before the field `run`"]);
    const a = r.tree.decls[0] as A.ServiceDecl;
    expect((a.value as A.RecordExpr).fields.map((f) => f.path[0]!.name)).toEqual(["place", "run"]);
    expect(parse(text, "t.sys").diagnostics[0]!.fix!.edits[0]).toEqual({ span: { start: 42, end: 42 }, newText: "\n  }" });
  });

  it("a bracket or mark typed before or after a placement rule: one error, its removal as the fix, every rule read", () => {
    const rules = (text: string) => ((((recover(text).tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields[0]!.value as A.PlaceExpr).rules.map((r) => r.kind));
    const block = (line: string) => `service a {\n  place {\n    ${line}\n    spread by zone\n    max 1 per node\n  }\n  replicas = 2\n}\nservice b { replicas = 1 }\n`;
    for (const [line, error] of [
      ['(on tier == "web"', 'H0110 (@26 unexpected `(` before a placement rule'],
      ['[on tier == "web"', 'H0110 [@26 unexpected `[` before a placement rule'],
      ['.on tier == "web"', 'H0110 .@26 unexpected `.` before a placement rule'],
      ['on tier == "web")', 'H0110 )@42 unexpected `)` after a placement rule'],
      ['{on tier == "web"', 'H0110 {@26 unexpected `{` before a placement rule'],
    ] as const) {
      const text = block(line);
      expect(recover(text).errors).toEqual([error]);
      expect(recover(text).names).toEqual(["a", "b"]);
      expect(parse(withFirstFix(text), "t.sys").diagnostics).toEqual([]);
    }
    expect(rules(block('(on tier == "web"'))).toEqual(["OnRule", "SpreadRule", "MaxPerNodeRule"]);
    // A `(` or `[` left open in a rule ends at the next rule's line: one error, the closer as its fix.
    for (const line of ['on (tier == "web"', 'on tier == ["web"']) {
      const text = block(line);
      expect(recover(text).errors).toHaveLength(1);
      expect(rules(text)).toEqual(["OnRule", "SpreadRule", "MaxPerNodeRule"]);
      expect(parse(withFirstFix(text), "t.sys").diagnostics).toEqual([]);
    }
  });

  it("a field among placement rules (`place {` and the line below it swapped): one error, moving it above the block its fix, the rules after it read", () => {
    const text = 'service a {\n  replicas = 2\n  place {\n  resources = {\n    cpu = 2, memory = 8GiB\n  }\n    on tier == "web"\n    spread by zone\n  }\n}\nservice b { replicas = 1 }\n';
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 resources@39 `resources` is a field, among the placement rules: it belongs above `place {`"]);
    expect(r.names).toEqual(["a", "b"]);
    const fields = ((r.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields;
    expect((fields[1]!.value as A.PlaceExpr).rules.map((x) => x.kind)).toEqual(["OnRule", "SpreadRule"]);
    const fixed = withFirstFix(text);
    expect(fixed).toBe('service a {\n  replicas = 2\n  resources = {\n    cpu = 2, memory = 8GiB\n  }\n  place {\n    on tier == "web"\n    spread by zone\n  }\n}\nservice b { replicas = 1 }\n');
    expect(parse(fixed, "t.sys").diagnostics).toEqual([]);
    // A field after the rules still ends the block (its `}` is missing before it).
    expect(recover('service a {\n  place {\n    on tier == "web"\n  run = { kind = "systemd", exec = "/bin/a" }\n}\n').errors).toEqual(["H0110 ∅@42 the block of placement rules is not closed: `}` is missing before the field `run`"]);
  });

  it("rules under another name than `place` are a place block, so the name is the one mistake", () => {
    const r = recover('service a {\n  pace {\n    on tier == "web"\n    spread by zone\n  }\n  run = { kind = "systemd", exec = "/bin/a" }\n}\n');
    expect(r.errors).toEqual([]);
    const fields = ((r.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields;
    expect(fields.map((f) => [f.path[0]!.name, f.value?.kind])).toEqual([["pace", "Place"], ["run", "Record"]]);
    // A record whose first field is named like a rule stays a record.
    expect(recover("let r = {\n  x {\n    max = 3\n  }\n}\n").tree.decls.map((d) => ((d as A.LetDecl).value as A.RecordExpr).fields[0]!.value!.kind)).toEqual(["Record"]);
  });

  it("a name alone on its line where a field goes (cut short), or a field's name lost: one error at it, the fields after it read, nothing reported missing", () => {
    const text = 'pool app {\n  c\n  machine = { type = "cx22", location = "fsn1" }\n  labels = { tier = "app" }\n}\nlet z = 1\n';
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 c@13 `c` alone is not a field: a field is `name = value`"]);
    expect(r.names).toEqual(["app", "z"]);
    expect(((r.tree.decls[0] as A.PoolDecl).body!.fields).map((f) => f.path[0]?.name)).toEqual([undefined, "machine", "labels"]);
    // A field's name lost before its `=`: one error at the `=`, the value and the fields after it read.
    const nameless = recover('pool app {\n  labels = {  = "mon", zone = "a" }\n}\nlet z = 1\n');
    expect(nameless.errors).toEqual(["H0110 =@25 a field's name is missing before `=`"]);
    expect(((((nameless.tree.decls[0] as A.PoolDecl).body!.fields[0]!.value) as A.RecordExpr).fields).map((f) => [f.path[0]?.name, f.value?.kind])).toEqual([[undefined, "String"], ["zone", "String"]]);
    // `{for …}` is still a comprehension, and a field named `for` a field.
    expect(recover('let c = {for k in ["a"]: k = 1}\nlet d = { for = 1 }\n').errors).toEqual([]);
  });

  it("`place {` cut short to a name alone on its line, rules below it: one error, `place {` its fix, the rules read as the block's", () => {
    const text = 'service a {\n  replicas = 2\n  pla\n    on tier == "web"\n    spread by zone\n  }\n  run = { kind = "systemd", exec = "/bin/a" }\n}\nservice b { replicas = 1 }\n';
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 pla@29 `pla` alone is not a field; did you mean `place {`? The rules below it need it"]);
    expect(r.names).toEqual(["a", "b"]);
    const fields = ((r.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields;
    expect(fields.map((f) => [f.path[0]?.name, f.value?.kind])).toEqual([["replicas", "Int"], ["place", "Place"], ["run", "Record"]]);
    expect((fields[1]!.value as A.PlaceExpr).rules.map((x) => x.kind)).toEqual(["OnRule", "SpreadRule"]);
    expect(parse(withFirstFix(text), "t.sys").diagnostics).toEqual([]);
    // Fields named like rules below a lone name are fields.
    expect(recover("let r = {\n  p\n  max = 3\n}\n").errors).toEqual(["H0110 p@12 `p` alone is not a field: a field is `name = value`"]);
  });

  it("a field whose `=` is left out: one error with `=` as its fix, the value read as the field's", () => {
    const text = 'service a {\n  run systemdService { exec = "/bin/a" }\n  replicas = 2\n}\nlet hosts = {\n  "api.example.com" proxy("http://api")\n}\nlet m = {\n  type "cx22"\n}\n';
    const r = recover(text);
    expect([...r.errors].sort()).toEqual([
      "H0110 ∅@103 a field is set with `=`: write `\"api.example.com\" = …`",
      "H0110 ∅@142 a field is set with `=`: write `type = …`",
      "H0110 ∅@17 a field is set with `=`: write `run = …`",
    ]);
    const fields = ((r.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields;
    expect(fields.map((f) => [f.path[0]!.name, f.value?.kind])).toEqual([["run", "Call"], ["replicas", "Int"]]);
    const fixed = applyEdits(text, parse(text, "t.sys").diagnostics.flatMap((d) => d.fix!.edits));
    expect(parse(fixed, "t.sys").diagnostics).toEqual([]);
    // A dotted field's `=` left out, its list going on below: one error, the list read as its value.
    const dotted = 'base {\n  ssh.authorizedKeys [\n    "ssh-ed25519 AAA",\n  ]\n  packages = []\n}\n';
    expect(recover(dotted).errors).toEqual(["H0110 ∅@27 a field is set with `=`: write `ssh.authorizedKeys = …`"]);
    expect(parse(withFirstFix(dotted), "t.sys").diagnostics).toEqual([]);
    // `{ for x in … }` stays a comprehension, and `{ let y = 2 }` a declaration where a field goes.
    expect(recover("let c = {for k in [\"a\"]: k = 1}\n").errors).toEqual([]);
  });

  it("a closer of the wrong kind: inserted before one that closes its own opener, written instead of a stray one", () => {
    const fixes = (text: string) => parse(text, "t.sys").diagnostics.map((d) => d.fix!.edits[0]);
    expect(fixes('let r = { zone = ["a", "b" }\n')).toEqual([{ span: { start: 27, end: 27 }, newText: "]" }]);
    expect(fixes("let r = f([1, 2)\n")).toEqual([{ span: { start: 15, end: 15 }, newText: "]" }]);
    expect(fixes("let s = [1, 2}\n")).toEqual([{ span: { start: 13, end: 14 }, newText: "]" }]);
  });

  it("a rule left outside its block is one error that says where it belongs, and the rest of its line goes with it", () => {
    const r = recover('service a { replicas = 1 }\n  survive 1 node failure\nlet x = 1\nspread by zone\n');
    expect(r.errors).toEqual([
      "H0112 survive@29 `survive` does not start a declaration: it is a rule of the `policy { … }` block",
      "H0112 spread@62 `spread` does not start a declaration: it is a rule of a service's `place { … }` block",
    ]);
    expect(r.names).toEqual(["a", "x"]);
  });

  it("a body whose header line is gone is one error: a declaration keyword inside its brackets (`per node`) starts nothing", () => {
    const r = recover('import "std/services" { systemdService }\n\n  replicas = count\n  place {\n    max 1 per node\n  }\n  run = systemdService { exec = "/bin/x" }\n}\n\nlet a = 1\n');
    expect(r.errors).toEqual(["H0112 replicas@44 `replicas` does not start a declaration: expected import, base, pool, node, service, let, type, fn, policy or terraform"]);
    expect(r.names).toEqual(["ImportDecl", "a"]);
    // Its doc comment documented the declaration whose first line is gone: not a second report.
    expect(recover("/// A worker.\n  replicas = 1\n}\nlet a = 1\n").errors.map((e) => e.slice(0, 5))).toEqual(["H0112"]);
    expect(parse("/// A worker.\n  replicas = 1\n}\nlet a = 1\n", "t.sys").diagnostics.map((d) => d.code)).toEqual(["H0112"]);
    // Outside brackets a declaration after another on its line is still one: the `;` is the one error.
    const semi = recover("let a = 1; let b = 2\n");
    expect(semi.errors.map((e) => e.slice(0, 5))).toEqual(["H0101"]);
    expect(semi.names).toEqual(["a", "b"]);
  });

  it("a `}` that closes nothing: one error where its `{` is missing by the indentation, or at it with its removal as the fix", () => {
    const text = 'service db {\n  replicas = 1\n  run = postgres\n    version = 16\n  }\n}\nlet x = 1\n';
    const r = parse(text, "t.sys");
    expect(r.diagnostics.map((d) => d.message)).toEqual(["expected `{` where line 3 ends: the lines after it are indented inside it, and the `}` on line 5 closes them"]);
    expect(r.diagnostics[0]!.fix!.edits).toEqual([{ span: { start: 44, end: 44 }, newText: " {" }]);
    expect(text.slice(0, 44)).toMatch(/run = postgres$/);
    expect(r.tree.decls.map((d) => d.kind)).toEqual(["ServiceDecl", "LetDecl"]);
    // A `}` typed too many on a line that opened a block: that `}`, with its removal as the fix.
    const extra = parse("service s {\n  replicas = 1\n  rollout = {}\n    maxSurge = 1\n  }\n}\nlet x = 1\n", "t.sys");
    expect(extra.diagnostics.map((d) => [d.span.start, d.message, d.fix?.message])).toEqual([[40, "this `}` closes the block on its line, but the lines after it are indented inside it, and the `}` on line 5 closes them", "remove `}`"]]);
    // The `}` closes the service early: the field after it, outside, is the same one error.
    const early = parse('service db {\n  run = postgres\n    version = 16\n  }\n  health = x\n}\nlet x = 1\n', "t.sys");
    expect(early.diagnostics.map((d) => d.message)).toEqual(["expected `{` where line 2 ends: the lines after it are indented inside it, and the `}` on line 4 closes them"]);
    const stray = parse("let x = 1\n}\nlet y = 2\n", "t.sys");
    expect(stray.diagnostics.map((d) => [d.message, d.span.start, d.fix?.message])).toEqual([["unmatched `}`: no `{` opens it", 10, "remove `}`"]]);
  });

  it("a record or map type whose `}` is missing before the declaration's `=`: one error there, the next declaration read", () => {
    const text = 'let m: {String: String = {\n  a = "1"\n}\n\nservice db {\n  replicas = 1\n}\n';
    const r = parse(text, "t.sys");
    expect(r.diagnostics.map((d) => [d.message, d.fix?.edits])).toEqual([["expected `}`: the type on line 1 is not closed before its `=`", [{ span: { start: 22, end: 22 }, newText: "}" }]]]);
    expect(r.tree.decls.map((d) => d.kind)).toEqual(["LetDecl", "ServiceDecl"]);
  });

  it("an import list whose `}` is missing: one error where its line ends, ` }` as the fix, the next declaration read", () => {
    const text = 'import "./lib/site" { a, b\n\nbase {\n  timeZone = "UTC"\n}\nlet x = 1\n';
    const r = parse(text, "t.sys");
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start}`)).toEqual(["H0110@26"]);
    expect(r.diagnostics[0]!.fix!.edits).toEqual([{ span: { start: 26, end: 26 }, newText: " }" }]);
    expect(r.tree.decls.map((d) => d.kind)).toEqual(["ImportDecl", "BaseDecl", "LetDecl"]);
  });

  it("a record type's field without its type: one error where its line ends, the next field read", () => {
    const r = recover("type T = {\n  a: \n  b: Int\n}\nlet x = 1\n");
    expect(r.errors).toEqual(["H0110 ∅@15 expected a type, found the end of the line"]);
    expect(r.names).toEqual(["T", "x"]);
    // A type may still go on the next line.
    expect(recover('type U = {\n  kind:\n    "a" | "b"\n}\n').errors).toEqual([]);
  });

  it("a missing value: one error at the end of its line; the following fields survive", () => {
    const r = recover("service api {\n  replicas =\n  resources = { cpu = 1 }\n  version = \"2\"\n}\nservice db { replicas = 2 }\n");
    expect(r.errors).toEqual(["H0110 ∅@26 expected a value, found the end of the line"]);
    const api = r.tree.decls[0] as A.ServiceDecl;
    expect((api.value as A.RecordExpr).fields.map((f) => f.path[0]!.name)).toEqual(["replicas", "resources", "version"]);
    expect(r.names).toEqual(["api", "db"]);
    // The last field of its block: still at the end of its line, not at the `}` below.
    expect(recover("service api {\n  replicas = \n}\n").errors).toEqual(["H0110 ∅@26 expected a value, found the end of the line"]);
    // The last line typed of a block not closed yet, a declaration below: that declaration is no value of it.
    const typing = recover("node n {\n  address =\n\n/// The port.\nlet port = 8080\nlet b = port\n");
    expect(typing.errors).toEqual(["H0110 ∅@20 expected a value, found the end of the line"]);
    expect(typing.names).toEqual(["n", "port", "b"]);
  });

  it("a declaration nested too deeply to walk: left out with one error, the rest of the file read", () => {
    const cases: [string, string][] = [
      ["(".repeat(20_000) + "1" + ")".repeat(20_000), "brackets open more than 100 levels deep"],
      ["[".repeat(5_000) + "1" + "]".repeat(5_000), "brackets open more than 100 levels deep"],
      ["{ a = ".repeat(3_000) + "1" + " }".repeat(3_000), "brackets open more than 100 levels deep"],
      ["1" + " + 1".repeat(5_000), "more than 800 levels down its declaration"],
      ["if true then 1 else ".repeat(2_000) + "0", "more than 800 levels down its declaration"],
    ];
    for (const [deep, says] of cases) {
      const text = `let a = 1\nlet x = ${deep}\nlet b = 2\n`;
      const r = parse(text, "t.sys");
      expect(r.diagnostics.map((d) => d.code), says).toEqual(["H0114"]);
      expect(r.diagnostics[0]!.message).toContain(says);
      expect(r.tree.decls.map((d) => ("name" in d && d.name ? d.name.name : d.kind))).toEqual(["a", "ErrorDecl", "b"]);
      expect(r.tree.decls[1]!.start).toBe(text.indexOf("let x"));
    }
    // Brackets never closed: the rest of the file is inside them.
    const open = parse(`let a = 1\nlet x = ${"(".repeat(100_000)}\nlet b = 2\n`, "t.sys");
    expect(open.diagnostics.map((d) => d.code)).toEqual(["H0114"]);
    expect(open.tree.decls.map((d) => d.kind)).toEqual(["LetDecl", "ErrorDecl"]);
    // Just within the limits: read as usual.
    expect(parse(`let x = ${"(".repeat(100)}1${")".repeat(100)}\nlet y = 1${" + 1".repeat(200)}`, "t.sys").diagnostics).toEqual([]);
  });

  it("a missing closing brace: one error where the block's last line ends, with the brace as its fix", () => {
    const text = "service api {\n  replicas = 3\n\nservice db {\n  replicas = 2\n}\n";
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 ∅@28 expected `}`: the block is still open where `service` on line 4 starts a declaration; is a closing brace missing here?"]);
    expect(r.names).toEqual(["api", "db"]);
    const fixed = withFirstFix(text);
    expect(fixed.startsWith("service api {\n  replicas = 3\n}\n\nservice db {")).toBe(true);
    expect(parse(fixed, "t.sys").diagnostics).toEqual([]);
  });

  it("a record left open where a value goes: one error where it should close, with the brace as its fix", () => {
    for (const [text, at, says, fixed] of [
      ["let x = {\nlet y = 2\n", 9, "expected `}`: the block is still open where `let` on line 2 starts a declaration; is a closing brace missing here?", "let x = {}\nlet y = 2\n"],
      ["let x = {", 9, "expected `}`, found the end of the file", "let x = {}"],
      // With fields, the parser finds the end itself: the same words.
      ["let x = {\n  a = 1,\n  b = 2,\n\nlet y = 2\n", 27, "expected `}`: the block is still open where `let` on line 5 starts a declaration; is a closing brace missing here?", "let x = {\n  a = 1,\n  b = 2,\n}\n\nlet y = 2\n"],
    ] as const) {
      const d = parse(text, "t.sys").diagnostics;
      expect(d.map((x) => `${x.code}@${x.span.start} ${x.message}`), text).toEqual([`H0110@${at} ${says}`]);
      expect(applyFix(text, d[0]!)).toBe(fixed);
      expect(parse(fixed, "t.sys").diagnostics).toEqual([]);
    }
    expect(recover("let x = {\nlet y = 2\n").names).toEqual(["x", "y"]);
    // Closed, but what is inside is not a field: one error at it, none for the brace that closes it.
    const r = recover("let x = { let y = 2 }\nlet z = 1\n");
    expect(r.errors).toEqual(["H0110 let@10 expected a field (`name = value`), found `let`"]);
    expect(r.names).toContain("z");
  });

  it("habits of other languages: `:` for `=` in a field and `=` for `==` in a rule, one error each, read as meant", () => {
    const applyAll = (text: string) => applyEdits(text, parse(text, "t.sys").diagnostics.flatMap((d) => d.fix?.edits ?? []));
    const colons = recover("let r = { cpu: 2, memory:1GiB }\nservice api {\n  replicas: 3\n}\n");
    expect(colons.errors).toEqual(["H0110 :@13 a field is set with `=`, not `:`", "H0110 :@24 a field is set with `=`, not `:`", "H0110 :@56 a field is set with `=`, not `:`"]);
    const r = (colons.tree.decls[0] as A.LetDecl).value as A.RecordExpr;
    expect(r.fields.map((f) => `${f.path[0]!.name} ${f.value?.kind}`)).toEqual(["cpu Int", "memory Unit"]);
    expect(applyAll("let r = { cpu: 2, memory:1GiB }\nservice api {\n  replicas: 3\n}\n")).toBe("let r = { cpu = 2, memory = 1GiB }\nservice api {\n  replicas = 3\n}\n");

    const rule = recover('service api {\n  place {\n    on tier = "web"\n    spread by\n  }\n}\n');
    expect([...rule.errors].sort()).toEqual(["H0110 =@36 a rule compares a label with `==`; `=` sets a field", "H0110 ∅@57 expected a label name (such as `zone`), found the end of the line"]);
    const place = ((rule.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields[0]!.value as A.PlaceExpr;
    expect(place.rules[0]).toMatchObject({ kind: "OnRule", selector: { kind: "SelCompare", op: "==", label: { name: "tier" } } });
    expect(applyAll('service api {\n  place {\n    on tier = "web"\n  }\n}\n')).toBe('service api {\n  place {\n    on tier == "web"\n  }\n}\n');
  });

  it("an import's path without quotes is one error, with the quotes as its fix", () => {
    for (const [line, path] of [["import std/services { systemdService }", "std/services"], ["import ./lib/x as x", "./lib/x"], ["import ../y", "../y"]] as const) {
      const d = parse(line + "\nlet a = 1\n", "t.sys").diagnostics;
      expect(d.map((x) => x.message), line).toEqual([`an import's path is a string: \`import "${path}"\``]);
      expect(d[0]!.fix!.edits).toEqual([{ span: { start: 7, end: 7 + path.length }, newText: `"${path}"` }]);
    }
  });

  it("a line whose quotes do not pair up is one error, without a fix; a string left open at its end alone keeps `\"` as its fix", () => {
    const r = parse('let zones = [fsn1", "nbg1", "hel1"]\nlet ok = "x"\n', "t.sys");
    expect(r.diagnostics.map((d) => [d.code, d.span.start, d.message, d.fix])).toEqual([["H0102", 17, 'the quotes on this line do not pair up: a `"` is missing (or one too many) here or earlier in the line', undefined]]);
    expect(r.tree.decls.map((d) => d.kind)).toEqual(["LetDecl", "LetDecl"]);
    const typing = parse('let s = "abc\nlet ok = "x"\n', "t.sys");
    expect(typing.diagnostics.map((d) => [d.code, d.fix?.edits[0]?.newText])).toEqual([["H0102", '"']]);
    // A list item that lost its opening quote: what the line above lacks (`]`, found `/`) is the same mistake.
    const item = 'service s {\n  run = container {\n    volumes = [\n      "/var/lib/a:/opt/a",\n      /var/lib/b:/opt/b",\n    ]\n  }\n}\nlet ok = 1\n';
    expect(recover(item).errors).toEqual(['H0102 /var/lib/b:/opt/b",@81 the quotes on this line do not pair up: a `"` is missing (or one too many) here or earlier in the line']);
  });

  it("after a line whose quotes do not pair up, the rest of its declaration is not reported again", () => {
    const text = 'service s {\n  run = container {\n    volumes = [\n      /var/lib/a:/opt/a",\n      "/var/lib/b:/opt/b",\n    ]\n  }\n  health = 1\n}\nlet d = {\n  x = \n}\n';
    const r = recover(text);
    expect(r.errors.map((e) => e.split(" ").slice(0, 2).join(" "))).toEqual(['H0102 /var/lib/a:/opt/a",@54', "H0110 ∅@141"]);
    expect(r.names).toEqual(["s", "d"]);
  });

  it("indented lines right below a line with a syntax error are the rest of its declaration, not declarations whose first line is gone", () => {
    const r = recover('import "st\n  container,\n  http,\n}\n\nlet x = 1\n');
    expect(r.errors.map((e) => e.slice(0, 5))).toEqual(["H0102"]);
    expect(r.names).toContain("x");
    // Below a line without an error, they still are.
    expect(recover("let a = 1\n  replicas = 2\n").errors.map((e) => e.slice(0, 5))).toEqual(["H0112"]);
  });

  it("a line that ends inside a string (being typed): what it opened before the string is left open too, one error, closed by the fix", () => {
    const text = 'let r = {\n  password = secret("db/pass\n  databases = ["shop"]\n}\nlet s = "x ${join(xs, "\nlet t = 1\n';
    const r = parse(text, "t.sys");
    expect(r.diagnostics.map((d) => [d.message, d.fix?.edits[0]?.newText])).toEqual([
      ['this string is not closed before the end of the line: add `")`', '")'],
      ['this interpolation is not closed before the end of the line: add `")`, `}` and `"`', '")}"'],
    ]);
    expect(r.tree.decls.map((d) => d.kind)).toEqual(["LetDecl", "LetDecl", "LetDecl"]);
    const fixed = applyEdits(text, r.diagnostics.flatMap((d) => d.fix!.edits));
    expect(parse(fixed, "t.sys").diagnostics).toEqual([]);
  });

  it("a `\"\"\"` string never closed ends before the first line indented less than its opening line: one error at its `\"\"\"`, the declarations after it read", () => {
    const node = 'node nas {\n  nixos = {\n    exports = """\n      /srv/media  lan(ro)\n      /srv/backup lan(rw)\n\n  }\n}\nlet after = 1\n';
    const r = recover(node);
    expect(r.errors).toEqual(['H0102 """@37 this string is not closed: add `"""` where its text ends']);
    expect(r.names).toEqual(["nas", "after"]);
    const fixed = withFirstFix(node);
    expect(fixed).toContain('/srv/backup lan(rw)\n      """\n');
    expect(parse(fixed, "t.sys").diagnostics).toEqual([]);
    // At the top, a declaration at the start of a line ends it; begun and not yet written, it closes where it opens.
    const top = 'let conf = """\nlet b = 1\n';
    expect(recover(top).names).toEqual(["conf", "b"]);
    expect(withFirstFix(top)).toBe('let conf = """"""\nlet b = 1\n');
    // Its closing quotes short of one or two: the fix adds them there.
    const short = 'let a = """\n  x\n  ""\nlet b = 2\n';
    expect(recover(short).errors).toHaveLength(1);
    expect(parse(withFirstFix(short), "t.sys").diagnostics).toEqual([]);
    // With another `"""` string below, the first is not closed by the second's opening quotes.
    const two = 'node n {\n  nixos = {\n    a = """\n      x\n  }\n}\nlet b = """\n  y\n  """\n';
    expect(recover(two).errors).toEqual(['H0102 """@29 this string is not closed: add `"""` where its text ends']);
    expect(recover(two).names).toEqual(["n", "b"]);
  });

  it("a string whose lines are indented less than its opening line, closed, is read whole", () => {
    const text = 'node n {\n  nixos = {\n    x = """\n  one\n"""\n  }\n}\n';
    const r = parse(text, "t.sys");
    expect(r.diagnostics).toEqual([]);
    const d = r.tree.decls[0] as A.NodeDecl;
    expect(JSON.stringify(d.body)).toContain("one");
  });

  it("a `\"\"\"` that lost a quote (`\"\"` ending its line above the string's lines and `\"\"\"`): one error, the third quote as its fix", () => {
    const text = 'node nas {\n  nixos = {\n    exports = ""\n      /srv/media  lan(ro)\n      """\n  }\n}\nlet after = 1\n';
    const r = recover(text);
    expect(r.errors).toEqual(['H0102 ""@37 this multi-line string opens with two quotes: write `"""`']);
    expect(r.names).toEqual(["nas", "after"]);
    expect(parse(withFirstFix(text), "t.sys").diagnostics).toEqual([]);
    // An empty string that ends its line is one: the next line is not indented more, or no line holds only `"""`.
    expect(parse('let a = ""\nlet b = """\n  x\n  """\n', "t.sys").diagnostics).toEqual([]);
    expect(parse('let a = {\n  x = ""\n    + """\n      y\n      """\n}\n', "t.sys").diagnostics).toEqual([]);
  });

  it("a `\"\"\"` whose opening line is gone: one error at the closing quotes, the lines above them not reported as code", () => {
    const text = 'node nas {\n  nixos = {\n    zfs = true\n      /srv/media  lan(ro)\n      /srv/backup lan(rw)\n      """\n  }\n}\nlet after = 1\n';
    const r = recover(text);
    expect(r.errors).toEqual(['H0102 """@96 this `"""` closes no string: its opening `"""` is missing, and the lines above it (from line 4) are read as code']);
    expect(r.names).toEqual(["nas", "after"]);
  });

  it("an error inside `${ … }` is one error: recovery goes on after its `}`, and the string's other lines and the fields after it are read", () => {
    const text = 'let r = {\n  conf = """\n    upstream a { ${(a.endpoints, "; server ")}; }\n    upstream b { ${join(b.endpoints, "; server ")}; }\n    """\n  port = 2\n}\nlet after = 1\n';
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 ,@54 expected `)`, found `,`"]);
    expect(r.names).toEqual(["r", "after"]);
    const fields = ((r.tree.decls[0] as A.LetDecl).value as A.RecordExpr).fields.map((f) => f.path.map((p) => p.name).join("."));
    expect(fields).toEqual(["conf", "port"]);
    expect(recover('let s = "x ${f(a b, c)} y ${c}"\nlet after = 1\n').errors).toHaveLength(1);
    // A `)` left out before the `}`: that `}` still closes the `${`, and the fix inserts the `)`.
    const paren = 'let conf = """\n  upstream a { server ${join(a, "; server "}; }\n  upstream b { server ${join(b, "; server ")}; }\n  """\nlet after = 1\n';
    const p = parse(paren, "t.sys");
    expect(p.diagnostics.map((d) => [d.message, d.fix?.edits[0]?.newText])).toEqual([["expected `)`, found `}`", ")"]]);
    expect(parse(applyFix(paren, p.diagnostics[0]!), "t.sys").diagnostics).toEqual([]);
  });

  it("one syntax error a line: the ones after it on its line are recovery finding its feet, unless they repeat it", () => {
    expect(recover("let r = {\n  packages = [pkgs.htop pkgs.curl, pkgs.jq]\n  x = 1\n}\n").errors).toHaveLength(1);
    // A name lost before a member (`.htop`, `zone = .location`): one error at the `.`, the rest of the line read.
    expect(recover("let r = {\n  packages = [.htop, pkgs.curl, pkgs.jq]\n  x = 1\n}\n").errors).toEqual(["H0110 .@24 a name is missing before `.htop`"]);
    expect(recover('pool web {\n  labels = { tier = "web", zone = .location, provider = "h" }\n}\nlet z = 1\n').errors).toEqual(["H0110 .@45 a name is missing before `.location`"]);
    // A dotted field being typed keeps its path (the editor completes its fields), as a `.` after a name is no lost one.
    const typing = recover("base {\n  ssh.\n}\n");
    expect(((typing.tree.decls[0] as A.BaseDecl).body!.fields).map((f) => f.path.map((k) => k.name))).toEqual([["ssh"]]);
    // The same message again, without a fix, is an echo too (`[` lost: an error at each `,`), on its line or the lines right after.
    expect(recover("let r = {\n  packages = pkgs.htop, pkgs.curl, pkgs.jq]\n  x = 1\n}\n").errors).toHaveLength(1);
    expect(recover('let c = {\n  image = "x"\n    "/a:/b",\n    "/c:/d",\n  ]\n}\n').errors.filter((e) => e.includes("found `,`"))).toHaveLength(1);
    // Characters no token starts with, after the line's error (a comment that lost its `//`), are what recovery skipped.
    expect(recover("/)/ site.sys — the company's setup\nlet a = 1\n").errors).toEqual(["H0110 /@0 expected a declaration (import, base, pool, node, service, let, type, fn, policy or terraform), found `/`"]);
    // Without an error before them, each is one.
    expect(recover("let a = 'x' + 'y'\n").errors).toHaveLength(2);
  });

  it("a line cut short, or with an error, that leaves open a `{` it opened (the next line no deeper), or lost one: the `}` missing or unmatched later is not reported again", () => {
    for (const cut of ['  resources = { cpu = 100m, memory = 256Mi\n', '  env = { X = secret(\n', '  labels = { a = "owner of \n', '  health = http  port = 3000, path = "/x" }\n']) {
      const text = `service s {\n  replicas = 1\n${cut}  version = "1"\n}\nservice t {\n  replicas = 2\n}\n`;
      expect(parse(text, "t.sys").diagnostics.filter((d) => d.severity === "error"), cut).toHaveLength(1);
    }
    // A `{` typed at the end of a list's item: not also "expected a field" on the line after it.
    const dns = readFileSync(new URL("../../examples/homelab/dns.sys", import.meta.url), "utf8");
    const item = '"/var/lib/adguard/conf:/opt/adguardhome/conf",';
    expect(dns).toContain(item);
    expect(parse(dns.replace(item, `${item} {`), "dns.sys").diagnostics.map((d) => d.message.slice(0, 30))).toEqual(["expected `}`: the `{` on line "]);
  });

  it("a string left open inside a `\"\"\"` string's `${ … }` closes that `${` too: one error, the string's lines after it read as its own", () => {
    const typing = 'let a = """\n  upstream { ${join(xs, "; }\n  more\n  """\nlet after = 1\n';
    const r = parse(typing, "t.sys");
    expect(r.diagnostics.map((d) => [d.code, d.fix?.edits[0]?.newText])).toEqual([["H0102", '")}']]);
    expect(r.tree.decls.map((d) => d.kind)).toEqual(["LetDecl", "LetDecl"]);
    expect(parse(applyFix(typing, r.diagnostics[0]!), "t.sys").diagnostics).toEqual([]);
    // A quote lost in it: the line's quotes do not pair up, one error.
    const lost = 'let a = """\n  upstream { ${join(xs, ; ")}; }\n  more\n  """\nlet after = 1\n';
    expect(recover(lost).errors).toEqual(['H0102 ; ")}; }@36 the quotes on this line do not pair up: a `"` is missing (or one too many) here or earlier in the line']);
  });

  it("a call left open before a line that sets a field, indented no more than the call's line, ends there: one error, `)` as the fix", () => {
    const text = 'let db = {\n  password = secret("db/pass"\n  databases = ["shop"]\n}\nlet after = 1\n';
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 ∅@40 expected `)`, found the end of the line"]);
    expect(parse(withFirstFix(text), "t.sys").diagnostics).toEqual([]);
    // A map's quoted key starts such a line too (a quote lost before `http://` makes the rest of the line a comment).
    const hosts = 'let m = {\n  "a.example.org" = proxy(http://${a}", acme = true)\n  "b.example.org" = proxy("http://b", acme = true)\n}\n';
    expect(recover(hosts).errors).toEqual(["H0110 :@40 expected `)`, found `:`"]);
    // Named arguments indented inside the call are its arguments.
    expect(parse('let p = proxy(\n  "http://a",\n  acme = true)\n', "t.sys").diagnostics).toEqual([]);
    // A function's parameters cut short above its body: the body's fields are no parameters, at any indentation.
    const header = recover("fn cache(port: Port, pas\n  replicas = 1\n  place {\n    max 1 per node\n  }\n}\nlet after = 1\n");
    expect(header.errors).toEqual(["H0110 ∅@24 expected `)`, found the end of the line"]);
    expect(header.names).toContain("after");
  });

  it("a `}` one too many inside a list or record whose items go on, indented, below: one error, its removal as the fix, the items kept", () => {
    const text = 'let c = {\n  volumes = [}\n    "/a:/b",\n    "/c:/d",\n  ]\n  image = "x"\n}\n';
    const r = recover(text);
    expect(r.errors).toEqual(["H0110 }@23 unmatched `}` inside a list: its items go on below"]);
    const fields = ((r.tree.decls[0] as A.LetDecl).value as A.RecordExpr).fields;
    expect(fields.map((f) => f.path[0]!.name)).toEqual(["volumes", "image"]);
    expect((fields[0]!.value as A.ListExpr).items).toHaveLength(2);
    expect(parse(withFirstFix(text), "t.sys").diagnostics).toEqual([]);
    // After a field, in a record whose fields go on below: the record's other fields stay its own.
    const record = 'service s {\n  rollout = {\n    maxUnavailable = 1}\n    maxSurge = 1\n  }\n}\n';
    const rr = recover(record);
    expect(rr.errors).toEqual(["H0110 }@48 unmatched `}` inside a record: its fields go on below"]);
    const rollout = ((rr.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields[0]!.value as A.RecordExpr;
    expect(rollout.fields.map((f) => f.path[0]!.name)).toEqual(["maxUnavailable", "maxSurge"]);
    // A record closed on its last field's line, its block going on at its own indentation, is well formed.
    expect(parse('service s {\n  rollout = {\n    maxUnavailable = 1 }\n  health = 1\n}\n', "t.sys").diagnostics).toEqual([]);
  });

  it("a string left open that took the `}` of a `{` opened on its line: one error, the `\"` before the `}` as the fix", () => {
    const text = 'let a = {\n  env = { X = "abc }\n  y = 1\n}\nlet b = 2\n';
    const r = recover(text);
    expect(r.errors).toEqual(['H0102 ∅@28 this string is not closed before the end of the line: add `"`']);
    expect(withFirstFix(text)).toContain('{ X = "abc" }');
    expect(parse(withFirstFix(text), "t.sys").diagnostics).toEqual([]);
    // A declaration without a name (`policy {`) at the start of a line ends the block left open above it: its rules are its own.
    const policy = 'node b {\n  address = "192.0.2.1"\n  labels = { tier = "build", provider = "own }\n  sshUser = "deploy"\n}\n\npolicy {\n  survive 1 node failure\n  maxUtilization = 0.8\n}\n';
    expect(recover(policy).errors).toEqual(['H0102 ∅@77 this string is not closed before the end of the line: add `"`']);
    expect(recover(policy).names).toEqual(["b", "PolicyDecl"]);
    expect(parse(withFirstFix(policy), "t.sys").diagnostics).toEqual([]);
    // An interpolation whose `}` is lost: one error for the line, the `{`'s `}` taken with it.
    const interp = 'service s {\n  run = container {\n    env = { URL = "postgres://${db.endpoints[0]/shop" }\n  }\n}\nlet b = 2\n';
    expect(recover(interp).errors).toEqual(['H0102 ${db.endpoints[0]/shop" }@62 an interpolation `${` on this line is not closed: a `}` is missing (or a `"`) here or earlier in the line']);
  });

  it("a string in single quotes is one error, read as the string, with double quotes as the fix", () => {
    const text = "let s = 'hello'\nlet n = 1\n";
    const r = recover(text);
    expect(r.errors).toEqual(["H0101 'hello'@8 unexpected `'`: strings use double quotes: `\"hello\"`"]);
    expect(r.names).toEqual(["s", "n"]);
    expect((r.tree.decls[0] as A.LetDecl).value).toMatchObject({ kind: "String", parts: [{ kind: "Text", value: "hello" }] });
    const fixed = withFirstFix(text);
    expect(fixed).toBe('let s = "hello"\nlet n = 1\n');
    // Holding a double quote, or not closed on its line: the quote alone is reported.
    expect(recover("let s = 'a\"b'\n").errors[0]).toBe("H0101 '@8 unexpected `'`: strings use double quotes");
  });

  it("a unit after a space is one error, with the space's removal as its fix", () => {
    const text = "let r = { memory = 512 MiB, cpu = 2 }\nlet t = 1.5  h\n";
    const d = parse(text, "t.sys").diagnostics;
    expect(d.map((x) => `${x.code} ${text.slice(x.span.start, x.span.end)} ${x.message}`)).toEqual(["H0110 MiB a unit is written right after its number: `512MiB`", "H0110 h a unit is written right after its number: `1.5h`"]);
    const fixed = applyEdits(text, d.flatMap((x) => x.fix!.edits));
    expect(fixed).toBe("let r = { memory = 512MiB, cpu = 2 }\nlet t = 1.5h\n");
    // Not a unit's name, or not on the number's line: the usual messages.
    expect(parse("let x = 512 foo\n", "t.sys").diagnostics[0]!.message).not.toContain("unit");
  });

  it("a wrong closing bracket: one error, and the right one as its fix", () => {
    const text = 'let r = { exec = "x" ]\nlet y = 2';
    const d = parse(text, "t.sys").diagnostics;
    expect(d.map((x) => `${x.code} ${x.message}`)).toEqual(["H0110 expected `}`, found `]`"]);
    expect(d[0]!.fix).toEqual({ message: "write `}`", edits: [{ span: { start: 21, end: 22 }, newText: "}" }] });
  });

  it("a misspelled placement rule: one error with a suggestion, the other rules kept", () => {
    const r = recover("service api {\n  place {\n    spred by zone\n    max 1 per node\n  }\n  replicas = 2\n}\n");
    expect(r.errors).toEqual(["H0110 spred@28 `spred` is not a placement rule; did you mean `spread`?"]);
    const fields = ((r.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields;
    expect((fields[0]!.value as A.PlaceExpr).rules.map((x) => x.kind)).toEqual(["MaxPerNodeRule"]);
    expect(fields[1]!.path[0]!.name).toBe("replicas");
  });

  it("missing separators are one precise error each", () => {
    expect(recover("let x = [1 2, 3]").errors).toEqual(["H0111  @10 expected `,` between list items"]);
    expect(recover("let y = { a = 1 b = 2 }").errors).toEqual(["H0111  @15 expected a line break or `,` between fields"]);
  });

  it("a half-typed member access keeps the rest of the record", () => {
    const r = recover("service api {\n  run = hcloud.\n  replicas = 2\n}\n");
    expect(r.errors).toHaveLength(1);
    const fields = ((r.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields;
    expect(fields.map((f) => f.path[0]!.name)).toEqual(["run", "replicas"]);
    expect((fields[0]!.value as A.MemberExpr).member).toBeUndefined();
  });

  it("other single mistakes give exactly one error, and the next declaration survives", () => {
    const cases: [string, string][] = [
      ["let x = (1 + 2))\nlet y = 3", "y"],
      ["let x 5\nlet y = 3", "y"],
      ["let x = 1;\nlet y = 2", "y"],
      ["let x = 1 +\nlet y = 2", "y"],
      ["let x = 1 < 2 < 3\nlet y = 2", "y"],
      ['let a = "abc\nlet y = 2', "y"],
    ];
    for (const [text, next] of cases) {
      const r = recover(text);
      expect(r.errors, text).toHaveLength(1);
      expect(r.names, text).toContain(next);
    }
  });
});

describe("parser: a selector operand that is no label condition", () => {
  it.each([
    ['on 10sssd &&\n arch == "x86_64"', "10sssd"],
    ['on 5 || zone == "a"', "5"],
    ['on zone == "a" && 7', "7"],
  ])("`%s`: one error at `%s`, the rest of the block kept", (rule, bad) => {
    const text = `service db {\n  place {\n    ${rule}\n    avoid web\n  }\n}\n`;
    const r = parse(text);
    expect(r.diagnostics.map((d) => `${d.code} ${text.slice(d.span.start, d.span.end)}`)).toEqual([`H0110 ${bad}`]);
    const place = ((r.tree.decls[0] as A.ServiceDecl).value as A.RecordExpr).fields[0]!.value as A.PlaceExpr;
    expect(place.rules.map((x) => x.kind)).toContain("AvoidRule");
  });
});

describe("parser: amounts that are not whole", () => {
  it.each([
    ["0.5m", "1m"],
    ["0.4m", "1m"],
    ["1.5B", "2B"],
    ["2.5ms", "3ms"],
    ["1.0001s", "1s"],
    ["1.3MiB", "1363149B"],
    ["1.0005KB", "1001B"],
  ])("`%s` is H0105 with an edit to the nearest whole amount, `%s`", (literal, whole) => {
    const text = `let x = ${literal}`;
    const r = parse(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["H0105"]);
    const edit = r.diagnostics[0]!.fix!.edits[0]!;
    expect(text.slice(edit.span.start, edit.span.end)).toBe(literal);
    expect(edit.newText).toBe(whole);
    // The edit gives a literal that reads without diagnostics.
    expect(parse(`let x = ${edit.newText}`).diagnostics).toEqual([]);
  });
});
