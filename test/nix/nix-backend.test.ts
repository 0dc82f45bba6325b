// The Nix backend, checked by the real Nix: every generated file parses, and
// each module, called with stub arguments, evaluates to exactly the settings
// Herd intended for that machine or service (compared with the model).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFolder, type Analysis } from "../../language/workspace/workspace.js";
import { place, type PlacementResult } from "../../compiler/placement/index.js";
import { emitNix } from "../../compiler/nix/index.js";
import { unitName } from "../../compiler/nix/service-module.js";
import { libStub, nixAvailable, nixEvalJson, nixParse, pkgsStub } from "./nix-tool.js";

const examples = ["shop", "homelab", "fleet50"];

interface Built {
  analysis: Analysis;
  placement: PlacementResult;
  dir: string;
  files: Map<string, string>;
  pkgs: string;
}

const built = new Map<string, Built>();

beforeAll(() => {
  if (!nixAvailable()) throw new Error("nix-instantiate not found: run scripts/setup.sh (it installs Debian's nix-bin)");
  for (const ex of examples) {
    const root = new URL(`../../examples/${ex}/`, import.meta.url).pathname;
    const analysis = analyzeFolder(root);
    expect(analysis.hasErrors).toBe(false);
    const placement = place({ model: analysis.model });
    const readFile = (rel: string) => readFileSync(path.join(root, rel), "utf8");
    const r = emitNix(analysis.model, placement, { workspace: ex, rootFromOut: "../..", readFile, where: () => "x.sys:1" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // out/nix inside a workspace-like folder, with the sops file base.nix points at.
    const ws = mkdtempSync(path.join(tmpdir(), `herd-nix-${ex}-`));
    const dir = path.join(ws, "out/nix");
    for (const [f, t] of r.files) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), t);
    }
    mkdirSync(path.join(ws, "secrets"), { recursive: true });
    writeFileSync(path.join(ws, "secrets/secrets.yaml"), "");
    built.set(ex, { analysis, placement, dir, files: r.files, pkgs: pkgsStub([...r.files.values()]) });
  }
});

const args = (b: Built, config = "{ }") => `{ config = ${config}; lib = ${libStub}; pkgs = ${b.pkgs}; modulesPath = "/modules"; }`;

describe.each(examples)("Nix backend: %s", (ex) => {
  it("writes files that nix-instantiate parses", () => {
    const b = built.get(ex)!;
    for (const f of b.files.keys()) nixParse(path.join(b.dir, f));
    expect(b.files.size).toBeGreaterThan(5);
  });

  it("evaluates every machine module to its name, platform, services and disk", () => {
    const b = built.get(ex)!;
    const model = b.analysis.model;
    for (const m of model.machines) {
      const replicas = b.placement.assignments.filter((a) => a.machine === m.name);
      const got = nixEvalJson(
        `let m = import ./machines/${m.name}.nix ${args(b)}; in { imports = builtins.length m.imports; hostName = m.networking.hostName; platform = m.nixpkgs.hostPlatform; disk = (m.disko.devices.disk.main.device or null); }`,
        b.dir,
      ) as Record<string, unknown>;
      const raw = m.settings.t === "record" ? m.settings.fields.get("nixos") : undefined;
      const hasRaw = raw?.t === "record" && raw.fields.size > 0 || raw?.t === "map" && raw.entries.size > 0;
      const hardware = m.settings.t === "record" && m.settings.fields.get("hardwareConfig")?.t === "string";
      expect(got).toEqual({
        imports: 2 + replicas.length + (m.kind === "provisioned" ? 1 : 0) + (hardware ? 1 : 0) + (hasRaw ? 1 : 0),
        hostName: m.name,
        platform: m.system,
        disk: m.kind === "provisioned" ? (m.machine?.t === "record" ? (m.machine.fields.get("disk") as { v: string }).v : null) : null,
      });
    }
  });

  it("copies each existing machine's hardware configuration into out/nix and imports it", () => {
    const b = built.get(ex)!;
    const existing = b.analysis.model.machines.filter((m) => m.kind === "existing");
    expect(existing.length).toBeGreaterThan(0);
    for (const m of existing) {
      const hc = m.settings.t === "record" ? m.settings.fields.get("hardwareConfig") : undefined;
      expect(hc?.t, `${m.name} sets hardwareConfig`).toBe("string");
      const root = new URL(`../../examples/${ex}/`, import.meta.url).pathname;
      expect(b.files.get(`hardware/${m.name}.nix`)).toBe(readFileSync(path.join(root, (hc as { v: string }).v), "utf8"));
      const got = nixEvalJson(
        `let m = import ./machines/${m.name}.nix ${args(b)}; h = import ./hardware/${m.name}.nix ${args(b)}; in { imported = builtins.elem ./hardware/${m.name}.nix m.imports; root = h.fileSystems."/".fsType; }`,
        b.dir,
      );
      expect(got).toEqual({ imported: true, root: "ext4" });
    }
  });

  it("evaluates every service module to its units, ports and resolved placement results", () => {
    const b = built.get(ex)!;
    for (const s of b.analysis.model.services) {
      const config = `{ sops.secrets = builtins.listToAttrs (map (n: { name = n; value = { path = "/run/secrets/" + n; }; }) [ ${secretsOf(b.files.get(`services/${s.name}.nix`)!).map((n) => JSON.stringify(n)).join(" ")} ]); services.postgresql.package = "/nix/store/stub-postgresql"; }`;
      const got = nixEvalJson(`(import ./services/${s.name}.nix { replica = 0; }) ${args(b, config)}`, b.dir) as Record<string, any>;
      const kind = s.run.t === "record" ? (s.run.fields.get("kind") as { v: string }).v : "";
      const unit = `${unitName(s)}-0`;
      if (s.ports.length > 0) expect(got.networking.firewall.allowedTCPPorts).toEqual(s.ports);
      if (kind === "systemd") {
        const u = got.systemd.services[unit];
        expect(u.wantedBy).toEqual(["multi-user.target"]);
        const env = s.run.t === "record" ? s.run.fields.get("env") : undefined;
        const expected: Record<string, string> = {};
        if (env?.t === "map") for (const [k, v] of env.entries) expected[k] = resolve(v, b, s.name);
        if (Object.keys(expected).length > 0) expect(u.environment).toEqual(expected);
        expect(typeof u.serviceConfig.ExecStart).toBe("string");
      }
      if (kind === "container") expect(Object.keys(got.virtualisation["oci-containers"].containers)).toEqual([unit]);
      if (kind === "postgres") expect(got.services.postgresql.settings.port).toBe(s.ports[0]);
      if (kind === "redis") expect(got.services.redis.servers[`herd-${s.name}`].port).toBe(s.ports[0]);
      if (kind === "nginx") expect(got.services.nginx.enable).toBe(true);
      if (s.health.t === "record") expect(got.systemd.timers[`${unit}-health`].wantedBy).toEqual(["timers.target"]);
    }
  });

  it("evaluates the base to the base's settings", () => {
    const b = built.get(ex)!;
    const base = b.analysis.model.base;
    const got = nixEvalJson(`builtins.removeAttrs (import ./base.nix ${args(b)}) [ "imports" "sops" ]`, b.dir) as Record<string, any>;
    const f = (v: typeof base | undefined, k: string) => (v?.t === "record" ? v.fields.get(k) : undefined);
    const list = (v: typeof base | undefined) => (v?.t === "list" ? v.items.map((x) => (x as { v: unknown }).v) : []);
    expect(got.time.timeZone).toBe((f(base, "timeZone") as { v: string }).v);
    expect(got.networking.firewall.allowedTCPPorts).toEqual(list(f(f(base, "firewall"), "allowTcp")));
    expect(got.services.openssh.ports).toEqual([(f(f(base, "ssh"), "port") as { v: number }).v]);
    const keys = list(f(f(base, "ssh"), "authorizedKeys"));
    if (keys.length > 0) expect(got.users.users.root.openssh.authorizedKeys.keys).toEqual(keys);
    const pkgs = f(base, "packages");
    const names = pkgs?.t === "list" ? pkgs.items.map((p) => `/nix/store/stub-${(p as { path: string[] }).path.join(".")}`) : [];
    if (names.length > 0) expect(got.environment.systemPackages).toEqual(names);
    expect(got.system.stateVersion).toBe((f(base, "stateVersion") as { v: string }).v);
  });

  it("deploys every machine through the hive and the flake's module lists", () => {
    const b = built.get(ex)!;
    const stubInputs = `{ nixpkgs = ./stub-nixpkgs.nix; disko.nixosModules.disko = "disko"; sops-nix.nixosModules.sops = "sops"; agenix.nixosModules.default = "agenix"; }`;
    writeFileSync(path.join(b.dir, "stub-nixpkgs.nix"), "{ system }: { inherit system; }\n");
    const got = nixEvalJson(
      `let inputs = ${stubInputs}; fleet = import ./fleet.nix { inherit inputs; }; hive = import ./hive.nix { inherit inputs fleet; }; in builtins.mapAttrs (n: v: if n == "meta" then builtins.attrNames v.nodeNixpkgs else v.deployment // { modules = builtins.length v.imports; }) hive`,
      b.dir,
    ) as Record<string, any>;
    const model = b.analysis.model;
    expect(got.meta).toEqual(model.machines.map((m) => m.name).sort());
    for (const m of model.machines) {
      const d = got[m.name];
      expect(d.targetHost).toBe(m.address ?? m.name);
      expect(d.modules).toBe(3);
      const services = [...new Set(b.placement.assignments.filter((a) => a.machine === m.name).map((a) => a.service))];
      expect(d.tags).toEqual([...(m.pool ? [`pool-${m.pool}`] : []), ...services].sort());
    }
  });
});

/** The text a string value should become, with placement results resolved. */
function resolve(v: import("../../language/eval/values.js").Value, b: Built, _service: string): string {
  if (v.t === "string") return v.v;
  if (v.t !== "template") return "";
  return v.parts
    .map((p) => {
      if (typeof p === "string") return p;
      if ("pkg" in p) return `/nix/store/stub-${p.pkg.join(".")}`;
      if ("deferred" in p) {
        const r = p.deferred;
        const machines = b.placement.assignments.filter((a) => a.service === r.service).sort((x, y) => x.replica - y.replica).map((a) => a.machine);
        const port = b.analysis.model.services.find((s) => s.name === r.service)?.ports[0];
        const entry = (m: string) => (r.attr === "nodes" || port === undefined ? m : `${m}:${port}`);
        return r.index !== undefined ? entry(machines[r.index]!) : machines.map(entry).join(r.join ?? "");
      }
      return "";
    })
    .join("");
}

function secretsOf(text: string): string[] {
  return [...text.matchAll(/sops\.secrets\."([^"]+)"/g)].map((m) => m[1]!);
}

void readFileSync;
