import { describe, expect, it } from "vitest";
import { showValue, type Value } from "../../language/eval/values.js";
import { analyzeFiles, describeDiagnostics } from "../helpers/memory-workspace.js";
import type { Analysis } from "../../language/workspace/workspace.js";
import { applyFix } from "../helpers/apply-edits.js";

function value(a: Analysis, name: string): Value {
  return a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get(name)!);
}

function evalLet(src: string, name = "x"): string {
  const a = analyzeFiles({ "main.sys": src });
  expect(describeDiagnostics(a)).toEqual([]);
  return showValue(value(a, name));
}

const machines = `import "std/hetzner" as hcloud
pool web {
  count   = 3
  machine = hcloud.server { type = "cx22", location = ["fsn1", "nbg1", "hel1"][index] }
  labels  = { tier = "web", zone = machine.location }
}
node home {
  address   = "192.0.2.10"
  resources = { cpu = 4, memory = 16GiB, disk = 1TB }
  labels    = { tier = "data", zone = "home" }
}
`;

describe("evaluation", () => {
  it("computes arithmetic, strings, comprehensions and conditionals", () => {
    expect(evalLet("let x = 7 / 2 + 7 % 2 * 10")).toBe("13");
    expect(evalLet("let x = 1.5 * 2")).toBe("3.0");
    expect(evalLet('let zones = ["fsn1", "nbg1", "hel1"]\nlet x = [for z in zones if z != "nbg1": "${z}-a"]')).toBe('["fsn1-a", "hel1-a"]');
    expect(evalLet("let x = [for i, z in [10, 20]: i * z]")).toBe("[0, 20]");
    expect(evalLet("let m: {String: Int} = { b = 2, a = 1 }\nlet x = [for k, v in m: k]")).toBe('["a", "b"]');
    expect(evalLet("let x = if len([1, 2]) > 1 then \"many\" else \"one\"")).toBe('"many"');
    expect(evalLet("let x = 2GiB + 512MiB")).toBe("2560MiB");
    expect(evalLet("let n = 4\nlet x: Cpu = n * 250m")).toBe("1");
    expect(evalLet("let x = 90s > 1min")).toBe("true");
    expect(evalLet("let x = 1GiB.mib")).toBe("1024");
  });

  it("runs the built-in functions", () => {
    expect(evalLet('let x = join(split("a,b,c", ","), "-")')).toBe('"a-b-c"');
    expect(evalLet("let x = [len(range(5)), sum([1, 2, 3]), max([3, 9, 2]), min([3, 9, 2])]")).toBe("[5, 6, 9, 2]");
    expect(evalLet('let x = keys(merge({ b = "1" }, { a = "2" }))')).toBe('["a", "b"]');
    expect(evalLet('let x = [contains([1, 2], 2), startsWith("herd", "he"), endsWith("herd", "rd")]')).toBe("[true, true, true]");
    expect(evalLet('let x = [upper("a"), lower("B"), replace("a.b", ".", "-"), toString(512MiB)]')).toBe('["A", "b", "a-b", "512MiB"]');
    expect(evalLet("let x = flatten([[1], [2, 3]])")).toBe("[1, 2, 3]");
  });

  it("calls functions with defaults, named arguments and record-call syntax", () => {
    const fns = "fn size(n: Int, unit: Bytes = 1GiB, extra: Bytes = unit): Bytes = unit * n + extra\n";
    expect(evalLet(fns + "let x = size(2)")).toBe("3GiB");
    expect(evalLet(fns + "let x = size(2, extra = 0B)")).toBe("2GiB");
    expect(evalLet(fns + "let x = size { n = 1, unit = 1MiB }")).toBe("2MiB");
  });

  it("fills defaults from the schema and updates records with `with`", () => {
    expect(evalLet("let x: Resources = { memory = 1GiB }")).toBe("{ cpu = 100m, memory = 1GiB, disk = 0B }");
    expect(evalLet("let r: Resources = { memory = 1GiB }\nlet x = r with { cpu = 2 }")).toBe("{ cpu = 2, memory = 1GiB, disk = 0B }");
    expect(evalLet('let x: Ssh = { authorizedKeys = ["k"] }')).toBe('{ port = 22, authorizedKeys = ["k"], passwordAuthentication = false, permitRootLogin = "prohibit-password" }');
  });

  it("builds machines from pools (one per index) and nodes", () => {
    const a = analyzeFiles({ "main.sys": machines });
    expect(describeDiagnostics(a)).toEqual([]);
    expect(a.model.machines.map((m) => `${m.name}:${m.labels["zone"]}:${m.resources.cpu}:${m.kind}`)).toEqual([
      "web-1:fsn1:2000:provisioned",
      "web-2:nbg1:2000:provisioned",
      "web-3:hel1:2000:provisioned",
      "home:home:4000:existing",
    ]);
    expect(a.model.machines[0]!.machineType).toBe("cx22");
    expect(a.model.machines[3]!.address).toBe("192.0.2.10");
  });

  it("keeps placement results deferred, as explicit values", () => {
    const a = analyzeFiles({
      "main.sys": `${machines}import "std/services" { systemdService, postgres }
service db {
  run = postgres {}
}
service api {
  run = systemdService {
    exec = "\${pkgs.api}/bin/api"
    env  = { DB = "postgres://\${db.endpoints[0]}/shop", PEERS = join(db.nodes, ",") }
  }
}
`,
    });
    expect(describeDiagnostics(a)).toEqual([]);
    const api = a.model.services.find((s) => s.name === "api")!;
    const env = (api.run as Extract<Value, { t: "record" }>).fields.get("env")!;
    expect(showValue(env)).toBe('{ DB = "postgres://${db.endpoints[0]}/shop", PEERS = join(db.nodes, ",") }');
  });

  it("refuses to decide anything on placement results", () => {
    const a = analyzeFiles({
      "main.sys": `${machines}import "std/services" { systemdService }
service db {
  run = systemdService { exec = "db" }
}
service api {
  replicas = if len(db.nodes) > 1 then 2 else 1
  run = systemdService { exec = "x" }
}
let y = [for n in db.nodes: n]
`,
    });
    expect(describeDiagnostics(a).map((d) => d.slice(0, 5))).toEqual(["H0404", "H0404"]);
  });

  it("reports runtime problems where they happen", () => {
    const codesOf = (src: string) => describeDiagnostics(analyzeFiles({ "main.sys": src }));
    expect(codesOf("let x = [1, 2][5]")).toEqual(["H0401 main.sys:1:16 index 5 is out of range: the list has 2 items (0 to 1)"]);
    expect(codesOf('let m: {String: Int} = { a = 1 }\nlet x = m["b"]')).toEqual(['H0402 main.sys:2:11 no key "b"; keys are "a"']);
    // A key close to one there is: the fix writes it.
    const typo = analyzeFiles({ "main.sys": 'let m: {String: Int} = { alpha = 1 }\nlet x = m["alpah"]' });
    expect(typo.diagnostics.map((d) => [d.code, d.fix?.edits[0]?.newText])).toEqual([["H0402", '"alpha"']]);
    // Of a record, the type checker has said it already (H0304): one mistake, one report.
    expect(codesOf('let r = { alpha = 1 }\nlet x = r["alpah"]')).toEqual(["H0304 main.sys:2:11 this record has no field `alpah`; did you mean `alpha`?"]);
    expect(codesOf("let x = 1 / 0")).toEqual(["H0403 main.sys:1:13 division by zero"]);
    expect(codesOf("let x: Cpu = 0.0001")).toEqual(["H0405 main.sys:1:14 0.0001 cores is not a whole number of millicores"]);
    expect(codesOf("let x = range(2000000)")[0]).toMatch(/^H0406 .*more than the limit/);
    // Functions calling one another thousands deep: stopped with a located error, not a stack overflow.
    const chain = ["fn f0(x: Int): Int = x", ...Array.from({ length: 3000 }, (_, i) => `fn f${i + 1}(x: Int): Int = f${i}(x)`), "let y = f3000(1)"].join("\n");
    expect(codesOf(chain)).toEqual(["H0406 main.sys:2602:25 evaluation stopped: calls nest more than 400 deep here (`f2601` calls `f2600`, and so on); call fewer functions inside one another"]);
    // Constants needing one another thousands deep, the last needed declared first: located errors that say how to end the chain, not a stack overflow.
    const lets = [...Array.from({ length: 3000 }, (_, i) => `let a${i} = a${i + 1} + 1`), "let a3000 = 1"].join("\n");
    const found = codesOf(lets);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toBe("H0316 main.sys:302:5 the type of `a301` is needed at the end of a chain of more than 300 constants without a written type, each needing the next: write its type (`let a301: Type = …`)");
    expect(found.some((d) => /^H0406 .*is needed at the end of a chain of more than 400 constants/.test(d))).toBe(true);
    // Declared in the order they are needed, the same chain is no problem.
    expect(codesOf(["let a0 = 1", ...Array.from({ length: 3000 }, (_, i) => `let a${i + 1} = a${i} + 1`)].join("\n"))).toEqual([]);
  });

  it("reports fields of a declaration that depend on themselves", () => {
    const a = analyzeFiles({ "main.sys": 'node a {\n  address = "10.0.0.1"\n  resources = { cpu = 1, memory = 1GiB }\n  labels = { x = sshUser }\n  sshUser = labels["x"]\n}' });
    expect(describeDiagnostics(a).map((d) => d.slice(0, 5))).toContain("H0212");
  });

  it("is deterministic: the same files give the same model", () => {
    const one = analyzeFiles({ "main.sys": machines });
    const two = analyzeFiles({ "main.sys": machines });
    const strip = (a: Analysis) => JSON.stringify(a.model, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    expect(strip(one)).toBe(strip(two));
  });

  it("says which label value was meant when a rule names one no machine has, a typo away from one they have", () => {
    const rules = [
      'service a {\n  replicas = 0\n  place {\n    on tier == "dta"\n    prefer zone in ["fsn1", "hell1"]\n    on zone != "hom"\n  }\n  run = { kind = "systemd", exec = "/bin/a" }\n}',
      // Values for machines yet to come, and values far from any: nothing said.
      'service b {\n  replicas = 0\n  place {\n    on tier == "gpu"\n    prefer zone == "ams1"\n  }\n  run = { kind = "systemd", exec = "/bin/b" }\n}',
      'let t = "dat"\nservice c {\n  replicas = 0\n  place { on tier == t }\n  run = { kind = "systemd", exec = "/bin/c" }\n}',
    ].join("\n");
    const a = analyzeFiles({ "main.sys": `${machines}${rules}\n` });
    expect(describeDiagnostics(a)).toEqual([
      'H0503 main.sys:15:16 no machine has `tier` = "dta" (did you mean "data"?): this rule can never be satisfied as written',
      'H0503 main.sys:16:29 no machine has `zone` = "hell1" (did you mean "hel1"?): this value matches no machine',
      // From a constant: the rule is underlined whole, with no edit to offer.
      'H0503 main.sys:32:11 no machine has `tier` = "dat" (did you mean "data"?): this rule can never be satisfied as written',
    ]);
    const [dta, hell1, dat] = a.diagnostics;
    const text = a.source("main.sys")!.text;
    const edited = (d: typeof dta) => applyFix(text, d!);
    expect(edited(dta)).toContain('on tier == "data"');
    expect(edited(hell1)).toContain('prefer zone in ["fsn1", "hel1"]');
    expect(dat!.fix).toBeUndefined();
    // The fixes applied, the system checks clean.
    const fixed = text.replace('"dta"', '"data"').replace('"hell1"', '"hel1"').replace('"dat"', '"data"');
    expect(describeDiagnostics(analyzeFiles({ "main.sys": fixed }))).toEqual([]);
  });

  it("a service that avoids or is near itself: the fix writes what was meant, or removes the rule", () => {
    const service = (rules: string) => `import "std/services" { systemdService }\n${machines}service api {\n  replicas = 2\n  place {\n${rules}\n  }\n  run = systemdService { exec = "x" }\n}\n`;
    for (const [rules, fixed] of [
      ["    avoid api", "    max 1 per node"],
      ["    max 2 per node\n    avoid api", "    max 2 per node\n    "],
      ["    near api", "    "],
    ]) {
      const src = service(rules!);
      const a = analyzeFiles({ "main.sys": src });
      const d = a.diagnostics.find((x) => x.code === "H0504")!;
      const out = applyFix(src, d);
      expect(out).toBe(service(fixed!));
      expect(analyzeFiles({ "main.sys": out }).diagnostics.filter((x) => x.code === "H0504")).toEqual([]);
    }
  });

  it("reports machines that need an address or a machine type, and clashing names", () => {
    const d = describeDiagnostics(analyzeFiles({ "main.sys": `${machines}node web-1 {\n  address = "192.0.2.11"\n  resources = { cpu = 1, memory = 1GiB }\n}\nnode empty {\n}` }));
    expect(d.map((x) => x.slice(0, 5))).toEqual(["H0501", "H0502"]);
  });
});
