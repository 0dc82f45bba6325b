import { describe, expect, it } from "vitest";
import { showValue } from "../../language/eval/values.js";
import { applyFix } from "../helpers/apply-edits.js";
import { analyzeFiles, describeDiagnostics } from "../helpers/memory-workspace.js";

const header = `import "std/services" { systemdService, postgres, http }\n`;

function check(src: string): string[] {
  return describeDiagnostics(analyzeFiles({ "main.sys": header + src })).filter((d) => !d.startsWith("H0209") && !d.startsWith("H0505")).map((d) => d.replace(/main\.sys:(\d+)/, (_, l) => `L${Number(l) - 1}`));
}

describe("type checking", () => {
  it("checks records against schemas: unknown fields with did-you-mean", () => {
    expect(check(`service api {\n  run = systemdService { exec = "x" }\n  replcas = 3\n}`)).toEqual([
      "H0302 L3:3 unknown field `replcas` in `Service`; did you mean `replicas`?",
    ]);
  });

  it("a field swapped with the first line of the block below it, which lacks it: one error, moving it into the block its fix", () => {
    const src = `service api {\n  replicas = 2\n    exec = "/bin/api"\n  run = systemdService {\n    restart = "always"\n  }\n  resources = { cpu = 1, memory = 1GiB }\n}\n`;
    expect(check(src)).toEqual(["H0302 L3:5 `exec` belongs in `systemdService` below, not here: it and the line below it are swapped"]);
    const a = analyzeFiles({ "main.sys": header + src });
    const fixed = applyFix(header + src, a.diagnostics.find((d) => d.code === "H0302")!);
    expect(fixed).toContain(`  run = systemdService {\n    exec = "/bin/api"\n    restart = "always"\n`);
    expect(describeDiagnostics(analyzeFiles({ "main.sys": fixed })).filter((d) => !d.startsWith("H0505") && !d.startsWith("H0209"))).toEqual([]);
    // A record literal's field the same; and where the block has the field already, it is only unknown here.
    expect(check(`service api {\n  replicas = 2\n  run = systemdService { exec = "x" }\n    memory = 1GiB\n  resources = {\n    cpu = 1\n  }\n}\n`)).toEqual(["H0302 L4:5 `memory` belongs in `Resources` below, not here: it and the line below it are swapped"]);
    expect(check(`service api {\n  replicas = 2\n    exec = "/bin/api"\n  run = systemdService {\n    exec = "/bin/b"\n  }\n}\n`)[0]).toMatch(/^H0302 L3:5 unknown field `exec` in `Service`/);
  });

  it("a block's `}` swapped with the next field's `x {` line: one error, swapping them back its fix, x's fields not reported one by one", () => {
    const src = `base {\n  timeSync = {\n    daemon = "chrony"\n  nix {\n  }\n    gcOlderThan = 14d\n    trustedUsers = ["root"]\n  }\n}\n`;
    expect(check(src)).toEqual(["H0302 L4:3 unknown field `nix` in `TimeSync`: `nix {` and the `}` below it look swapped, so the fields meant for `nix` are read as `TimeSync`'s"]);
    const a = analyzeFiles({ "main.sys": header + src });
    const fixed = applyFix(header + src, a.diagnostics.find((d) => d.code === "H0302")!);
    expect(fixed).toContain(`    daemon = "chrony"\n  }\n  nix {\n    gcOlderThan`);
    expect(check(fixed.slice(header.length))).toEqual([]);
    // An empty block with nothing after it is only unknown.
    expect(check(`base {\n  timeSync = {\n    daemon = "chrony"\n    nix {\n    }\n  }\n}\n`)[0]).toMatch(/^H0302 L4:5 unknown field `nix` in `TimeSync`; fields are/);
  });

  it("reports missing required fields on the declaration, with a fix that adds them", () => {
    const a = analyzeFiles({ "main.sys": "service api {\n  replicas = 2\n}" });
    expect(describeDiagnostics(a).filter((d) => !d.startsWith("H0505"))).toEqual(["H0303 main.sys:1:9 service `api` is missing the field `run` (Run)"]);
    expect(a.diagnostics[0]!.fix!.edits[0]!.newText).toBe('\n  run = { kind = "systemd", exec = "" }');
  });

  it("checks units: a plain number where an amount is expected", () => {
    const a = analyzeFiles({ "main.sys": "let r: Resources = { cpu = 2, memory = 512 }" });
    expect(describeDiagnostics(a)).toEqual(["H0301 main.sys:1:40 expected Bytes, found Int: a number needs a unit here; write 512MiB"]);
    expect(a.diagnostics[0]!.fix!.edits[0]).toMatchObject({ newText: "MiB" });
  });

  it("offers to unquote a number, an amount or a boolean written as a string, where one is expected", () => {
    const a = analyzeFiles({ "main.sys": 'let n: Int = "3"\nlet r: Resources = { cpu = "500m", memory = "512MiB" }\nlet b: Bool = "true"\nlet d: Duration = "10s"\nlet s: Int = "three"\nlet m: Bytes = "10s"' });
    expect(describeDiagnostics(a)).toEqual([
      "H0301 main.sys:1:14 expected Int, found String: write it without quotes",
      "H0301 main.sys:2:28 expected Cpu, found String: write it without quotes",
      "H0301 main.sys:2:45 expected Bytes, found String: write it without quotes",
      "H0301 main.sys:3:15 expected Bool, found String: write it without quotes",
      "H0301 main.sys:4:19 expected Duration, found String: write it without quotes",
      "H0301 main.sys:5:14 expected Int, found String",
      "H0301 main.sys:6:16 expected Bytes, found String",
    ]);
    expect(a.diagnostics.slice(0, 5).map((d) => d.fix!.edits[0]!.newText)).toEqual(["3", "500m", "512MiB", "true", "10s"]);
    expect(a.diagnostics[0]!.fix!.edits[0]!.span).toEqual({ start: 13, end: 16 });
  });

  it("offers the package path for a package name written in quotes", () => {
    const a = analyzeFiles({ "main.sys": 'let ps: [Package] = ["chrony", "python3Packages.requests", "pkgs.shop-api", "no such", "${"x"}", pkgs.htop]\nlet one: Package? = "htop"' });
    expect(describeDiagnostics(a)).toEqual([
      "H0301 main.sys:1:22 expected Package, found String: a package is named, not quoted; write `pkgs.chrony`",
      "H0301 main.sys:1:32 expected Package, found String: a package is named, not quoted; write `pkgs.python3Packages.requests`",
      "H0301 main.sys:1:60 expected Package, found String: a package is named, not quoted; write `pkgs.shop-api`",
      "H0301 main.sys:1:77 expected Package, found String",
      "H0301 main.sys:1:88 expected Package, found String",
      "H0301 main.sys:2:21 expected Package, found String: a package is named, not quoted; write `pkgs.htop`",
    ]);
    expect(a.diagnostics[0]!.fix!.edits[0]).toEqual({ span: { start: 21, end: 29 }, newText: "pkgs.chrony" });
    // The fixed text checks clean.
    const fixed = analyzeFiles({ "main.sys": 'let ps: [Package] = [pkgs.chrony, pkgs.python3Packages.requests, pkgs.shop-api]' });
    expect(describeDiagnostics(fixed)).toEqual([]);
  });

  it("offers quotes for a number or a boolean where text is expected, and a join for a list of text in a string", () => {
    const a = analyzeFiles({ "main.sys": 'let labels: {String: String} = { rack = 3, ssd = true, weight = 1.5 }\nlet v: "1" | "2" = 2\nlet p: Port = 3\nlet hosts = ["a", "b"]\nlet s = "--hosts=${hosts}"\nlet n = "${[1, 2]}"' });
    expect(describeDiagnostics(a)).toEqual([
      "H0301 main.sys:1:41 expected String, found Int: text is written in quotes; write `\"3\"`",
      "H0301 main.sys:1:50 expected String, found Bool: text is written in quotes; write `\"true\"`",
      "H0301 main.sys:1:65 expected String, found Float: text is written in quotes; write `\"1.5\"`",
      'H0301 main.sys:2:20 expected "1" | "2", found Int: text is written in quotes; write `"2"`',
      'H0309 main.sys:5:20 cannot interpolate [String] into a string: join its items first, e.g. `${join(hosts, ",")}`',
      'H0309 main.sys:6:12 cannot interpolate [Int] into a string: only text, numbers, Bools and packages can be; make its items text and join them: `join([for x in …: toString(x)], ",")`',
    ]);
    expect(a.diagnostics.map((d) => d.fix?.edits[0]?.newText)).toEqual(['"3"', '"true"', '"1.5"', '"2"', 'join(hosts, ",")', undefined]);
  });

  it("offers to put one value in a list where a list is expected, and to take it out of a list of one where one value is", () => {
    const a = analyzeFiles({ "main.sys": 'let ports: [Port] = 8080\nlet names: [String] = "a"\nlet exec: String = ["/bin/x"]\nlet two: String = ["a", "b"]' });
    expect(describeDiagnostics(a)).toEqual([
      "H0301 main.sys:1:21 expected [Port], found Int: a list is expected here; write `[8080]`",
      'H0301 main.sys:2:23 expected [String], found String: a list is expected here; write `["a"]`',
      'H0301 main.sys:3:20 expected String, found [String]: one value is expected here, not a list; write `"/bin/x"`',
      "H0301 main.sys:4:19 expected String, found [String]",
    ]);
    expect(a.diagnostics.slice(0, 3).map((d) => [d.fix!.message, d.fix!.edits[0]!.newText])).toEqual([
      ["put it in a list", "[8080]"],
      ["put it in a list", '["a"]'],
      ["take it out of the list", '"/bin/x"'],
    ]);
  });

  it("accepts plain numbers as cores for Cpu, and arithmetic on amounts of one kind", () => {
    const a = analyzeFiles({ "main.sys": "let n = 3\nlet r: Resources = { cpu = n * 250m + 1, memory = 2GiB + 512MiB, disk = 10GB }" });
    expect(describeDiagnostics(a)).toEqual([]);
    const v = a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get("r")!);
    expect(v.t === "record" && [...v.fields].map(([k, x]) => `${k}=${(x as { v: number }).v}`)).toEqual(["cpu=1750", "memory=2684354560", "disk=10000000000"]);
  });

  it("offers the interpolation meant for text added to a number", () => {
    for (const [value, fixed] of [
      ['"port " + port', '"port ${port}"'],
      ['port + "/tcp"', '"${port}/tcp"'],
      ['"v${port}-" + 2', '"v${port}-${2}"'],
    ]) {
      const src = `let port = 80\nlet a = ${value}\n`;
      const out = applyFix(src, analyzeFiles({ "main.sys": src }).diagnostics.find((x) => x.code === "H0312")!);
      expect(out).toBe(`let port = 80\nlet a = ${fixed}\n`);
      expect(analyzeFiles({ "main.sys": out }).diagnostics).toEqual([]);
    }
    // An amount needs its unit chosen to be text (H0309): no fix guesses it.
    expect(analyzeFiles({ "main.sys": 'let a = "m " + 1GiB\n' }).diagnostics.find((x) => x.code === "H0312")!.fix).toBeUndefined();
  });

  it("rejects arithmetic across kinds of amounts", () => {
    expect(check("let x = 2GiB + 10s")).toEqual(["H0312 L1:14 cannot apply `+` to Bytes and Duration: only amounts of one kind add up"]);
  });

  it("checks refinements when values are known: ranges, ports, patterns, literal sets", () => {
    expect(check("let p: Port = 70000")).toEqual(["H0305 L1:15 70000 is out of range: Port must be between 1 and 65535"]);
    expect(check("fn f(n: Int(1..10)): Int = n\nlet x = f(11)")).toEqual(["H0305 L2:11 11 is out of range: Int(1..10) must be between 1 and 10"]);
    expect(check('let s: String(/^[a-z]+$/) = "Abc"')).toEqual(['H0306 L1:29 "Abc" does not match /^[a-z]+$/']);
    expect(check('type Tier = "web" | "data"\nlet t: Tier = "dta"')).toEqual(['H0307 L2:15 "dta" is not a Tier; did you mean "data"?']);
  });

  it("supports optionals and `??`", () => {
    expect(check("let a: Int? = none\nlet b: Int = a ?? 3")).toEqual([]);
    expect(check("let a: Int? = none\nlet b: Int = a")).toEqual(["H0315 L2:14 this value may be none, but Int is required: give a fallback with `?? …`"]);
    // The fix adds a fallback of the type wanted, where the value may be none (each branch of an `if`).
    for (const [value, fixed] of [
      ["a", "a ?? 0"],
      ["if true then a else 1", "if true then a ?? 0 else 1"],
      ["a ?? a", "(a ?? a) ?? 0"],
    ]) {
      const src = `let a: Int? = none\nlet b: Int = ${value}\n`;
      const out = applyFix(src, analyzeFiles({ "main.sys": src }).diagnostics.find((x) => x.code === "H0315")!);
      expect(out).toBe(`let a: Int? = none\nlet b: Int = ${fixed}\n`);
      expect(analyzeFiles({ "main.sys": out }).diagnostics).toEqual([]);
    }
  });

  it("checks function calls: arity, names, types", () => {
    const fn = "fn worker(name: String, count: Int = 1): Int = count\n";
    expect(check(fn + 'let a = worker("x", 2, 3)')).toEqual(["H0310 L2:24 `worker` takes 2 arguments, found 3"]);
    expect(check(fn + "let a = worker()")).toEqual(["H0310 L2:9 `worker` needs the argument `name` (String)"]);
    // The misspelt name says which argument it meant: that one is not also missing.
    expect(check(fn + 'let a = worker(nme = "x")')).toEqual([
      "H0310 L2:16 `worker` has no parameter `nme`; did you mean `name`?",
    ]);
    expect(check(fn + "let a = worker(1)")).toEqual(["H0301 L2:16 expected String, found Int: text is written in quotes; write `\"1\"`"]);
    expect(check(fn + 'let a = worker { name = "x", cuont = 2 }')).toEqual(["H0310 L2:30 `worker` has no parameter `cuont`; did you mean `count`?"]);
  });

  it("offers the missing arguments, each named with a value of its type, as the fix", () => {
    const fn = 'fn web(name: String, port: Port, tier: "a" | "b" = "a"): String = name\n';
    for (const [call, fixed] of [
      ['web("api")', 'web("api", port = 1)'],
      ["web()", 'web(name = "", port = 1)'],
    ]) {
      const src = header + fn + `let x = ${call}\n`;
      const a = analyzeFiles({ "main.sys": src });
      const out = applyFix(src, a.diagnostics.find((x) => x.code === "H0310")!);
      expect(out).toContain(`let x = ${fixed}`);
      expect(analyzeFiles({ "main.sys": out }).diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    }
  });

  it("reads an argument in order after a named one as the next parameter no argument names: one error, naming it as the fix", () => {
    const fn = "fn web(name: String, port: Port, replicas: Int = 2): String = \"${name}:${port}/${replicas}\"\n";
    const src = header + fn + 'let a = web(name = "blog", 8081, replicas = 3)';
    const a = analyzeFiles({ "main.sys": src });
    expect(describeDiagnostics(a).filter((d) => !d.startsWith("H0209"))).toEqual(["H0310 main.sys:3:28 arguments in order must come before named ones; this one is read as `port`"]);
    const d = a.diagnostics.find((x) => x.code === "H0310")!;
    const fixed = applyFix(src, d);
    expect(fixed).toContain('web(name = "blog", port = 8081, replicas = 3)');
    expect(check(fn + 'let a = web(name = "blog", port = 8081, replicas = 3)')).toEqual([]);
    // Evaluated as checked: the value is the port's.
    expect(showValue(a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get("a")!))).toBe('"blog:8081/3"');
    // None left to read it as: one too many.
    expect(check(fn + 'let a = web(name = "x", port = 1, replicas = 3, 4)')).toEqual(["H0310 L2:49 `web` takes 3 arguments, found 4"]);
  });

  it("never lets a Secret be interpolated, printed or put in raw NixOS options", () => {
    expect(check('let s = secret("k")\nlet a = "pw=${s}"')[0]).toMatch(/^H0308 L2:15 a Secret cannot be interpolated/);
    expect(check('let a = toString(secret("k"))')[0]).toMatch(/^H0308/);
    expect(check('base {\n  nixos { services.x.password = secret("k") }\n}')[0]).toMatch(/^H0308/);
    expect(check('let e: {String: String} = { A = secret("k") }')[0]).toMatch(/^H0308/);
    expect(check('service db {\n  run = postgres { password = secret("db") }\n}')).toEqual([]);
  });

  it("interpolates packages as Nix paths, and rejects amounts without a unit", () => {
    const a = analyzeFiles({ "main.sys": 'let x = "${pkgs.hello}/bin/hello ${1GiB.mib}"' });
    expect(describeDiagnostics(a)).toEqual([]);
    expect(a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get("x")!)).toEqual({ t: "template", parts: [{ pkg: ["hello"] }, "/bin/hello 1024"] });
    expect(check('let y = "${1GiB}"')[0]).toMatch(/^H0309 L1:12 cannot interpolate a Bytes directly/);
  });

  it("reports field access on types without the field", () => {
    expect(check("let r = { a = 1 }\nlet b = r.b")).toEqual(["H0304 L2:11 this record has no field `b`"]);
    // A name cut short, or with a word added: the field it begins, or that begins it.
    expect(check("let r: Resources = { cpu = 1, memory = 1GiB }\nlet b = r.mem\nlet c = r.memoryLimit")).toEqual([
      "H0304 L2:11 `Resources` has no field `mem`; did you mean `memory`?",
      "H0304 L3:11 `Resources` has no field `memoryLimit`; did you mean `memory`?",
    ]);
    expect(check('let m: {String: Int} = { a = 1 }\nlet b = m.a')).toEqual(['H0304 L2:11 maps are read with `[…]`: write `["a"]`']);
  });

  it("discriminates unions of record types by their `kind`", () => {
    expect(check('let h: HealthCheck = { kind = "tcp", port = 80 }')).toEqual([]);
    expect(check('let h: HealthCheck = { kind = "htp", port = 80 }')).toEqual(['H0307 L1:31 `kind` must be one of "http", "tcp", "exec"; did you mean "http"?']);
  });

  it("reports type names used as values and values used as types", () => {
    expect(check("let a = Int")).toEqual(["H0316 L1:9 `Int` is a type, not a value"]);
    expect(check("let n = 1\nlet a: n = 1")).toEqual(["H0313 L2:8 `n` is a constant, not a type"]);
    expect(check("let a: Strng = 1")).toEqual(["H0201 L1:8 unknown type `Strng`; did you mean `String`?"]);
  });

  it("checks conditions and iteration", () => {
    expect(check("let a = if 1 then 2 else 3")).toEqual(["H0301 L1:12 expected Bool, found Int"]);
    expect(check("let a = [for x in 5: x]")).toEqual(["H0314 L1:19 cannot iterate over Int: only lists and maps can be"]);
  });

  it("checks `with` updates against the record's fields", () => {
    expect(check("let r: Resources = {}\nlet s = r with { memry = 1GiB }")).toEqual(["H0302 L2:18 unknown field `memry` in `Resources`; did you mean `memory`?"]);
  });
});
