// The Nix backend: the placed system as files a NixOS user would have
// written by hand (paths relative to out/nix).
import { posix } from "node:path";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.js";
import { diagnostic } from "../../language/diagnostics/diagnostic.js";
import type { SourceRef, SystemModel } from "../../language/eval/model.js";
import type { PlacementResult } from "../placement/index.js";
import { baseModule, secretsBackend } from "./base-module.js";
import { addressesNix, fleetNix, flakeNix, hiveNix, hostsNix } from "./fleet-files.js";
import { hardwareConfigFix } from "./hardware-config-fix.js";
import { machineModule } from "./machine-module.js";
import { serviceModule } from "./service-module.js";
import { NixValues } from "./values-to-nix.js";
import { asString, field } from "./values-to-nix.js";

export interface NixOptions {
  /** The workspace's name, for comments. */
  workspace: string;
  /** The workspace root seen from out/nix, e.g. "../..": secrets stay in the workspace and are referenced from there. */
  rootFromOut: string;
  /** Reads a file of the workspace (path relative to its root), or undefined when it cannot be read. */
  readFile(relative: string): string | undefined;
  /** "shop.sys:12" for a source reference. */
  where(ref: SourceRef | undefined): string | undefined;
  /** The text of a source file as analysed, for the edits diagnostics suggest (none without it). */
  sourceText?(file: string): string | undefined;
}

export interface NixOutput {
  files: Map<string, string>;
  diagnostics: Diagnostic[];
}

export function emitNix(model: SystemModel, placement: PlacementResult, opts: NixOptions): NixOutput {
  const nix = new NixValues(model, placement);
  const files = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const secrets = secretsBackend(model.base);
  // A Nix path literal needs a slash: "./." for the folder itself.
  const up = (extra: number) => [...Array(extra).fill(".."), ...opts.rootFromOut.split("/").filter((p) => p && p !== ".")].join("/") || ".";
  const sopsFile = asString(field(model.base, "sopsFile")) ?? "secrets/secrets.yaml";

  const report = (ref: SourceRef | undefined, before: number) => {
    for (const p of nix.problems.splice(before)) {
      const at = p.at ?? ref;
      if (at) diagnostics.push(diagnostic("H0801", at.file, at, p.message));
    }
  };

  let mark = nix.problems.length;
  files.set("base.nix", baseModule({ nix, base: model.base, where: opts.where(model.baseSource), sopsFile: `${up(0)}/${sopsFile}`, workspace: opts.workspace }));
  report(model.baseSource, mark);

  for (const s of model.services) {
    mark = nix.problems.length;
    files.set(`services/${s.name}.nix`, serviceModule({ nix, service: s, secrets, where: opts.where(s.source), workspace: opts.workspace, rootFromServices: up(1) }));
    report(s.source, mark);
  }

  const onMachine = new Map<string, { service: string; replica: number }[]>();
  for (const a of placement.assignments) {
    let l = onMachine.get(a.machine);
    if (!l) onMachine.set(a.machine, (l = []));
    l.push({ service: a.service, replica: a.replica });
  }
  const tags = new Map<string, string[]>();
  for (const m of model.machines) {
    const replicas = onMachine.get(m.name) ?? [];
    tags.set(m.name, [...new Set([...(m.pool ? [`pool-${m.pool}`] : []), ...replicas.map((r) => r.service)])].sort());
    mark = nix.problems.length;
    const hardwareConfig = asString(field(m.settings, "hardwareConfig"));
    let hardware: string | undefined;
    if (hardwareConfig !== undefined) {
      const at = model.origins?.get(field(m.settings, "hardwareConfig")!) ?? m.source;
      const rel = posix.normalize(hardwareConfig);
      // The file is copied into out/nix so that the flake is self-contained: it
      // must be part of the workspace, which is what gets committed and built.
      const outside = posix.isAbsolute(rel) || rel === ".." || rel.startsWith("../");
      const text = outside ? undefined : opts.readFile(rel);
      if (outside) {
        diagnostics.push(diagnostic("H0803", at.file, at, `the hardware configuration of \`${m.name}\` must be a file inside the workspace folder, but \`${hardwareConfig}\` is outside it: copy it into the workspace (for example to \`hardware/${m.name}.nix\`) and give that path`));
      } else if (text === undefined) {
        diagnostics.push(diagnostic("H0803", at.file, at, `cannot read the hardware configuration of \`${m.name}\`: \`${hardwareConfig}\` is not a file in the workspace folder (paths are relative to it); run \`nixos-generate-config --show-hardware-config\` on the machine and save its output there`));
      } else {
        hardware = `hardware/${m.name}.nix`;
        files.set(hardware, text.endsWith("\n") ? text : text + "\n");
      }
    }
    files.set(`machines/${m.name}.nix`, machineModule({ nix, model, machine: m, replicas, where: opts.where(m.source), workspace: opts.workspace, hardware: hardware && `../${hardware}` }));
    report(m.source, mark);
    if (m.kind === "existing" && hardwareConfig === undefined && !hasFileSystems(m.settings)) {
      diagnostics.push(
        diagnostic("H0802", m.source.file, m.source, `existing machine \`${m.name}\` has no hardware configuration: NixOS needs its file systems and boot loader; set \`hardwareConfig = "hardware/${m.name}.nix"\` (from nixos-generate-config) or give them in \`nixos\``, { fix: hardwareConfigFix(opts.sourceText?.(m.source.file), m.source, m.name) }),
      );
    }
  }
  const c = { model, workspace: opts.workspace, secrets, tags };
  files.set("fleet.nix", fleetNix(c));
  files.set("flake.nix", flakeNix(c));
  files.set("hive.nix", hiveNix(c));
  files.set("hosts.nix", hostsNix(c));
  files.set("addresses.nix", addressesNix(c));
  return { files, diagnostics };
}

function hasFileSystems(settings: import("../../language/eval/values.js").Value): boolean {
  const nixos = field(settings, "nixos");
  return !!field(nixos, "fileSystems");
}
