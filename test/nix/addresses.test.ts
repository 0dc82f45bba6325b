// A provisioned machine's address in NixOS settings: the modules that read it
// bind `addresses` (from addresses.json, written after `terraform apply`) and
// evaluate, before Terraform has run (the machine's name) and after (its IPv4).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFolder } from "../../language/workspace/workspace.js";
import { place } from "../../compiler/placement/index.js";
import { emitNix } from "../../compiler/nix/index.js";
import { libStub, nixAvailable, nixEvalJson, nixParse, pkgsStub } from "./nix-tool.js";

const fleet = `import "std/hetzner" as hcloud
import "std/services" { systemdService }

base {
  ssh.authorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0zQ8b1Oc7ZKiL4XTYIoOZx2G7gFv2X6cYbO4JrF0u ops@example.org"]
  nixos = { networking.extraHosts = "\${web-1.ipv4} front" }
}

pool web {
  count   = 2
  machine = hcloud.server { type = "cx22" }
}

node gate {
  machine = hcloud.server { type = "cx22" }
  nixos   = { environment.etc."peer".text = web-2.ipv4 }
}

service api {
  replicas = 1
  run = systemdService { exec = "\${pkgs.hello}/bin/hello", env = { PEER = "\${web-2.ipv4}:80" } }
}
`;

let dir = "";
let files = new Map<string, string>();

beforeAll(() => {
  if (!nixAvailable()) throw new Error("nix-instantiate not found: run scripts/setup.sh (it installs Debian's nix-bin)");
  const ws = mkdtempSync(path.join(tmpdir(), "herd-addresses-"));
  writeFileSync(path.join(ws, "fleet.sys"), fleet);
  const analysis = analyzeFolder(ws);
  expect(analysis.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const r = emitNix(analysis.model, place({ model: analysis.model }), { workspace: "addr", rootFromOut: "../..", readFile: () => undefined, where: () => undefined });
  expect(r.diagnostics).toEqual([]);
  files = r.files;
  dir = path.join(ws, "out/nix");
  for (const [f, t] of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), t);
  }
  mkdirSync(path.join(ws, "secrets"), { recursive: true });
  writeFileSync(path.join(ws, "secrets/secrets.yaml"), "");
});

const args = () => `{ config = { sops.secrets = { }; }; lib = ${libStub}; pkgs = ${pkgsStub([...files.values()])}; modulesPath = "/modules"; }`;
const evaluate = () => ({
  base: nixEvalJson(`(builtins.head (import ./base.nix ${args()}).imports).networking.extraHosts`, dir),
  // The raw options are the last of the machine's imports.
  gate: nixEvalJson(`let i = (import ./machines/gate.nix ${args()}).imports; in (builtins.elemAt i (builtins.length i - 1)).environment.etc.peer.text`, dir),
  api: nixEvalJson(`(import ./services/api.nix { replica = 0; } ${args()}).systemd.services."herd-api-0-0".environment.PEER`, dir),
});

describe("addresses of provisioned machines in NixOS settings", () => {
  it("binds `addresses` only in the modules that read one", () => {
    for (const f of files.keys()) nixParse(path.join(dir, f));
    const binding = (f: string) => /^ {2}addresses = import \.{1,2}\/addresses\.nix;$/m.test(files.get(f)!);
    expect(binding("base.nix")).toBe(true);
    expect(binding("machines/gate.nix")).toBe(true);
    expect(binding("services/api.nix")).toBe(true);
    expect(binding("machines/web-1.nix")).toBe(false);
  });

  it("reads the machine's name before Terraform has run", () => {
    expect(evaluate()).toEqual({ base: "web-1 front", gate: "web-2", api: "web-2:80" });
  });

  it("reads the IPv4 address Terraform wrote to addresses.json", () => {
    writeFileSync(path.join(dir, "addresses.json"), JSON.stringify({ "web-1": { ipv4: "198.51.100.1", id: "1" }, "web-2": { ipv4: "198.51.100.2", id: "2" } }));
    expect(evaluate()).toEqual({ base: "198.51.100.1 front", gate: "198.51.100.2", api: "198.51.100.2:80" });
  });
});
