// Herd values as Nix expressions. Packages become `pkgs.x` (interpolated
// into strings as store paths), raw Nix is embedded verbatim, placement
// results become the literal machine names and endpoints that placement
// chose, and a provisioned machine's address is read from addresses.json
// (written by Terraform). Secrets never get here: they are file paths.
import type { DeferredRef, TemplatePart, Value } from "../../language/eval/values.js";
import type { SourceRef, SystemModel } from "../../language/eval/model.js";
import type { PlacementResult } from "../placement/index.js";
import { attrs, entry, interp, list, str, type NixNode } from "./nix-writer.js";

export interface NixProblem {
  message: string;
  /** The setting at fault, when the model knows where it was written. */
  at: SourceRef | undefined;
}

export class NixValues {
  /** Problems found while converting, for the caller to report. */
  readonly problems: NixProblem[] = [];
  /** How many reads of a provisioned machine's address were written: a module
   * whose conversion raised it must bind `addresses` (see `addressesBinding`). */
  addressReads = 0;
  /** Where the value being converted was written (the innermost one known). */
  private at: SourceRef | undefined;
  private readonly replicaMachines = new Map<string, (string | undefined)[]>();
  private readonly existing = new Map<string, string>();

  constructor(
    readonly model: SystemModel,
    placement: PlacementResult,
  ) {
    for (const a of placement.assignments) {
      let l = this.replicaMachines.get(a.service);
      if (!l) this.replicaMachines.set(a.service, (l = []));
      l[a.replica] = a.machine;
    }
    for (const m of model.machines) if (m.kind === "existing" && m.address) this.existing.set(m.name, m.address);
  }

  private problem(message: string): void {
    this.problems.push({ message, at: this.at });
  }

  /** Runs f with `at` set to where v was written, if known. */
  private within<T>(v: Value | undefined, f: () => T): T {
    const origin = v && this.model.origins?.get(v);
    if (!origin) return f();
    const saved = this.at;
    this.at = origin;
    try {
      return f();
    } finally {
      this.at = saved;
    }
  }

  /** The machines of a service's replicas, in replica order. */
  machinesOf(service: string): string[] {
    return (this.replicaMachines.get(service) ?? []).filter((m): m is string => m !== undefined);
  }

  /** `db.nodes` and `db.endpoints` (and one entry, or all joined) as text. */
  resolve(ref: DeferredRef): string | undefined {
    const machines = this.replicaMachines.get(ref.service) ?? [];
    const svc = this.model.services.find((s) => s.name === ref.service);
    const port = svc?.ports[0];
    const entryFor = (m: string | undefined) => (m === undefined ? undefined : ref.attr === "nodes" ? m : port !== undefined ? `${m}:${port}` : m);
    if (ref.index !== undefined) {
      const v = entryFor(machines[ref.index]);
      if (v === undefined) this.problem(`replica ${ref.index} of \`${ref.service}\` has no machine, so \`${ref.service}.${ref.attr}[${ref.index}]\` has no value`);
      return v;
    }
    const all = machines.map(entryFor).filter((x): x is string => x !== undefined);
    return ref.join !== undefined ? all.join(ref.join) : undefined;
  }

  /** A template value's parts as the parts of a Nix string. */
  templateParts(v: Extract<Value, { t: "template" }>): (string | { expr: string })[] {
    return this.within(v, () => this.parts(v.parts));
  }

  /** Template parts as the parts of a Nix string. */
  parts(parts: readonly TemplatePart[]): (string | { expr: string })[] {
    const out: (string | { expr: string })[] = [];
    for (const p of parts) {
      if (typeof p === "string") out.push(p);
      else if ("pkg" in p) out.push({ expr: pkgExpr(p.pkg) });
      else if ("deferred" in p) out.push(this.resolve(p.deferred) ?? "");
      else if ("machine" in p) {
        const known = this.existing.get(p.machine);
        if (known !== undefined && p.attr === "ipv4") out.push(known);
        else if (p.attr === "ipv4") {
          this.addressReads++;
          out.push({ expr: `addresses.${str(p.machine)}.ipv4 or ${str(p.machine)}` });
        }
        else {
          this.problem(`\`${p.machine}.${p.attr}\` is known to Terraform only: it cannot be used in a NixOS configuration`);
          out.push(p.machine);
        }
      } else {
        this.problem(`\`tf(${JSON.stringify(p.tf)})\` is a Terraform expression: it can be used only in a \`terraform\` block`);
      }
    }
    return out;
  }

  /** Any value (raw NixOS options, settings) as a Nix expression. */
  node(v: Value): NixNode {
    return this.within(v, () => this.nodeOf(v));
  }

  private nodeOf(v: Value): NixNode {
    switch (v.t) {
      case "none":
      case "error":
        return "null";
      case "bool":
        return String(v.v);
      case "int":
      case "bytes":
      case "cpu":
      case "duration":
        return String(v.v);
      case "float":
        return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
      case "string":
        return str(v.v);
      case "template":
        return interp(this.parts(v.parts));
      case "deferred":
        return str(this.resolve(v.ref) ?? "");
      case "list":
        return list(v.items.map((i) => this.node(i)));
      case "record":
      case "map": {
        const m = v.t === "record" ? v.fields : v.entries;
        return attrs([...m.keys()].map((k) => entry([k], this.node(m.get(k)!))));
      }
      case "package":
        return pkgExpr(v.path);
      case "nix":
        return /^[A-Za-z0-9_.'"-]+$/.test(v.code.trim()) ? v.code.trim() : `(${v.code.trim()})`;
      case "secret":
        this.problem(`secret \`${v.name}\` cannot be written into the Nix store`);
        return "null";
      case "placement":
      case "service":
      case "machine":
        return str(v.t === "placement" ? "" : v.name);
    }
  }

  /** A string value as a Nix string (text, packages and placement results). */
  text(v: Value | undefined): string {
    if (!v) return '""';
    if (v.t === "string") return str(v.v);
    if (v.t === "template") return this.within(v, () => interp(this.parts(v.parts)));
    if (v.t === "deferred") return str(this.resolve(v.ref) ?? "");
    return str("");
  }
}

export function pkgExpr(path: readonly string[]): string {
  return "pkgs." + path.map((p) => (/^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(p) ? p : str(p))).join(".");
}

/** Field access on a record value. */
export function field(v: Value | undefined, name: string): Value | undefined {
  if (!v) return undefined;
  if (v.t === "record") return v.fields.get(name);
  if (v.t === "map") return v.entries.get(name);
  return undefined;
}

export function asString(v: Value | undefined): string | undefined {
  return v?.t === "string" ? v.v : undefined;
}

export function asNumber(v: Value | undefined): number | undefined {
  return v && (v.t === "int" || v.t === "float" || v.t === "bytes" || v.t === "cpu" || v.t === "duration") ? v.v : undefined;
}

export function asBool(v: Value | undefined): boolean | undefined {
  return v?.t === "bool" ? v.v : undefined;
}

export function asList(v: Value | undefined): Value[] {
  return v?.t === "list" ? v.items : [];
}

export function asEntries(v: Value | undefined): [string, Value][] {
  if (v?.t === "record") return [...v.fields];
  if (v?.t === "map") return [...v.entries];
  return [];
}

/** The `let` binding a module needs when it reads provisioned machines'
 * addresses; `path` is addresses.nix relative to the module's file. */
export function addressesBinding(path: string): string {
  return `  addresses = import ${path};\n`;
}
