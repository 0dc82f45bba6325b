// The analysis entry point: in-memory workspaces, overlays, and reuse of
// each file's results while its text is unchanged.
import { describe, expect, it } from "vitest";
import { analyzeFiles, codes, memoryWorkspace, describeDiagnostics } from "../helpers/memory-workspace.js";

describe("workspace analysis", () => {
  it("reuses a file's syntax tree and bindings while its text and imports are unchanged", () => {
    const { ws, fs } = memoryWorkspace({
      "a.sys": 'import "./lib/b.sys" { size }\nlet x = size',
      "c.sys": "let y = 2",
      "lib/b.sys": "let size = 1GiB",
    });
    const first = ws.analyze();
    fs.write("/ws/c.sys", "let y = 3");
    const second = ws.analyze();
    const same = (k: string) => second.modules.get(k)!.tree === first.modules.get(k)!.tree;
    expect(same("a.sys")).toBe(true);
    expect(same("lib/b.sys")).toBe(true);
    expect(same("c.sys")).toBe(false);
    expect(second.modules.get("a.sys")!.binding).toBe(first.modules.get("a.sys")!.binding);
    // Changing an imported file re-binds its importers (and nothing else).
    fs.write("/ws/lib/b.sys", "let size = 2GiB\nlet other = 1");
    const third = ws.analyze();
    expect(third.modules.get("a.sys")!.tree).toBe(first.modules.get("a.sys")!.tree);
    expect(third.modules.get("a.sys")!.binding).not.toBe(first.modules.get("a.sys")!.binding);
    expect(third.modules.get("c.sys")!.binding).toBe(second.modules.get("c.sys")!.binding);
    expect(third.evaluator.letValue(third.modules.get("a.sys")!.decls.symbols.get("x")!)).toEqual({ t: "bytes", v: 2 * 1024 ** 3 });
  });

  it("merges terraform blocks kept from the last analysis without merging them into each other", () => {
    const tf = 'terraform {\n  resource.hcloud_network.a { name = "a" }\n}\nterraform {\n  resource.hcloud_network.b { name = "b" }\n}\n';
    const { ws, fs } = memoryWorkspace({ "main.sys": 'import "./lib/tf"\nlet x = 1\n', "lib/tf.sys": tf });
    expect(describeDiagnostics(ws.analyze())).toEqual([]);
    fs.write("/ws/main.sys", 'import "./lib/tf"\nlet x = 2\n');
    const again = ws.analyze();
    expect(describeDiagnostics(again)).toEqual([]);
    const networks = (again.model.terraform!.value as unknown as { fields: Map<string, { fields: Map<string, { fields: Map<string, unknown> }> }> }).fields.get("resource")!.fields.get("hcloud_network")!;
    expect([...networks.fields.keys()]).toEqual(["a", "b"]);
  });

  it("reuses the models of unchanged services and machines, and still reports what they hold", () => {
    const pool = 'import "std/services" { systemdService }\npool web {\n  count   = 2\n  machine = { provider = "hetzner", type = "cx22", location = "fsn1", resources = { cpu = 2, memory = 4GiB } }\n  labels  = { at = api.endpoints[0] }\n}\nservice api {\n  run = systemdService { exec = "x" }\n  place { avoid api }\n}\n';
    const { ws, fs } = memoryWorkspace({ "a.sys": pool, "c.sys": "let y = 2" });
    const first = ws.analyze();
    fs.write("/ws/c.sys", "let y = 3");
    const second = ws.analyze();
    expect(second.model.services[0]).toBe(first.model.services[0]);
    expect(second.model.machines[1]).toBe(first.model.machines[1]);
    // The label that is not plain text, and the service that avoids itself, are reported every time.
    const codes = (a: typeof first) => describeDiagnostics(a).map((d) => d.slice(0, 5)).sort();
    expect(codes(first)).toEqual(["H0404", "H0504"]);
    expect(codes(second)).toEqual(codes(first));
  });

  it("analyses unsaved editor text through overlays, and forgets deleted files", () => {
    const { ws, fs } = memoryWorkspace({ "a.sys": "let x = 1" });
    ws.setOverlay("a.sys", "let x = unknown");
    expect(describeDiagnostics(ws.analyze())).toEqual(["H0201 a.sys:1:9 unknown name `unknown`"]);
    ws.setOverlay("new.sys", "let z = 1");
    expect([...ws.analyze().modules.keys()]).toContain("new.sys");
    ws.setOverlay("a.sys", undefined);
    ws.setOverlay("new.sys", undefined);
    fs.delete("/ws/a.sys");
    expect([...ws.analyze().modules.keys()].filter((k) => !k.startsWith("std:"))).toEqual([]);
  });

  it("loads the prelude and only the standard-library modules that are imported", () => {
    const { ws } = memoryWorkspace({ "a.sys": 'import "std/aws" as aws\nlet m = aws.instance { type = "t3.small" }' });
    const a = ws.analyze();
    expect(describeDiagnostics(a)).toEqual([]);
    expect([...a.modules.keys()].filter((k) => k.startsWith("std:")).sort()).toEqual(["std:aws.sys", "std:prelude.sys"]);
  });

  it("reports a declaration with a syntax error by that error alone, and the others as usual", () => {
    const text = [
      'import "std/services" { http, tcp }',
      "service a {",
      "  health = http {",
      "  rollout = { maxUnavailable = 1 }",
      '  run = { kind = "systemd", exec = "/bin/a" }',
      "}",
      'let p: Port = 70000',
    ].join("\n");
    const a = analyzeFiles({ "main.sys": text });
    // Without the rule: `http` needs `port`, has no `rollout` nor `run`, `a` misses `run`, `tcp` unused, no machines.
    expect(describeDiagnostics(a).map((d) => d.split(" ").slice(0, 2).join(" "))).toEqual(["H0110 main.sys:3:18", "H0305 main.sys:7:15"]);
    // Fixed, what the declaration holds is reported.
    const fixed = analyzeFiles({ "main.sys": text.replace("http {\n", "http {}\n") });
    expect(codes(fixed)).toEqual(expect.arrayContaining(["H0209", "H0310", "H0305"]));
  });

  it("reports a file it cannot read, once, at the file", () => {
    const { ws, fs } = memoryWorkspace({ "a.sys": "let x = 1", "b.sys": "let y = 2" });
    const orig = fs.readFile.bind(fs);
    fs.readFile = (p: string) => (p.endsWith("b.sys") ? { error: "permission denied" } : orig(p));
    expect(describeDiagnostics(ws.analyze())).toEqual(["H0901 b.sys:1:1 cannot read b.sys: permission denied"]);
  });
});
