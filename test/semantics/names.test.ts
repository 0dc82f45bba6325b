import { describe, expect, it } from "vitest";
import { analyzeFiles, describeDiagnostics } from "../helpers/memory-workspace.js";
import { applyEdits, applyFix } from "../helpers/apply-edits.js";

const svc = (name: string, extra = "") => `service ${name} {\n  run = systemdService { exec = "x" }\n${extra}}\n`;
const header = `import "std/services" { systemdService }\n`;

describe("names and imports", () => {
  it("resolves names across files with both import forms", () => {
    const a = analyzeFiles({
      "main.sys": `import "./lib/sizes.sys" as sizes\nimport "./lib/sizes.sys" { small }\nlet a = sizes.big + small`,
      "lib/sizes.sys": "let small = 1GiB\nlet big = 4GiB",
    });
    expect(describeDiagnostics(a)).toEqual([]);
    expect(a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get("a")!)).toEqual({ t: "bytes", v: 5 * 1024 ** 3 });
  });

  it("names Herd's literal for another language's (True, null, nil, None), unless the file declares that name", () => {
    const a = analyzeFiles({ "main.sys": "let a = True\nlet b = null\nlet c: Int? = None\nlet nil = 1\nlet d = nil" });
    expect(describeDiagnostics(a)).toEqual([
      "H0201 main.sys:1:9 unknown name `True`: Herd writes `true`",
      "H0201 main.sys:2:9 unknown name `null`: Herd writes `none`",
      "H0201 main.sys:3:15 unknown name `None`: Herd writes `none`",
    ]);
    expect(a.diagnostics.map((d) => d.fix!.edits[0]!.newText)).toEqual(["true", "none", "none"]);
  });

  it("reports unknown names with a suggestion", () => {
    const a = analyzeFiles({ "main.sys": "let apiPort = 8080\nlet b = apiPrt" });
    expect(describeDiagnostics(a)).toEqual(["H0201 main.sys:2:9 unknown name `apiPrt`; did you mean `apiPort`?"]);
    expect(a.diagnostics[0]!.fix!.edits[0]!.newText).toBe("apiPort");
  });

  it("explains that subtraction needs spaces", () => {
    const a = analyzeFiles({ "main.sys": "let count = 3\nlet b = count-1" });
    expect(describeDiagnostics(a)).toEqual(["H0201 main.sys:2:9 unknown name `count-1`: to subtract, put spaces around `-` (`count - 1`)"]);
  });

  it("reports duplicate declarations with the first one as related information", () => {
    const a = analyzeFiles({ "main.sys": "let x = 1\nlet x = 2" });
    expect(describeDiagnostics(a)).toEqual(["H0202 main.sys:2:5 `x` is declared twice in this file: rename one of them"]);
    expect(a.diagnostics[0]!.related![0]!.message).toContain("first declared here");
  });

  it("lets a pool and a service share a name (machines have their own namespace)", () => {
    const a = analyzeFiles({
      "main.sys": `${header}node db {\n  address = "10.0.0.1"\n  resources = { cpu = 2, memory = 4GiB }\n}\n${svc("db")}${svc("api", '  env = "${db.name}"\n').replace("env", "version")}`,
    });
    expect(describeDiagnostics(a)).toEqual([]);
    expect(a.model.services.find((s) => s.name === "api")!.version).toBe("db");
  });

  it("reports files that cannot be found, with a suggestion", () => {
    const a = analyzeFiles({ "main.sys": 'import "./lib/templtes.sys" as t', "lib/templates.sys": "let x = 1" });
    expect(describeDiagnostics(a)).toEqual(["H0203 main.sys:1:8 cannot find `./lib/templtes.sys`: there is no lib/templtes.sys in the workspace; did you mean `./lib/templates.sys`?"]);
  });

  it("reports unknown standard-library modules with a suggestion", () => {
    const a = analyzeFiles({ "main.sys": 'import "std/hetzer" as h' });
    expect(describeDiagnostics(a)[0]).toBe("H0203 main.sys:1:8 there is no standard-library module `std/hetzer`; did you mean `std/hetzner`?");
  });

  it("reports import cycles once, naming the whole cycle", () => {
    const a = analyzeFiles({ "a.sys": 'import "./b.sys" as b\nlet x = b.y', "b.sys": 'import "./a.sys" as a\nlet y = 1\nlet z = a.x' });
    const cycles = describeDiagnostics(a).filter((d) => d.startsWith("H0204"));
    expect(cycles).toEqual(["H0204 b.sys:1:8 import cycle: a.sys → b.sys → a.sys; move what both files need into a third file that both import"]);
  });

  it("refuses imports that leave the workspace, and malformed paths", () => {
    const a = analyzeFiles({ "main.sys": 'import "../secrets.sys" as s\nimport "/etc/x.sys" as e\nimport "lib.sys" as l' });
    expect(describeDiagnostics(a).map((d) => d.slice(0, 5))).toEqual(["H0205", "H0205", "H0207"]);
    expect(a.diagnostics[2]!.message).toContain("write `./lib.sys`");
  });

  it("reports names a module does not declare", () => {
    const a = analyzeFiles({ "main.sys": 'import "std/services" { postgress }' });
    expect(describeDiagnostics(a)).toEqual(["H0206 main.sys:1:25 `std/services.sys` has no declaration `postgress`; did you mean `postgres`?"]);
  });

  it("reads a declaration with a misspelt keyword as the one meant: its importers and users are not reported too", () => {
    const a = analyzeFiles({
      "main.sys": 'import "./lib/t.sys" { double, z }\nlet x = double(2)\nlet y = z + 1\n',
      "lib/t.sys": "fnn double(n: Int): Int = n * 2\nlett z = 1\n",
    });
    expect(describeDiagnostics(a)).toEqual([
      "H0112 lib/t.sys:1:1 `fnn` does not start a declaration; did you mean `fn`?",
      "H0112 lib/t.sys:2:1 `lett` does not start a declaration; did you mean `let`?",
    ]);
  });

  it("suggests removing a misspelt import of a name the list imports already, not importing it twice", () => {
    for (const [text, fixed] of [
      ['import "std/services" { postgres, postgress }\nlet p = postgres', 'import "std/services" { postgres }\nlet p = postgres'],
      ['import "std/services" { postgress, postgres }\nlet p = postgres', 'import "std/services" { postgres }\nlet p = postgres'],
    ]) {
      const a = analyzeFiles({ "main.sys": text! });
      const d = a.diagnostics.filter((x) => x.code === "H0206");
      expect(d.map((x) => x.message)).toEqual(["`std/services.sys` has no declaration `postgress`; did you mean `postgres`? It is imported already"]);
      expect(applyFix(text!, d[0]!)).toBe(fixed);
    }
  });

  it("a name cut short or misspelt in an import list is its one error: the uses of the name meant wait for it, and one used name is its fix", () => {
    const uses = "service a {\n  run = container { image = \"a\" }\n}\nservice b {\n  run = container { image = \"b\" }\n}\n";
    const cut = 'import "std/services" { co }\n' + uses;
    const a = analyzeFiles({ "main.sys": cut });
    // (Names only: the system has no machines, which is beside the point.)
    expect(describeDiagnostics(a).filter((d) => d.startsWith("H02"))).toEqual(["H0206 main.sys:1:25 `std/services.sys` has no declaration `co`; did you mean `container`? This file uses it"]);
    expect(applyFix(cut, a.diagnostics.find((d) => d.code === "H0206")!)).toBe('import "std/services" { container }\n' + uses);
    const misspelt = analyzeFiles({ "main.sys": 'import "std/services" { contianer }\n' + uses });
    expect(describeDiagnostics(misspelt).filter((d) => d.startsWith("H02")).map((d) => d.slice(0, 5))).toEqual(["H0206"]);
    // A name the module declares that no failed import meant is still unknown, with the import to add.
    const other = analyzeFiles({ "main.sys": 'import "std/services" { co }\n' + uses + "let p = postgres\n" });
    expect(describeDiagnostics(other).filter((d) => d.startsWith("H0201"))).toEqual([expect.stringMatching(/^H0201 main\.sys:8:9 unknown name `postgres`/)]);
  });

  it("warns about unused imports, with the edit that removes them", () => {
    const a = analyzeFiles({ "main.sys": 'import "std/aws" as aws\nlet x = 1' });
    expect(describeDiagnostics(a)).toEqual(["H0209 main.sys:1:21 `aws` is imported but never used"]);
    const fixOf = (text: string) =>
      analyzeFiles({ "main.sys": text })
        .diagnostics.filter((d) => d.code === "H0209")
        .map((d) => `${d.fix!.message}: ${text.slice(0, d.fix!.edits[0]!.span.start) + text.slice(d.fix!.edits[0]!.span.end)}`);
    const use = "\nlet h = http { port = 80 }";
    expect(fixOf(`import "std/services" { http, tcp, redis }${use}`)).toEqual([
      `remove \`tcp\` from the import: import "std/services" { http, redis }${use}`,
      `remove \`redis\` from the import: import "std/services" { http, tcp }${use}`,
    ]);
    expect(fixOf(`import "std/services" { tcp as t, http }${use}`)).toEqual([`remove \`t\` from the import: import "std/services" { http }${use}`]);
    expect(fixOf(`import "std/services" { tcp, redis }${use.replace("http", "{ port = 80 } with")}`).map((x) => x.split(":")[0])).toEqual(["remove the import", "remove the import"]);
    // A module that adds to the system stays imported, bare: its service is still part of it.
    const lib = 'import "std/services" { systemdService }\nlet dbPort = 5432\nservice db {\n  run = systemdService { exec = "x" }\n}\n';
    const a2 = analyzeFiles({ "main.sys": 'import "./lib/db.sys" { dbPort }\nimport "./lib/db.sys" as db\nlet x = 1\n', "lib/db.sys": lib });
    const fixes = a2.diagnostics.filter((d) => d.code === "H0209" && d.file === "main.sys").map((d) => d.fix!);
    expect(fixes.map((f) => f.message)).toEqual([
      'keep it as a bare import (`import "./lib/db.sys"`): what the module declares stays in the system',
      'keep it as a bare import (`import "./lib/db.sys"`): what the module declares stays in the system',
    ]);
    const text = 'import "./lib/db.sys" { dbPort }\nimport "./lib/db.sys" as db\nlet x = 1\n';
    const applied = applyEdits(text, fixes.flatMap((f) => f.edits));
    expect(applied).toBe('import "./lib/db.sys"\nimport "./lib/db.sys"\nlet x = 1\n');
  });

  it("rejects recursion, direct and mutual, and cyclic constants", () => {
    const a = analyzeFiles({ "main.sys": "fn f(n: Int): Int = f(n)\nfn g(n: Int): Int = h(n)\nfn h(n: Int): Int = g(n)\nlet a = b\nlet b = a" });
    expect(describeDiagnostics(a).map((d) => d.split(" ").slice(0, 2).join(" "))).toEqual([
      // One diagnostic per cycle, at its first member.
      "H0211 main.sys:1:21",
      "H0211 main.sys:2:21",
      "H0212 main.sys:4:9",
    ]);
  });

  it("allows more than one entry file; the system is their union", () => {
    const a = analyzeFiles({
      "web.sys": `${header}import "./db.sys" { db }\n${svc("web", "  place {\n    avoid db\n  }\n")}`,
      "db.sys": `${header}${svc("db")}`,
      "nodes.sys": 'node box {\n  address = "10.0.0.1"\n  resources = { cpu = 8, memory = 16GiB }\n}',
    });
    expect(describeDiagnostics(a)).toEqual([]);
    expect(a.model.services.map((s) => s.name).sort()).toEqual(["db", "web"]);
    expect(a.model.services.find((s) => s.name === "web")!.placement.avoid.map((x) => x.service)).toEqual(["db"]);
  });

  it("notes files in sub-folders that declare parts of a system nobody imports", () => {
    const a = analyzeFiles({ "main.sys": "let x = 1", "extra/more.sys": `${header}${svc("lost")}` });
    expect(describeDiagnostics(a).map((d) => d.slice(0, 5))).toEqual(["H0506"]);
    expect(a.model.services).toEqual([]);
    // The fix imports it from an entry file, after that file's imports.
    const files = { "main.sys": 'import "std/aws" as aws\nlet x = aws\n', "extra/more.sys": `${header}${svc("lost")}` };
    const fix = analyzeFiles(files).diagnostics.find((d) => d.code === "H0506")!.fix!;
    expect(fix.file).toBe("main.sys");
    const main = applyEdits(files["main.sys"], fix.edits);
    expect(main).toBe('import "std/aws" as aws\nimport "./extra/more.sys"\nlet x = aws\n');
    expect(analyzeFiles({ ...files, "main.sys": main }).model.services.map((x) => x.name)).toEqual(["lost"]);
  });

  it("rejects `avoid` of something that is not a service", () => {
    const a = analyzeFiles({ "main.sys": `${header}let db = 1\n${svc("api", "  place {\n    avoid db\n  }\n")}` });
    expect(describeDiagnostics(a)).toEqual([
      "H0505 main.sys:3:9 this system has services but no machines: declare a `pool` or a `node` for them to run on",
      "H0213 main.sys:6:11 `db` is a constant, not a service: `avoid` names a service",
    ]);
  });
  it("names the workspace file that declares an unknown name, and offers its import", () => {
    const use = 'import "std/services" { systemdService }\nservice web {\n  run = systemdService { exec = "x" }\n  replicas = defaultReplicas\n}\n';
    const a = analyzeFiles({ "main.sys": use, "lib/sizes.sys": "let defaultReplicas = 3\n" });
    const d = a.diagnostics.find((x) => x.code === "H0201")!;
    expect(d.message).toBe("unknown name `defaultReplicas`: `./lib/sizes.sys` declares it");
    const fixed = applyFix(use, d);
    expect(fixed.split("\n").slice(0, 2)).toEqual(['import "std/services" { systemdService }', 'import "./lib/sizes.sys" { defaultReplicas }']);
    expect(describeDiagnostics(analyzeFiles({ "main.sys": fixed, "lib/sizes.sys": "let defaultReplicas = 3\n" })).filter((x) => x.startsWith("H02"))).toEqual([]);
    // Declared in two files, or in a file that imports this one (the import would close a cycle): no guess.
    const two = analyzeFiles({ "main.sys": use, "lib/a.sys": "let defaultReplicas = 3\n", "lib/b.sys": "let defaultReplicas = 4\n" });
    expect(two.diagnostics.find((x) => x.code === "H0201")!.message).toBe("unknown name `defaultReplicas`");
    const cyclic = analyzeFiles({ "lib/x.sys": "let y = z\n", "lib/w.sys": 'import "./x.sys" { y }\nlet z = y\n', "main.sys": 'import "./lib/w.sys" { z }\nlet q = z\n' });
    expect(cyclic.diagnostics.find((x) => x.code === "H0201")!.message).toBe("unknown name `z`");
  });

  it("a comma typed inside an imported name (`{ w,ebApp }`): one error, the comma's removal its fix, the name read as meant", () => {
    const text = 'import "std/services" { sys,temdService }\nlet r = systemdService { exec = "/bin/a" }\n';
    const a = analyzeFiles({ "main.sys": text });
    expect(describeDiagnostics(a).filter((d) => d.startsWith("H02"))).toEqual(["H0206 main.sys:1:25 `std/services.sys` has no declarations `sys` and `temdService`: a `,` is typed inside `systemdService`"]);
    expect(applyFix(text, a.diagnostics.find((d) => d.code === "H0206")!)).toBe(text.replace("sys,temd", "systemd"));
    // Read as meant: the call is checked against it.
    expect(describeDiagnostics(analyzeFiles({ "main.sys": text.replace("exec", "exek") })).some((d) => d.includes("did you mean `exec`"))).toBe(true);
  });

  it("a module imported under a name other than the one its uses read (`as hc`, `hcloud.server`), or bare: one error at the import, with that name as its fix", () => {
    const uses = 'let a = hcloud.catalog\nlet b = hcloud.catalog\n';
    const text = 'import "std/hetzner" as hc\n' + uses;
    const a = analyzeFiles({ "main.sys": text });
    const ds = a.diagnostics.filter((d) => d.code.startsWith("H02"));
    expect(ds.map((d) => `${d.code} ${d.span.start} ${d.message}`)).toEqual(["H0201 24 this file uses `hcloud`, and imports `std/hetzner` as `hc`: did you mean `as hcloud`?"]);
    expect(ds[0]!.related!.map((r) => r.span.start)).toEqual([35, 58]);
    expect(describeDiagnostics(analyzeFiles({ "main.sys": applyFix(text, ds[0]!) })).filter((d) => d.startsWith("H02"))).toEqual([]);
    const bare = 'import "std/hetzner"\n' + uses.replaceAll("hcloud", "hetzner");
    const b = analyzeFiles({ "main.sys": bare }).diagnostics.filter((d) => d.code.startsWith("H02"));
    expect(b.map((d) => d.message)).toEqual(["this file uses `hetzner`, which this import does not name: write `as hetzner`"]);
    expect(applyFix(bare, b[0]!).split("\n")[0]).toBe('import "std/hetzner" as hetzner');
    // Its own name used too: the other name is unknown, as before.
    const both = analyzeFiles({ "main.sys": 'import "std/hetzner" as hc\nlet a = hcloud.catalog\nlet c = hc.catalog\n' });
    expect(describeDiagnostics(both).filter((d) => d.startsWith("H02")).map((d) => d.split(" ").slice(0, 5).join(" "))).toEqual(["H0201 main.sys:2:9 unknown name `hcloud`"]);
  });

  it("a name another file declares, used in several places without its import: one error, at the first use, the others listed with it", () => {
    const use = "let a = defaultReplicas\nlet b = defaultReplicas + 1\nlet c = [defaultReplicas]\n";
    const a = analyzeFiles({ "main.sys": use, "lib/sizes.sys": "let defaultReplicas = 3\n" });
    const ds = a.diagnostics.filter((x) => x.code === "H0201");
    expect(ds.map((d) => `${d.span.start} ${d.message}`)).toEqual(["8 unknown name `defaultReplicas`: `./lib/sizes.sys` declares it"]);
    expect(ds[0]!.related!.map((r) => [r.span.start, r.message])).toEqual([[32, "used here too"], [61, "used here too"]]);
    expect(describeDiagnostics(analyzeFiles({ "main.sys": applyFix(use, ds[0]!), "lib/sizes.sys": "let defaultReplicas = 3\n" })).filter((x) => x.startsWith("H02"))).toEqual([]);
    // Declared exactly by another file, it is the import that is missing, even with a name in scope one letter away.
    const near = analyzeFiles({ "main.sys": 'let broker = "x"\nlet w = worker(1)\n', "lib/t.sys": "fn worker(n: Int): Int = n\n" });
    expect(near.diagnostics.find((x) => x.code === "H0201")!.message).toBe("unknown name `worker`: `./lib/t.sys` declares it; or did you mean `broker`?");
  });

  describe("a name the standard library declares, not imported", () => {
    // Applies the fix of the file's first H0201 and analyses again.
    const fixed = (text: string) => {
      const a = analyzeFiles({ "main.sys": text });
      const d = a.diagnostics.find((x) => x.code === "H0201")!;
      const out = applyFix(text, d);
      return { message: d.message, text: out, after: describeDiagnostics(analyzeFiles({ "main.sys": out })) };
    };
    const run = "service web {\n  run = systemdService { exec = \"x\" }\n}\n";

    it("adds a new import below the others", () => {
      const r = fixed(`import "std/hetzner" as hcloud\n\nlet m = hcloud.server { type = "cx22" }\n${run}`);
      expect(r.message).toBe("unknown name `systemdService`: `std/services` declares it");
      expect(r.text.split("\n").slice(0, 2)).toEqual(['import "std/hetzner" as hcloud', 'import "std/services" { systemdService }']);
      expect(r.after.filter((x) => x.startsWith("H0201"))).toEqual([]);
    });

    it("adds a first import above the first declaration and its doc comment, below a heading comment", () => {
      const r = fixed(`// The web tier.\n\n/// Serves the shop.\n${run}`);
      expect(r.text).toBe(`// The web tier.\n\nimport "std/services" { systemdService }\n\n/// Serves the shop.\n${run}`);
      expect(r.after.filter((x) => x.startsWith("H0201"))).toEqual([]);
    });

    it("adds the name to an import of the module that lists names, or to a bare one", () => {
      const listed = fixed(`import "std/services" { http }\nlet h = http { port = 80 }\n${run}`);
      expect(listed.text.split("\n")[0]).toBe('import "std/services" { http, systemdService }');
      expect(listed.after.filter((x) => x.startsWith("H0201"))).toEqual([]);
      const bare = fixed(`import "std/services"\n${run}`);
      expect(bare.text.split("\n")[0]).toBe('import "std/services" { systemdService }');
      expect(bare.after.filter((x) => x.startsWith("H0201"))).toEqual([]);
      const empty = analyzeFiles({ "main.sys": `import "std/services" {}\n${run}` });
      const d = empty.diagnostics.find((x) => x.code === "H0201")!;
      expect(d.message).toBe('unknown name `systemdService`: `std/services` declares it; add it to the list of this file\'s `import "std/services" {}`');
      expect(d.fix).toBeUndefined();
    });

    it("a deleted import line is one error naming every name it brought in, whose fix writes the line again", () => {
      const text = 'let h = http { port = 80 }\nservice web {\n  run = container { image = "nginx" }\n  health = http { port = 8080 }\n}\nservice job {\n  run = systemdService { exec = "x" }\n}\n';
      const a = analyzeFiles({ "main.sys": text });
      const ds = a.diagnostics.filter((x) => x.code === "H0201");
      // `container` is what std/services declares, not a slip for the builtin `contains`.
      expect(ds.map((d) => `${d.span.start} ${d.message}`)).toEqual(["8 unknown names `http`, `container` and `systemdService`: `std/services` declares them, and this file does not import them"]);
      expect(ds[0]!.related!.map((r) => [text.slice(r.span.start, r.span.end), r.message])).toEqual([
        ["container", "`container` used here"],
        ["http", "`http` used here"],
        ["systemdService", "`systemdService` used here"],
      ]);
      const out = applyFix(text, ds[0]!);
      expect(out.split("\n")[0]).toBe('import "std/services" { http, container, systemdService }');
      expect(describeDiagnostics(analyzeFiles({ "main.sys": out })).filter((x) => x.startsWith("H02"))).toEqual([]);
      // Added to a list that lacks them, the same.
      const listed = fixed(`import "std/services" { http }\nlet h = http { port = 80 }\nservice w {\n  run = container { image = "a" }\n}\n${run}`);
      expect(listed.message).toBe("unknown names `container` and `systemdService`: `std/services` declares them, and this file does not import them");
      expect(listed.text.split("\n")[0]).toBe('import "std/services" { http, container, systemdService }');
      expect(listed.after.filter((x) => x.startsWith("H02"))).toEqual([]);
    });

    it("a standard-library module's name used unimported (`aws.instance`): one error for all its uses, importing it under that name the fix", () => {
      const text = 'let zones = ["a"]\n\npool a {\n  count = 1\n  machine = aws.instance { type = "t3.micro", region = "eu-central-1", zone = "a" }\n}\npool b {\n  count = 1\n  machine = aws.instance { type = "t3.micro", region = "eu-central-1", zone = "b" }\n}\n';
      const a = analyzeFiles({ "main.sys": text });
      const ds = a.diagnostics.filter((x) => x.code === "H0201");
      expect(ds.map((d) => `${text.slice(d.span.start, d.span.end)} ${d.message}`)).toEqual(["aws unknown name `aws`: `std/aws` is a module; import it as `aws`"]);
      expect(ds[0]!.related!.map((r) => r.message)).toEqual(["used here too"]);
      const out = applyFix(text, ds[0]!);
      expect(out.split("\n")[0]).toBe('import "std/aws" as aws');
      expect(describeDiagnostics(analyzeFiles({ "main.sys": out })).filter((x) => x.startsWith("H02"))).toEqual([]);
      // Not a member's object: only unknown.
      expect(analyzeFiles({ "main.sys": "let x = aws\n" }).diagnostics.find((x) => x.code === "H0201")!.message).toBe("unknown name `aws`");
    });

    it("prefers the module that declares the name exactly to a name in scope one slip away, and says both", () => {
      const r = fixed('service w {\n  run = container { image = "a" }\n}\n');
      expect(r.message).toBe("unknown name `container`: `std/services` declares it; or did you mean `contains`?");
      expect(r.after.filter((x) => x.startsWith("H02"))).toEqual([]);
    });

    it("writes it as a member where the module is imported under a name", () => {
      const r = fixed(`import "std/services" as svc\n${run}`);
      expect(r.message).toBe("unknown name `systemdService`: `std/services` declares it, imported here as `svc`");
      expect(r.text).toContain("run = svc.systemdService {");
      expect(r.after.filter((x) => x.startsWith("H02"))).toEqual([]);
    });

    it("looks for types among types, and names every module when more than one declares it", () => {
      const t = fixed('let zone: Location = "fsn1"\n');
      expect(t.message).toBe("unknown type `Location`: `std/hetzner` declares it");
      expect(t.after).toEqual([]);
      const a = analyzeFiles({ "main.sys": "let sizes = catalog\n" });
      expect(describeDiagnostics(a)).toEqual(["H0201 main.sys:1:13 unknown name `catalog`: `std/aws` and `std/hetzner` declare it; import it from one of them"]);
      expect(a.diagnostics[0]!.fix).toBeUndefined();
    });
  });
});
