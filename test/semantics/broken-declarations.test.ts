// One slip, one report, across declarations and files: what a declaration
// broken by a syntax error would make others say (its callers, its
// importers, the names it should have brought in) waits for the fix.
import { describe, expect, it } from "vitest";
import { analyzeFiles, describeDiagnostics } from "../helpers/memory-workspace.js";
import { applyFix } from "../helpers/apply-edits.js";

const lib = `import "std/services" { systemdService }

fn worker(
  queue: String,
  replicas: Int(1..50),
  version: String,
): Service = {
  version   = version
  replicas  = replicas
  resources = { cpu = 1, memory = 1GiB }
  run       = systemdService { exec = "/bin/worker \${queue}" }
}
`;
const main = `import "./lib/t.sys" { worker }

service a = worker("q1", 2, "1.0")
service b = worker(queue = "q2", replicas = 1, version = "2.0")
`;

const report = (files: Record<string, string>) => describeDiagnostics(analyzeFiles(files)).filter((d) => !d.startsWith("H0505"));

describe("a declaration broken by a syntax error", () => {
  it("the examples here are clean", () => {
    expect(report({ "main.sys": main, "lib/t.sys": lib })).toEqual([]);
  });

  it("a function whose parameter list broke: its callers in other files are not checked against what is left of it", () => {
    const broken = lib.replace("  replicas: Int(1..50),", "  : Int(1..50),");
    const ds = report({ "main.sys": main, "lib/t.sys": broken });
    // Syntax errors in the function only: none at the calls (which its cut-short list would say have too many arguments, or unknown names).
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.filter((d) => !/^H01\d\d lib\/t\.sys:/.test(d))).toEqual([]);
  });

  it("a function whose first line is gone: its body is the one error, and its importers are not told the name is missing", () => {
    const headless = lib.replace("fn worker(\n", "");
    const ds = report({ "main.sys": main, "lib/t.sys": headless });
    expect(ds.filter((d) => d.startsWith("H01")).map((d) => d.slice(0, 22))).toEqual(["H0112 lib/t.sys:3:3 `q"]);
    expect(ds.filter((d) => !d.includes("lib/t.sys"))).toEqual([]);
  });

  it("a field swapped with the first line of the declaration below it: one error, moving it back its fix, the declaration not also reported lacking it", () => {
    const text = 'import "std/hetzner" as hcloud\n\n  count   = 2\npool web {\n  machine = hcloud.server { type = "cx22", location = "fsn1" }\n}\nnode pi {\n  address = "192.168.1.30"\n  resources = { cpu = 4, memory = 8GiB, disk = 64GB }\n}\n';
    const a = analyzeFiles({ "main.sys": text });
    const ds = a.diagnostics.filter((d) => d.code !== "H0505");
    expect(describeDiagnostics({ ...a, diagnostics: ds })).toEqual(["H0112 main.sys:3:3 `count` is a field outside any block, above `pool web {`: it belongs inside"]);
    const fixed = applyFix(text, ds[0]!);
    expect(fixed.split("\n").slice(1, 4)).toEqual(["", "pool web {", "  count   = 2"]);
    expect(report({ "main.sys": fixed })).toEqual([]);
    // A field of a node, the same; the declaration above it is not the one that lacks it.
    const node = fixed.replace('node pi {\n  address = "192.168.1.30"\n', '  address = "192.168.1.30"\nnode pi {\n');
    expect(report({ "main.sys": node })).toEqual(["H0112 main.sys:7:3 `address` is a field outside any block, above `node pi {`: it belongs inside"]);
  });

  it("a header line written twice: the syntax error alone, and the intact declaration is the name's", () => {
    const twice = lib.replace("fn worker(\n", "fn worker(\nfn worker(\n");
    expect(report({ "main.sys": main, "lib/t.sys": twice })).toEqual(["H0110 lib/t.sys:3:11 expected `)`, found the end of the line"]);
  });

  it("a block's first line written twice (`base {` above `base {`): one error, removing one its fix; no second base reported", () => {
    for (const head of ["base {", "service api {"]) {
      const body = head === "base {" ? '  timeZone = "UTC"\n' : '  replicas = 1\n  run = { kind = "systemd", exec = "/bin/a" }\n';
      const text = `let z = 1\n${head}\n${head}\n${body}}\n`;
      const a = analyzeFiles({ "main.sys": text });
      const ds = a.diagnostics.filter((d) => d.code !== "H0505");
      expect(describeDiagnostics(a, ds)).toEqual([`H0110 main.sys:2:1 \`${head}\` is written twice`]);
      expect(report({ "main.sys": applyFix(text, ds[0]!) })).toEqual([]);
    }
  });

  it("a parameter declared twice: that error alone, not one per call", () => {
    const dup = lib.replace("  replicas: Int(1..50),\n", "  replicas: Int(1..50),\n  replicas: Int(1..50),\n");
    expect(report({ "main.sys": main, "lib/t.sys": dup })).toEqual(["H0202 lib/t.sys:6:3 parameter `replicas` is declared twice"]);
  });

  it("a parameter being typed, without its type yet: that error alone, not one per call", () => {
    const typing = lib.replace("  version: String,\n", "  version: String,\n  memo\n");
    expect(report({ "main.sys": main, "lib/t.sys": typing })).toEqual(["H0316 lib/t.sys:7:3 parameter `memo` needs a type: write `memo: Type`"]);
    // Typed, with no default: its callers are told.
    const typed = lib.replace("  version: String,\n", "  version: String,\n  memory: Bytes,\n");
    expect(report({ "main.sys": main, "lib/t.sys": typed }).map((d) => d.slice(0, 5))).toEqual(["H0310", "H0310"]);
  });

  it("a parameter misnamed by a slip (the body and the callers use the name meant): one error at it, the name meant as the fix", () => {
    const twice = lib.replace('exec = "/bin/worker \${queue}"', 'exec = "/bin/worker \${queue} --name \${queue}"');
    expect(twice).not.toBe(lib);
    const misnamed = twice.replace("  queue: String,\n", "  queu: String,\n");
    const ds = analyzeFiles({ "main.sys": main, "lib/t.sys": misnamed }).diagnostics.filter((d) => d.severity === "error");
    expect(ds.map((d) => `${d.code} ${d.file} ${d.message}`)).toEqual(["H0201 lib/t.sys parameter `queu` is never used, and the body uses `queue`, which is not declared: did you mean to name the parameter `queue`?"]);
    expect(report({ "main.sys": main, "lib/t.sys": applyFix(misnamed, ds[0]!) })).toEqual([]);
    // The name used once only: that use may as well be the slip, said there.
    const used = lib.replace("  version   = version\n", "  version   = versio\n");
    expect(report({ "main.sys": main, "lib/t.sys": used })).toEqual(["H0201 lib/t.sys:8:15 unknown name `versio`; did you mean `version`?"]);
  });

  it("an import line written twice: one error, its removal the fix, not one per name imported twice", () => {
    const doubled = main.replace('import "./lib/t.sys" { worker }\n', 'import "./lib/t.sys" { worker }\nimport "./lib/t.sys" { worker }\n');
    const ds = analyzeFiles({ "main.sys": doubled, "lib/t.sys": lib }).diagnostics.filter((d) => d.severity === "error");
    expect(ds.map((d) => `${d.code} ${d.message}`)).toEqual(["H0202 this import repeats an earlier one: remove it"]);
    expect(report({ "main.sys": applyFix(doubled, ds[0]!), "lib/t.sys": lib })).toEqual([]);
    // Another list from the same module is no repetition: a name in both is imported twice.
    const two = main.replace('import "./lib/t.sys" { worker }\n', 'import "./lib/t.sys" { worker }\nimport "./lib/t.sys" as t\n');
    expect(report({ "main.sys": two, "lib/t.sys": lib }).filter((d) => d.startsWith("H0202"))).toEqual([]);
  });

  it("an import whose keyword is broken (`imp,ort \"./lib\" { worker }`): that error alone, the names it imports not unknown", () => {
    const broken = main.replace('import "./lib/t.sys"', 'imp,ort "./lib/t.sys"');
    expect(broken).not.toBe(main);
    expect(report({ "main.sys": broken, "lib/t.sys": lib }).map((d) => d.slice(0, 5))).toEqual(["H0112"]);
  });

  it("an import whose path lost its opening quote: one error, the quote as its fix, and the names it imports not unknown", () => {
    const text = main.replace('import "./lib/t.sys"', "import ./lib/t.sys\"");
    const a = analyzeFiles({ "main.sys": text, "lib/t.sys": lib });
    expect(describeDiagnostics(a).filter((d) => !d.startsWith("H0505"))).toEqual(["H0110 main.sys:1:8 an import's path is a string: `import \"./lib/t.sys\"`"]);
    expect(applyFix(text, a.diagnostics.find((d) => d.code === "H0110")!)).toBe(main);
  });

  it("an import list closed early by a stray `}`: the names left below it are that one error, not unknown where used", () => {
    const text = 'import "std/services" {\n  http,}\n  tcp,\n}\nlet h = http { port = 80 }\nlet t = tcp { port = 81 }\n';
    expect(report({ "main.sys": text }).map((d) => d.slice(0, 20))).toEqual(["H0112 main.sys:3:3 `"]);
  });

  it("a string left open at the end of a declaration's line: that error alone", () => {
    const text = 'let registry = registry.example.com/shop"\nlet x = 1\n';
    expect(report({ "main.sys": text })).toEqual(['H0102 main.sys:1:42 this string is not closed before the end of the line: add `"`']);
  });

  it("a constant with a syntax error: its users in other files are not told about the value misread", () => {
    const files = { "lib/site.sys": 'let zones = ["fsn1", "nbg1"]\n', "main.sys": 'import "./lib/site.sys" { zones }\ntype Zone = "fsn1" | "nbg1"\nlet z: Zone = zones[1]\nlet n: Int = zones[0]\n' };
    expect(report(files)).toEqual(["H0301 main.sys:4:14 expected Int, found String"]);
    // A quote lost: the list reads as other strings and names; only the file it is in has errors.
    const broken = report({ ...files, "lib/site.sys": 'let zones = [fsn1", "nbg1"]\n' });
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.filter((d) => !d.includes("lib/site.sys"))).toEqual([]);
  });

  it("a declaration whose name a syntax error lost: its importers are not told the module lacks the name", () => {
    const files = { "lib/site.sys": 'let zones = ["fsn1"]\n', "main.sys": 'import "./lib/site.sys" { zones }\nimport "./lib/site.sys" as site\nlet a = zones\nlet b = site.zones\n' };
    expect(report(files)).toEqual([]);
    expect(report({ ...files, "lib/site.sys": 'let  = ["fsn1"]\n' })).toEqual(["H0110 lib/site.sys:1:6 expected a name, found `=`"]);
    // A name cut by a character that cannot follow one: the name meant is lost as well.
    expect(report({ ...files, "lib/site.sys": 'let zone"s = ["fsn1"]\n' }).map((d) => d.slice(0, 20))).toEqual(["H0102 lib/site.sys:1"]);
    // Without its `let`, it is still a constant of that name.
    expect(report({ ...files, "lib/site.sys": 'zones = ["fsn1"]\n' })).toEqual(["H0112 lib/site.sys:1:1 `zones` does not start a declaration: a constant is declared with `let` (`let zones = …`)"]);
  });

  it("a declaration's keyword broken by a character (`servic.e db {`): that error alone, its name not unknown where used, its imports not unused", () => {
    const one = 'import "std/services" { systemdService }\nservice db {\n  replicas = 1\n  run = systemdService { exec = "/bin/x" }\n}\nlet n = db.replicas\n';
    const files = { "main.sys": one, "other.sys": 'import "./main.sys" { db }\nlet k = db.replicas\n' };
    expect(report(files)).toEqual([]);
    for (const head of ["servic.e db {", "se(rvice db {"]) {
      const ds = report({ ...files, "main.sys": one.replace("service db {", head) });
      expect(ds.map((d) => d.split(" ").slice(0, 2).join(" ")), head).toEqual(["H0112 main.sys:2:1"]);
    }
  });

  it("a declaration whose first line is gone: its own file's uses of the name are not unknown while its body is the one error", () => {
    const one = 'service db {\n  replicas = 1\n  run = { kind = "systemd", exec = "/bin/x" }\n}\nservice app {\n  replicas = 1\n  run = { kind = "systemd", exec = "/bin/y" }\n  place {\n    avoid db\n  }\n}\nlet n = db.replicas\n';
    expect(report({ "main.sys": one })).toEqual([]);
    const headless = one.replace("service db {\n", "");
    expect(report({ "main.sys": headless }).map((d) => d.split(" ").slice(0, 3).join(" "))).toEqual(["H0112 main.sys:1:3 `replicas`"]);
    // Mended, a name that is unknown is reported again.
    expect(report({ "main.sys": one.replace("avoid db", "avoid dbx") })).toEqual(["H0201 main.sys:9:11 unknown service `dbx`; did you mean `db`?"]);
  });

  it("a declaration's line cut short after its name or keyword (being typed, or cut): that error alone, its uses elsewhere not unknown", () => {
    const one = 'service db {\n  replicas = 1\n  run = { kind = "systemd", exec = "/bin/x" }\n}\nlet n = db.replicas\n';
    const files = { "main.sys": one, "other.sys": 'import "./main.sys" as m\nlet k = m.db\n' };
    expect(report(files).filter((d) => !d.startsWith("H0204"))).toEqual([]);
    const cuts = { "service d\n": "H0110 main.sys:1:10", "servic\n": "H0112 main.sys:1:1", "service\n": "H0110 main.sys:1:8" };
    for (const [cut, error] of Object.entries(cuts)) {
      const ds = report({ ...files, "main.sys": one.replace("service db {\n", cut) });
      expect(ds.filter((d) => !d.startsWith("H0204")).map((d) => d.split(" ").slice(0, 2).join(" ")), cut).toEqual([error]);
    }
  });

  it("once the syntax error is fixed, what else is wrong is reported", () => {
    const text = main.replace('import "./lib/t.sys" { worker }', 'import "./lib/t.sys" { worker }\nlet y = nope');
    expect(report({ "main.sys": text, "lib/t.sys": lib })).toEqual(["H0201 main.sys:2:9 unknown name `nope`"]);
    expect(report({ "main.sys": text.replace('import "./lib/t.sys"', 'import ./lib/t.sys"'), "lib/t.sys": lib }).map((d) => d.slice(0, 5))).toEqual(["H0110"]);
  });
});
