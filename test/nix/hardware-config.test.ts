// A node's hardwareConfig must be a file of the workspace: it is copied into
// out/nix so that the flake needs nothing from outside the workspace.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFolder } from "../../language/workspace/workspace.js";
import { place } from "../../compiler/placement/index.js";
import { emitNix } from "../../compiler/nix/index.js";
import { applyEdits } from "../helpers/apply-edits.js";

function emitWith(hardwareConfig: string) {
  const parent = mkdtempSync(path.join(tmpdir(), "herd-hw-"));
  const ws = path.join(parent, "fleet");
  mkdirSync(path.join(ws, "hardware"), { recursive: true });
  const hw = '{ ... }: { fileSystems."/" = { device = "/dev/sda1"; fsType = "ext4"; }; }\n';
  writeFileSync(path.join(ws, "hardware/nas.nix"), hw);
  writeFileSync(path.join(parent, "outside.nix"), hw);
  writeFileSync(path.join(ws, "main.sys"), `node nas {\n  address        = "192.168.1.20"\n  hardwareConfig = ${JSON.stringify(hardwareConfig)}\n  resources      = { cpu = 4, memory = 16GiB }\n}\n`);
  const a = analyzeFolder(ws, { origins: true });
  expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const readFile = (rel: string) => {
    try {
      return readFileSync(path.resolve(ws, rel), "utf8");
    } catch {
      return undefined;
    }
  };
  const r = emitNix(a.model, place({ model: a.model }), { workspace: "fleet", rootFromOut: "../..", readFile, where: () => undefined });
  return { files: r.files, diagnostics: r.diagnostics.map((d) => `${d.code} ${d.message}`), source: a.source("main.sys")!, at: r.diagnostics[0]?.span };
}

describe("hardwareConfig", () => {
  it("copies a file of the workspace, with or without a leading ./", () => {
    for (const p of ["hardware/nas.nix", "./hardware/nas.nix", "hardware/../hardware/nas.nix"]) {
      const r = emitWith(p);
      expect(r.diagnostics, p).toEqual([]);
      expect(r.files.get("hardware/nas.nix"), p).toMatch(/fsType = "ext4"/);
    }
  });

  it.each(["../outside.nix", "hardware/../../outside.nix", "/etc/nixos/hardware-configuration.nix"])("refuses %s, which is outside the workspace, at the value", (p) => {
    const r = emitWith(p);
    expect(r.diagnostics).toEqual([
      `H0803 the hardware configuration of \`nas\` must be a file inside the workspace folder, but \`${p}\` is outside it: copy it into the workspace (for example to \`hardware/nas.nix\`) and give that path`,
    ]);
    expect(r.files.has("hardware/nas.nix")).toBe(false);
    expect(r.source.text.slice(r.at!.start, r.at!.end)).toBe(JSON.stringify(p));
  });
});

describe("H0802: an existing machine without hardware configuration", () => {
  it("suggests a hardwareConfig field at the top of the node's body, which then builds", () => {
    const ws = path.join(mkdtempSync(path.join(tmpdir(), "herd-hw-")), "fleet");
    mkdirSync(path.join(ws, "hardware"), { recursive: true });
    const text = `node nas {\n  address   = "192.168.1.20"\n  resources = { cpu = 4, memory = 16GiB }\n}\n`;
    writeFileSync(path.join(ws, "main.sys"), text);
    const readFile = (rel: string) => {
      try {
        return readFileSync(path.resolve(ws, rel), "utf8");
      } catch {
        return undefined;
      }
    };
    const emit = () => {
      const a = analyzeFolder(ws, { origins: true });
      expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      return emitNix(a.model, place({ model: a.model }), { workspace: "fleet", rootFromOut: "../..", readFile, where: () => undefined, sourceText: (f) => a.source(f)?.text });
    };
    const first = emit();
    expect(first.diagnostics.map((d) => d.code)).toEqual(["H0802"]);
    const edits = first.diagnostics[0]!.fix!.edits;
    expect(edits).toHaveLength(1);
    const fixed = applyEdits(text, edits);
    expect(fixed.split("\n").slice(0, 2)).toEqual(["node nas {", '  hardwareConfig = "hardware/nas.nix"']);
    // With the edit made and the file saved where it points, the machine builds with its hardware.
    writeFileSync(path.join(ws, "main.sys"), fixed);
    writeFileSync(path.join(ws, "hardware/nas.nix"), '{ ... }: { fileSystems."/" = { device = "/dev/sda1"; fsType = "ext4"; }; }\n');
    const second = emit();
    expect(second.diagnostics).toEqual([]);
    expect(second.files.get("hardware/nas.nix")).toMatch(/fsType = "ext4"/);
  });
});
