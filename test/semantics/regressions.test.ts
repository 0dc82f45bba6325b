// Behaviours that were once wrong, each with the smallest program that showed it.
import { describe, expect, it } from "vitest";
import { showValue } from "../../language/eval/values.js";
import { analyzeFiles, describeDiagnostics } from "../helpers/memory-workspace.js";

const head = `import "std/services" { systemdService, postgres }
node box {
  address   = "10.0.0.1"
  resources = { cpu = 8, memory = 16GiB }
  labels    = { tier = "web" }
}
pool web {
  count   = 2
  machine = { provider = "hetzner", type = "cx22", location = "fsn1", resources = { cpu = 2, memory = 4GiB } }
}
service db {
  replicas = 2
  run      = postgres {}
}
`;

function run(src: string) {
  const a = analyzeFiles({ "main.sys": head + src });
  const lines = head.split("\n").length - 1;
  return { a, diags: describeDiagnostics(a).filter((d) => !d.startsWith("H0209")).map((d) => d.replace(/main\.sys:(\d+)/, (_, l) => `L${Number(l) - lines}`)) };
}

describe("regressions", () => {
  it("a top-level constant may read a service's settings and a node's address", () => {
    const { a, diags } = run('let n = db.replicas\nlet addr = box.address\nservice api {\n  replicas = n + 1\n  run = systemdService { exec = addr }\n}\n');
    expect(diags).toEqual([]);
    expect(a.model.services.find((s) => s.name === "api")!.replicas).toBe(3);
  });

  it("a placement result used as a map key is reported", () => {
    expect(run('let m: {String: String} = { a = "b" }\nlet x = m[db.nodes[0]]\n').diags.map((d) => d.slice(0, 9))).toEqual(["H0404 L2:"]);
  });

  it("labels must be plain text", () => {
    const { diags } = run('node n2 {\n  address = "10.0.0.2"\n  resources = { cpu = 1, memory = 1GiB }\n  labels = { at = db.endpoints[0] }\n}\n');
    expect(diags).toEqual(["H0404 L4:14 label `at` is known only after placement, but placement reads labels: labels must be plain text"]);
  });

  it("min, max and sum read plain numbers among Cpu amounts as cores", () => {
    const { a } = run("let s = sum([2, 500m])\nlet hi = max([2, 500m])\nlet lo = min([1, 500m])\n");
    const v = (n: string) => showValue(a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get(n)!));
    expect([v("s"), v("hi"), v("lo")]).toEqual(["2500m", "2", "500m"]);
  });

  it("a record-style call may start on the line after `=`", () => {
    expect(run('service api {\n  run =\n    systemdService { exec = "x" }\n}\n').diags).toEqual([]);
  });

  it("a partial reserve keeps zeros; an existing machine must say its cpu and memory", () => {
    const { a, diags } = run('policy {\n  reserve = { cpu = 500m }\n}\nnode n3 {\n  address = "10.0.0.3"\n  resources = {}\n}\n');
    expect(a.model.policy.reserve).toEqual({ cpu: 500, memory: 0, disk: 0 });
    expect(diags.map((d) => d.slice(0, 5))).toEqual(["H0303"]);
  });

  it("an index into placement results beyond the replicas is reported", () => {
    expect(run('let x = "${db.endpoints[5]}"\n').diags[0]).toMatch(/^H0401 L1:25 index 5 is out of range: `db` has 2 replicas/);
  });

  it("a pool is not a value, and its machines are `NAME-N`", () => {
    expect(run("let p = web\n").diags).toEqual(["H0316 L1:9 `web` is a pool, not a value: its machines are `web-1`, `web-2`, …"]);
    expect(run("let m = web-2.name\n").diags).toEqual([]);
    expect(run("let m = web-3.name\n").diags).toEqual(["H0401 L1:9 pool `web` has 2 machines, so there is no `web-3`"]);
  });

  it("one diagnostic per mistake", () => {
    expect(run('let x = "${db.endpoints}"\n').diags.map((d) => d.slice(0, 5))).toEqual(["H0309"]);
    expect(run('type Env = "dev" | "prod"\nlet m: Env = 5\n').diags.map((d) => d.slice(0, 5))).toEqual(["H0301"]);
  });

  it("secrets cannot be compared, with the secrets message", () => {
    expect(run('let x = secret("a") == secret("a")\n').diags[0]).toMatch(/^H0308 .*secrets cannot be compared/);
  });

  it("suggestions fit the position: no type names for values", () => {
    expect(run("let c = 1\nlet x = Cpu.millis\nlet y = cpu\n").diags).toEqual(["H0316 L2:9 `Cpu` is a type, not a value", "H0201 L3:9 unknown name `cpu`"]);
  });

  it("reads a field every member of a union has", () => {
    const { a, diags } = run("let ports = db.run.ports\n");
    expect(diags).toEqual([]);
    expect(showValue(a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get("ports")!))).toBe("[5432]");
  });

  it("a pattern must match the whole string", () => {
    expect(run('let s: String(/[a-z]+/) = "ABc"\n').diags.map((d) => d.slice(0, 5))).toEqual(["H0306"]);
    expect(run('let s: String(/[a-z]+/) = "abc"\n').diags).toEqual([]);
  });

  it("amounts round down the same way when multiplied and divided", () => {
    const { a, diags } = run("let x = 1KiB * 0.3\nlet y = 1GiB / 3\n");
    expect(diags).toEqual([]);
    const v = (n: string) => a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get(n)!);
    expect([v("x"), v("y")]).toEqual([{ t: "bytes", v: 307 }, { t: "bytes", v: 357913941 }]);
  });

  it("a doc comment documents only what directly follows; one after code is reported", () => {
    expect(run("/// lonely\n\nlet x = 1\nlet y = 2 /// not a doc\n").diags.map((d) => d.slice(0, 5))).toEqual(["H0113", "H0113"]);
  });

  it("articles in messages", () => {
    expect(run('type Env = "dev" | "prod"\nlet m: Env = "dve"\n').diags[0]).toContain('"dve" is not an Env; did you mean "dev"?');
  });

  it("a parameter type cut short by a syntax error is a syntax error only, not a crash or an empty type", () => {
    const { diags } = run('type Sizing = { memory: Bytes = 256MiB }\nfn sized(s: S(izing = {})): Bytes = s.memory\nlet x = sized()\n');
    expect(diags).toEqual(["H0110 L2:21 expected `..`, found `=`"]);
  });
});

describe("maps with computed keys", () => {
  it("builds maps with interpolated keys and map comprehensions", () => {
    const { a, diags } = run('let domain = "example.org"\nlet hosts: {String: String} = { "www.${domain}" = "a", "api.${domain}" = "b" }\nlet zones = ["fsn1", "nbg1"]\nlet byZone: {String: Int} = {for i, z in zones: "${z}-a" = i}\nlet inferred = {for z in zones if z != "nbg1": "${z}" = len(z)}\n');
    expect(diags).toEqual([]);
    const v = (n: string) => showValue(a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get(n)!));
    expect(v("hosts")).toBe('{ "www.example.org" = "a", "api.example.org" = "b" }');
    expect(v("byZone")).toBe('{ fsn1-a = 0, nbg1-a = 1 }');
    expect(v("inferred")).toBe("{ fsn1 = 4 }");
  });

  it("refuses computed keys where fields are fixed, and duplicate keys", () => {
    expect(run('let k = "x"\nlet r: Resources = { "${k}" = 1 }\n').diags.map((d) => d.slice(0, 5))).toEqual(["H0302"]);
    expect(run('let m: {String: Int} = {for z in ["a", "a"]: "${z}" = 1}\n').diags.map((d) => d.slice(0, 5))).toEqual(["H0208"]);
  });

  it("accepts `place { … }` as a value", () => {
    expect(run('fn tweak(s: Service): Service = s with { place = place {\n  max 1 per node\n} }\n').diags).toEqual([]);
  });
  it("a function that calls itself forever is H0211, not a crash", () => {
    expect(run("fn f(n: Int): Int = f(n)\nlet x = f(1)\n").diags.map((d) => d.slice(0, 9))).toEqual(["H0211 L1:"]);
    expect(run("fn a(n: Int): Int = b(n)\nfn b(n: Int): Int = a(n)\nlet x = a(1)\n").diags.map((d) => d.slice(0, 9))).toEqual(["H0211 L1:"]);
  });

  it("names from an import that cannot be resolved are not also unknown names", () => {
    const a = analyzeFiles({ "main.sys": 'import "./lib/missing" { worker }\nimport "./lib/gone" as gone\nlet x = worker("a")\nlet y = gone.z\n' });
    expect(describeDiagnostics(a).map((d) => d.slice(0, 5))).toEqual(["H0203", "H0203"]);
  });

  it("an empty range is one error, not one per value", () => {
    expect(run("let x: Int(5..1) = 3\n").diags.map((d) => d.slice(0, 5))).toEqual(["H0316"]);
  });

  it("two nodes of one name in one file are one duplicate declaration", () => {
    const { diags } = run('node box {\n  address = "10.0.0.9"\n  resources = { cpu = 1, memory = 1GiB }\n}\n');
    expect(diags.map((d) => d.slice(0, 5))).toEqual(["H0202"]);
  });

  it("a constant and a service that read each other are a cycle, in either order", () => {
    const svc = 'service api {\n  replicas = n\n  run = systemdService { exec = "x" }\n}\n';
    const msg = "H0212 L2:14 `n` is defined in terms of itself (through the settings of service `api`)";
    expect(run(`let n = api.replicas + 1\n${svc}`).diags).toEqual([msg.replace("L2", "L3")]);
    expect(run(`${svc}let n = api.replicas + 1\n`).diags).toEqual([msg]);
  });

  it("text only Terraform or Nix knows cannot be compared or inspected", () => {
    const { diags } = run('let a = web-1.ipv4 == "203.0.113.9"\nlet b = "${web-1.ipv4}" == web-1.ipv4\nlet c = len(tf("hcloud_network.x.id"))\nlet d = "${pkgs.hello}" != "/bin/hello"\n');
    expect(diags).toEqual([
      "H0404 L1:9 this string holds `web-1.ipv4`, which is known only once Terraform has run, so comparing it cannot decide anything here",
      'H0404 L3:13 this string holds `tf("hcloud_network.x.id")`, which only Terraform knows, so it cannot be inspected here',
      "H0404 L4:9 this string holds the path of `pkgs.hello`, which only Nix knows, so comparing it cannot decide anything here",
    ]);
  });

  it("a terraform block in a module nobody imports is reported, not dropped", () => {
    const a = analyzeFiles({ "main.sys": head, "infra/net.sys": 'terraform {\n  resource.hcloud_network.private = { ip_range = "10.0.0.0/16" }\n}\n' });
    expect(describeDiagnostics(a).filter((d) => d.startsWith("H0506"))).toEqual([expect.stringMatching(/^H0506 infra\/net\.sys:1:1 infra\/net\.sys is not imported/)]);
  });

  it("resources on a provisioned node are reported as having no effect, with a fix that removes them", () => {
    const { a, diags } = run('node gate {\n  machine = { provider = "hetzner", type = "cx22", location = "fsn1", resources = { cpu = 2, memory = 4GiB } }\n  resources = { cpu = 8, memory = 32GiB }\n}\n');
    expect(diags).toEqual(["H0507 L3:3 `resources` has no effect on node `gate`: Herd provisions it as a cx22, whose capacity comes from the machine type (2 cpu, 4GiB memory, 0B disk); remove it, or choose another type"]);
    expect(a.model.machines.find((m) => m.name === "gate")!.resources).toEqual({ cpu: 2000, memory: 4 * 2 ** 30, disk: 0 });
    expect(a.diagnostics.find((d) => d.code === "H0507")!.fix!.edits[0]!.newText).toBe("");
  });

  it("a misspelt argument or field is one error, not also a missing one", () => {
    const { diags } = run('fn greet(name: String, greeting: String): String = "${greeting}, ${name}"\nlet m = greet("Ann", greting = "Hi")\nlet r = systemdService { exek = "x" }\n');
    expect(diags).toEqual([
      "H0310 L2:22 `greet` has no parameter `greting`; did you mean `greeting`?",
      "H0310 L3:26 `systemdService` has no parameter `exek`; did you mean `exec`?",
    ]);
  });

  it("a required field's name cut short or misspelt is one error with the name as its fix: not also a missing field or machine setting", () => {
    const svc = run('service a {\n  ru = { kind = "systemd", exec = "/bin/a" }\n}\n');
    expect(svc.diags).toEqual(["H0302 L2:3 unknown field `ru` in `Service`; did you mean `run`?"]);
    expect(svc.a.diagnostics.find((d) => d.code === "H0302")!.fix!.edits[0]!.newText).toBe("run");
    // Two letters that could start more than one required field say nothing, and the field stays missing.
    expect(run('type T = { alpha: Int, alps: Int }\nlet t: T = { al = 1 }\n').diags.map((d) => d.slice(0, 5))).toEqual(["H0303", "H0302"]);
    const node = (body: string) => run(`node n {\n${body}\n}\n`).diags;
    expect(node('  address = "192.0.2.1"\n  resource = { cpu = 1, memory = 1GiB, disk = 10GB }')).toEqual(["H0302 L3:3 unknown field `resource` in `Node`; did you mean `resources`?"]);
    expect(node('  adress = "192.0.2.1"\n  resources = { cpu = 1, memory = 1GiB, disk = 10GB }')).toEqual(["H0302 L2:3 unknown field `adress` in `Node`; did you mean `address`?"]);
    // Without the misspelling, each is said.
    expect(node('  address = "192.0.2.1"').map((d) => d.slice(0, 5))).toEqual(["H0502"]);
  });
});
