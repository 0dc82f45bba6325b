// Reusing results across analyses must never change them: after any sequence
// of edits, a long-lived workspace reports exactly what a fresh one does.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeDiagnostics, memoryWorkspace } from "../helpers/memory-workspace.js";
import { declarationSpan } from "../../language/names/symbols.js";
import { walk } from "../../language/syntax/walk.js";
import { typeToString } from "../../language/types/types.js";
import type { Analysis } from "../../language/workspace/workspace.js";
import { MemoryFileSystem } from "../../language/workspace/file-system.js";
import { checkPlacement } from "../../compiler/placement/index.js";
import { Project } from "../../lsp/ide/project.js";

const shop = readFileSync(new URL("../../examples/shop/shop.sys", import.meta.url), "utf8");

// A workspace split over files that import each other, so edits ripple.
const base: Record<string, string> = {
  "main.sys": shop.replace('import "std/services" { systemdService, postgres, http }', 'import "std/services" { systemdService, postgres, http }\nimport "./lib/sizes.sys" { small, big, worker }'),
  "extra.sys":
    'import "std/services" { systemdService }\nimport "./lib/sizes.sys" { worker, sized, pinned }\nimport "./lib/names.sys" { batch, tag, spreadOut, portOf, rackRule, batched }\nservice mailer = worker("mailer", 2)\nservice one = sized("one")\nservice two = sized("two", { memory = 1GiB })\n' +
    // One reads a constant of the library and calls none of its functions; the other only calls one.
    'service counted {\n  replicas = batch\n  run      = systemdService { exec = "${pkgs.counter}/bin/counter" }\n}\nservice tagged {\n  run = systemdService { exec = "${pkgs.tagger}/bin/${tag("t")}" }\n}\n' +
    // Its placement rule is written in the library, after `tag`: an edit of `tag` moves it.
    'service spreader = spreadOut("spreader")\n' +
    // With 2 instead of 1, the port is out of range: H0305 in the library's function body, found while evaluating this service.
    'service porter = portOf(1)\n' +
    // A constant of the library holding a placement rule, also after `tag`.
    'service batcher = batched("batcher")\n' +
    'service racked {\n  replicas = 0\n  place    = rackRule\n  run      = systemdService { exec = "${pkgs.racked}/bin/racked" }\n}\n' +
    // Its argument reads nothing, and is kept: only while the parameter's type, named and not written in the head, is the same.
    'service pin = pinned("pin", 2)\n',
  "lib/sizes.sys":
    'import "std/services" { systemdService }\nlet small = 512MiB\nlet big = small * 4\nfn worker(name: String, count: Int(1..5)): Service = {\n  replicas  = count\n  resources = { cpu = 250m, memory = small }\n  run       = systemdService { exec = "${pkgs.worker}/bin/worker ${name}" }\n}\n' +
    // A record type with defaults: its types hold nodes of this file.
    'type Pin = Int(1..3)\nfn pinned(name: String, n: Pin): Service = {\n  replicas = n\n  run      = systemdService { exec = "${pkgs.pin}/bin/${name}" }\n}\n' +
    '/// How big a sized service is.\ntype Sizing = { memory: Bytes = 256MiB, cpu: Cpu = 100m }\nfn sized(name: String, s: Sizing = {}): Service = {\n  resources = { cpu = s.cpu, memory = s.memory }\n  run       = systemdService { exec = "${pkgs.worker}/bin/${name}" }\n}\n',
  // No record types: an edit here that keeps the types lets importers keep their checks and the values that did not read it.
  // Machines in a file of their own: a keystroke elsewhere keeps what it adds to the system (eval/system.ts, ModuleParts).
  "fleet.sys":
    'import "std/hetzner" as hcloud\n/// Spare capacity.\npool spare {\n  count   = 2\n  machine = hcloud.server { type = "cx22", location = "hel1" }\n  labels  = { tier = "frontend", zone = ["hel1", "fsn1"][index] }\n}\n' +
    'node lab-1 {\n  address   = "203.0.113.9"\n  resources = { cpu = 4, memory = 8GiB, disk = 100GB }\n  labels    = { tier = "data", zone = "lab" }\n}\n',
  "lib/names.sys":
    'import "std/services" { systemdService }\nlet batch = 2\nfn tag(name: String): String = "svc-${name}"\n' +
    // No replicas: the rule's H0503 (no machine has `rack`) is reported at it, with nothing left unplaced for placement to search.
    'fn spreadOut(name: String): Service = {\n  replicas = 0\n  place {\n    spread by rack\n  }\n  run = systemdService { exec = "${pkgs.spread}/bin/${name}" }\n}\n' +
    'fn portOf(k: Int): Service = {\n  run = systemdService { exec = "${pkgs.porter}/bin/porter", ports = [k * 40000] }\n}\n' +
    'let rackRule = place {\n  on rack == "r1"\n}\n' +
    // Fields that read a constant and call a function of this file: kept across an edit of another field only while those are unchanged.
    'fn batched(name: String): Service = {\n  replicas = batch\n  run      = systemdService { exec = "${pkgs.batcher}/bin/${tag(name)}" }\n}\n',
};

const edits: [string, (t: string) => string][] = [
  ["lib/sizes.sys", (t) => t.replace("let small = 512MiB", "let small = 1GiB")],
  ["lib/sizes.sys", (t) => t.replace("let small = 512MiB", "let small = 512")],
  ["lib/sizes.sys", (t) => t.replace("Int(1..5)", "Int(1..1)")],
  ["lib/sizes.sys", (t) => t.replace("fn worker", "fn wrker")],
  // The type of a parameter, not its head: the argument is out of range now (H0305).
  ["lib/sizes.sys", (t) => t.replace("type Pin = Int(1..3)", "type Pin = Int(1..1)")],
  ["extra.sys", (t) => t.replace('worker("mailer", 2)', 'worker("mailer", 9)')],
  ["extra.sys", (t) => t + "let oops = undefinedName\n"],
  ["main.sys", (t) => t.replace("replicas  = 3", "replicas  = 4")],
  ["main.sys", (t) => t.replace("avoid api", "avoid nothing")],
  ["main.sys", (t) => t.replace("count   = 4", "count   = 0")],
  ["main.sys", (t) => t.replace('let apiPort: Port = 8080', 'let apiPort: Port = 80800')],
  // Nothing placement reads: the language server keeps its placement.
  ["lib/sizes.sys", (t) => t.replace("/bin/worker ${name}", "/bin/worker --quiet ${name}")],
  ["main.sys", (t) => "// a comment that moves every position\n" + t],
  // Edits in the imported module that keep what it declares (its importers keep their bindings and, where the types are the same, their checks).
  ["lib/sizes.sys", (t) => "// a comment that moves every position in the library\n" + t],
  ["lib/sizes.sys", (t) => t.replace("memory: Bytes = 256MiB", "memory: Bytes = 300MiB")],
  ["lib/sizes.sys", (t) => t.replace("cpu: Cpu = 100m", "cpu: Cpu = 100m, disk: Bytes = 1GB")],
  ["lib/sizes.sys", (t) => t.replace('/bin/${name}"', '/bin/${name} --sized"')],
  ["lib/sizes.sys", (t) => t.replace("fn sized(name: String,", "fn sized(name: Int,")],
  ["lib/sizes.sys", (t) => t.replace("let big = small * 4", "let big = \"big\"")],
  ["lib/names.sys", (t) => t.replace("let batch = 2", "let batch = 3")],
  ["lib/names.sys", (t) => t.replace('"svc-${name}"', '"job-${name}"')],
  ["lib/names.sys", (t) => t.replace('"svc-${name}"', '"service-${name}"')],
  ["lib/names.sys", (t) => t.replace("spread by rack", "spread by zone")],
  ["extra.sys", (t) => t.replace("portOf(1)", "portOf(2)")],
  ["lib/names.sys", (t) => "// moves every position\n" + t],
  ["lib/names.sys", (t) => t.replace("let batch = 2", 'let batch = "two"')],
  // Inside one field of a function's result: the other fields of each call are kept, and the
  // rules of `place` move with it when an edit before it, in the same function, moves it.
  ["lib/names.sys", (t) => t.replace("  replicas = 0\n  place {", "  replicas = 0 // none yet\n  place {")],
  ["lib/names.sys", (t) => t.replace('/bin/${name}"', '/bin/${name} --verbose"')],
  ["lib/sizes.sys", (t) => t.replace("  replicas  = count\n", "  replicas  = count + 0\n")],
  ["fleet.sys", (t) => t.replace("count   = 2", "count   = 3")],
  // A service name extra.sys declares too (H0202): which declaration counts is decided across files.
  ["fleet.sys", (t) => 'import "std/services" { systemdService }\n' + t + 'service counted {\n  run = systemdService { exec = "${pkgs.dup}/bin/dup" }\n}\n'],
  // The label `rack` that a rule of extra.sys (kept: not edited) asks for: its H0503 goes.
  ["fleet.sys", (t) => t.replace('zone = "lab" }', 'zone = "lab", rack = "r1" }')],
  // A label that is not plain text (H0404), reported while the machine is built: again at every analysis that keeps the file.
  ["fleet.sys", (t) => t.replace('zone = "lab" }', 'zone = "lab", pkg = "${pkgs.hello}" }')],
];

/** A random edit (the arbitraries below) applied to `t`: `at` picks the character or line. */
function randomEdit(t: string, e: { kind: "delete-char" | "insert" | "delete-line" | "duplicate-line"; at: number; text: string }): string {
  const at = t.length === 0 ? 0 : e.at % t.length;
  const lines = t.split("\n");
  const l = e.at % Math.max(1, lines.length);
  if (e.kind === "delete-char") return t.slice(0, at) + t.slice(at + 1);
  if (e.kind === "insert") return t.slice(0, at) + e.text + t.slice(at);
  if (e.kind === "delete-line") return [...lines.slice(0, l), ...lines.slice(l + 1)].join("\n");
  return [...lines.slice(0, l), lines[l] ?? "", ...lines.slice(l)].join("\n");
}

function fingerprint(a: Analysis): string {
  const model = JSON.stringify(a.model, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
  return describeDiagnostics(a).join("\n") + "\n" + model + "\n" + navigation(a);
}

/** Where every name and field leads, and the type found there: what hover and go-to-definition show. */
function navigation(a: Analysis): string {
  const out: string[] = [];
  for (const [key, m] of a.modules) {
    if (key.startsWith("std:")) continue;
    walk(m.tree, (n) => {
      const sym = m.binding.refs.get(n);
      const decl = sym && declarationSpan(sym);
      const field = a.checker.fieldOf(n, key);
      const type = a.checker.typeOf(n, key);
      if (!decl && !field && !type) return;
      const to = decl ? `${decl.module}:${decl.span.start}-${decl.span.end}` : "";
      const fieldAt = field?.decl ? `${field.decl.module}:${field.decl.node.start}${field.doc ? ` ${field.doc}` : ""}` : "";
      out.push(`${key}:${n.start} ${n.kind} → ${to} ${fieldAt} ${type ? typeToString(type) : ""}`);
    });
  }
  return out.join("\n");
}

describe("incremental analysis", () => {
  it("matches a fresh analysis after every step of random edit sequences", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: edits.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 6 }), (steps) => {
        const files = { ...base };
        const { ws, fs } = memoryWorkspace(files);
        ws.analyze();
        for (const [i, undo] of steps) {
          const [file, edit] = edits[i]!;
          files[file] = undo ? base[file]! : edit(files[file]!);
          fs.write(`/ws/${file}`, files[file]!);
          const incremental = fingerprint(ws.analyze());
          const fresh = fingerprint(memoryWorkspace(files).ws.analyze());
          expect(incremental).toBe(fresh);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("matches a fresh analysis when an edit moves a function whose values are kept, or one that reported an error", () => {
    // `spreadOut` and `portOf` come after `tag` in lib/names.sys: lengthening `tag` moves them without changing their text.
    const longer = (t: string) => t.replace('"svc-${name}"', '"service-${name}"');
    for (const steps of [
      [["lib/names.sys", longer]],
      [["extra.sys", (t: string) => t.replace("portOf(1)", "portOf(2)")], ["lib/names.sys", longer]],
      [["extra.sys", (t: string) => t.replace("portOf(1)", "portOf(2)")], ["lib/names.sys", (t: string) => "// moves every position\n" + t]],
    ] as [string, (t: string) => string][][]) {
      const files = { ...base };
      const { ws, fs } = memoryWorkspace(files);
      ws.analyze();
      for (const [file, edit] of steps) {
        files[file] = edit(files[file]!);
        fs.write(`/ws/${file}`, files[file]!);
        expect(fingerprint(ws.analyze())).toBe(fingerprint(memoryWorkspace(files).ws.analyze()));
      }
    }
  });

  it("keeps the fields of a function's result that an edit of another field left alone, and moves their rules", () => {
    const files = { ...base };
    const { ws, fs } = memoryWorkspace(files);
    const spreader = (a: Analysis) => a.model.services.find((s) => s.name === "spreader")!;
    const first = ws.analyze();
    for (const edit of [
      (t: string) => t.replace('/bin/${name}"', '/bin/${name} --verbose"'),
      (t: string) => t.replace("  replicas = 0\n  place {", "  replicas = 0 // none yet\n  place {"),
    ]) {
      files["lib/names.sys"] = edit(files["lib/names.sys"]!);
      fs.write("/ws/lib/names.sys", files["lib/names.sys"]);
      const next = ws.analyze();
      // The service was evaluated again (its run changed, or its function's text did), its rules were not.
      expect(spreader(next)).not.toBe(spreader(first));
      expect(spreader(next).placement).toBe(spreader(first).placement);
      expect(fingerprint(next)).toBe(fingerprint(memoryWorkspace(files).ws.analyze()));
    }
    // The rule's H0503 points at `rack` where it now is.
    const rule = describeDiagnostics(ws.analyze()).find((d) => d.startsWith("H0503"))!;
    const line = files["lib/names.sys"]!.split("\n").findIndex((l) => l.includes("spread by rack")) + 1;
    expect(rule).toContain(`lib/names.sys:${line}:15`);
  });

  it("keeps a file's machines, and what making them reported, through edits of other files", () => {
    const files: Record<string, string> = { ...base, "fleet.sys": base["fleet.sys"]!.replace('zone = "lab" }', 'zone = "lab", pkg = "${pkgs.hello}" }') };
    const { ws, fs } = memoryWorkspace(files);
    const first = ws.analyze();
    const lab = (a: Analysis) => a.model.machines.find((m) => m.name === "lab-1");
    const badLabel = (a: Analysis) => describeDiagnostics(a).filter((d) => d.startsWith("H0404 fleet.sys"));
    expect(badLabel(first)).toHaveLength(1);
    for (const [file, edit] of [
      ["extra.sys", (t: string) => t.replace('worker("mailer", 2)', 'worker("mailer", 3)')],
      ["lib/names.sys", (t: string) => t.replace("let batch = 2", "let batch = 3")],
    ] as const) {
      files[file] = edit(files[file]!);
      fs.write(`/ws/${file}`, files[file]!);
      const next = ws.analyze();
      // The very machine made before (fleet.sys was not built again), and its diagnostic again.
      expect(lab(next)).toBe(lab(first));
      expect(badLabel(next)).toEqual(badLabel(first));
      // Each analysis answers by name with its own models, though the index of names lives on.
      for (const a of [first, next]) expect(a.service("mailer")).toBe(a.model.services.find((s) => s.name === "mailer"));
      expect(next.service("mailer")!.replicas).toBe(files["extra.sys"]!.includes('worker("mailer", 3)') ? 3 : 2);
      expect(fingerprint(next)).toBe(fingerprint(memoryWorkspace(files).ws.analyze()));
    }
  });

  it("matches a fresh analysis when files are deleted and written again", () => {
    const files: Record<string, string> = { ...base };
    const { ws, fs } = memoryWorkspace(files);
    ws.analyze();
    for (const [file, text] of [
      ["fleet.sys", undefined],
      ["extra.sys", undefined],
      ["fleet.sys", base["fleet.sys"]],
      ["extra.sys", base["extra.sys"]!.replace('worker("mailer", 2)', 'worker("mailer", 3)')],
    ] as [string, string | undefined][]) {
      if (text === undefined) {
        fs.delete(`/ws/${file}`);
        delete files[file];
      } else {
        fs.write(`/ws/${file}`, text);
        files[file] = text;
      }
      expect(fingerprint(ws.analyze())).toBe(fingerprint(memoryWorkspace(files).ws.analyze()));
    }
  });

  it("coerces a kept call's result again when a default of its type changed", () => {
    const files: Record<string, string> = {
      "main.sys": 'import "./lib/make.sys" { app }\nlet a = app("x")\nlet port = a.net.port\n',
      // `net` is kept from the last evaluation of the call; what it becomes in `Net` is not.
      "lib/make.sys": 'import "./app.sys" { App }\nfn app(name: String): App = {\n  name = name\n  net  = {}\n}\n',
      "lib/app.sys": 'import "./defaults.sys" { defaultPort }\ntype Net = { port: Port = defaultPort }\ntype App = { name: String, net: Net }\n',
      "lib/defaults.sys": "let defaultPort: Port = 8080\n",
    };
    const { ws, fs } = memoryWorkspace(files);
    const port = (a: Analysis) => a.evaluator.letValue(a.modules.get("main.sys")!.decls.symbols.get("port")!);
    expect(port(ws.analyze())).toEqual({ t: "int", v: 8080 });
    fs.write("/ws/lib/defaults.sys", "let defaultPort: Port = 9090\n");
    expect(port(ws.analyze())).toEqual({ t: "int", v: 9090 });
  });

  it("reports a parameter's bad default again for each call evaluated again", () => {
    const files: Record<string, string> = {
      "a.sys": 'import "./lib/f.sys" { f }\nlet x = f()\n',
      "b.sys": 'import "./lib/f.sys" { f }\nlet y = f()\n',
      "lib/f.sys": "fn f(n: Int(1..5) = 9): Int = n\n",
    };
    const { ws, fs } = memoryWorkspace(files);
    const outOfRange = (a: Analysis) => describeDiagnostics(a).filter((d) => d.startsWith("H0305"));
    expect(outOfRange(ws.analyze())).toHaveLength(1);
    for (const file of ["a.sys", "b.sys", "a.sys"]) {
      files[file] = files[file]!.replace("f()", "f() + 0");
      fs.write(`/ws/${file}`, files[file]!);
      expect(outOfRange(ws.analyze())).toEqual(outOfRange(memoryWorkspace(files).ws.analyze()));
    }
  });

  it("evaluates again what read an imported node's address when the node changes", () => {
    const files: Record<string, string> = {
      "main.sys": 'import "./lib/nodes.sys" { db1 }\nimport "std/services" { systemdService }\nservice api {\n  run = systemdService { exec = "api --db ${db1.address}" }\n}\n',
      "lib/nodes.sys": 'node db1 {\n  address   = "203.0.113.7"\n  resources = { cpu = 2, memory = 4GiB, disk = 40GB }\n}\n',
    };
    const { ws, fs } = memoryWorkspace(files);
    ws.analyze();
    for (const edit of [(t: string) => t.replace("203.0.113.7", "203.0.113.8"), (t: string) => "// moved\n" + t]) {
      files["lib/nodes.sys"] = edit(files["lib/nodes.sys"]!);
      fs.write("/ws/lib/nodes.sys", files["lib/nodes.sys"]);
      const a = ws.analyze();
      expect(fingerprint(a)).toBe(fingerprint(memoryWorkspace(files).ws.analyze()));
      expect(JSON.stringify(a.model.services[0]!.run, (_k, v: unknown) => (v instanceof Map ? [...v] : v))).toContain("api --db 203.0.113.8");
    }
  });

  it("matches a fresh analysis after random edits of the imported modules, broken ones included", () => {
    const edit = fc.record({
      file: fc.constantFrom("lib/sizes.sys", "lib/names.sys", "extra.sys"),
      kind: fc.constantFrom("delete-char", "insert", "delete-line", "duplicate-line"),
      at: fc.nat(),
      text: fc.constantFrom("x", "1", " ", "\n", "}", "{", '"', "(", "let q = 1\n", "fn z(): Int = 1\n", "// note\n", "type Q = Int\n", "let batch = 9\n"),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (steps) => {
        const files = { ...base };
        const { ws, fs } = memoryWorkspace(files);
        ws.analyze();
        for (const e of steps) {
          files[e.file] = randomEdit(files[e.file]!, e);
          fs.write(`/ws/${e.file}`, files[e.file]!);
          expect(fingerprint(ws.analyze())).toBe(fingerprint(memoryWorkspace(files).ws.analyze()));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("reports and builds in a one-shot analysis (as `herd check` makes) what an editor's analysis does, broken files included", () => {
    // A one-shot analysis records no types, field references or groupings for later questions, and checks a leaf again rather than look its type up.
    const checked = (a: Analysis) => describeDiagnostics(a).join("\n") + "\n" + JSON.stringify(a.model, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    const edit = fc.record({
      file: fc.constantFrom("main.sys", "extra.sys", "lib/sizes.sys", "lib/names.sys", "fleet.sys", "inferred.sys"),
      kind: fc.constantFrom("delete-char", "insert", "delete-line"),
      at: fc.nat(),
      text: fc.constantFrom("x", "1", "2", " ", "\n", "}", "{", '"', "[", "(", ", ", "+ 1", '"a"', "none", "10s", "512MiB", "let q = 1\n", "let batch = 9\n", "replicas = 2\n"),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (steps) => {
        // Types inferred from leaves (which the one-shot analysis does not keep): two of them wrong here.
        // And a rule's weight out of range, known only once evaluated (the type it coerces into is kept for evaluation).
        const files: Record<string, string> = {
          ...base,
          "inferred.sys":
            'import "std/services" { systemdService }\nlet rr = { a = 1, s = "x", t = 2s }\nlet bb: String = rr.a\nlet cc: Int = rr.s\nlet dd: Duration = rr.t\n' +
            'fn heavy(n: Int): Int = n * 4\nservice weighted {\n  replicas = 0\n  place {\n    prefer tier == "data" weight heavy(50)\n  }\n  run = systemdService { exec = "${pkgs.w}/bin/w" }\n}\n',
        };
        for (const e of steps) files[e.file] = randomEdit(files[e.file]!, e);
        expect(checked(memoryWorkspace(files, { oneShot: true }).ws.analyze())).toBe(checked(memoryWorkspace(files).ws.analyze()));
      }),
      { numRuns: 80 },
    );
  });

  it("gives the language server the placement a fresh analysis would, reused or not", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: edits.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 6 }), (steps) => {
        const files = { ...base };
        const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`/ws/${p}`, t])));
        const project = new Project({ root: "/ws", fs });
        project.snapshot().placement();
        for (const [i, undo] of steps) {
          const [file, edit] = edits[i]!;
          files[file] = undo ? base[file]! : edit(files[file]!);
          fs.write(`/ws/${file}`, files[file]!);
          project.changed();
          const got = project.snapshot().placement();
          const fresh = memoryWorkspace(files).ws.analyze();
          const clean = !fresh.diagnostics.some((d) => d.severity === "error");
          expect(got !== undefined).toBe(clean);
          if (!got) continue;
          const want = checkPlacement(fresh.model);
          expect(JSON.stringify(got.result)).toBe(JSON.stringify(want.result));
          expect(got.diagnostics.map((d) => `${d.code} ${d.file}:${d.span.start} ${d.message}`)).toEqual(want.diagnostics.map((d) => `${d.code} ${d.file}:${d.span.start} ${d.message}`));
        }
      }),
      { numRuns: 40 },
    );
  });
});
