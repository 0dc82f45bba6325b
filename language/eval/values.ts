// Runtime values. Amounts are integers in base units (bytes, millicores,
// milliseconds). Strings that contain a package path or a placement result
// are templates: their text is only known to Nix or after placement.
import { formatBytes, formatCpu, formatDuration } from "../types/types.js";

/** A value known only after placement: `db.endpoints`, `db.endpoints[0]`,
 * `join(db.nodes, ",")`. */
export interface DeferredRef {
  service: string;
  attr: "nodes" | "endpoints";
  /** One replica's entry instead of the whole list. */
  index?: number;
  /** The whole list joined into one string with this separator. */
  join?: string;
}

/** An attribute of a provisioned machine, known once Terraform has run. */
export type MachineAttr = "ipv4" | "ipv6" | "id";

export type TemplatePart =
  | string
  | { pkg: string[] }
  | { deferred: DeferredRef }
  /** `web-1.ipv4` of a provisioned machine. */
  | { machine: string; attr: MachineAttr }
  /** `tf("hcloud_network.private.id")`: a Terraform expression. */
  | { tf: string };

export type Value =
  | { t: "none" }
  | { t: "bool"; v: boolean }
  | { t: "int"; v: number }
  | { t: "float"; v: number }
  | { t: "string"; v: string }
  | { t: "template"; parts: TemplatePart[] }
  | { t: "bytes"; v: number }
  | { t: "cpu"; v: number }
  | { t: "duration"; v: number }
  | { t: "list"; items: Value[] }
  | { t: "map"; entries: ReadonlyMap<string, Value> }
  | { t: "record"; fields: ReadonlyMap<string, Value>; type?: string }
  | { t: "package"; path: string[] }
  | { t: "secret"; name: string }
  | { t: "nix"; code: string }
  | { t: "placement"; rules: PlacementValue }
  | { t: "service"; name: string }
  | { t: "machine"; name: string }
  | { t: "deferred"; ref: DeferredRef }
  /** The result of a failed evaluation; already reported, silently propagated. */
  | { t: "error" };

export type Selector =
  | { op: "eq" | "ne"; label: string; value: string }
  | { op: "in"; label: string; values: string[] }
  | { op: "has"; label: string }
  | { op: "not"; operand: Selector }
  | { op: "and" | "or"; operands: Selector[] };

export interface RuleOrigin {
  file: string;
  start: number;
  end: number;
}

export interface PlacementValue {
  on: { selector: Selector; origin: RuleOrigin }[];
  prefer: { selector: Selector; weight: number; origin: RuleOrigin }[];
  spread: { label: string; skew: number; origin: RuleOrigin }[];
  maxPerNode: { count: number; origin: RuleOrigin } | undefined;
  avoid: { service: string; origin: RuleOrigin }[];
  near: { service: string; origin: RuleOrigin }[];
}

export const NONE: Value = { t: "none" };
export const ERROR: Value = { t: "error" };

export const V = {
  int: (v: number): Value => ({ t: "int", v }),
  str: (v: string): Value => ({ t: "string", v }),
  bool: (v: boolean): Value => ({ t: "bool", v }),
  list: (items: Value[]): Value => ({ t: "list", items }),
};

/** Joins template parts, merging adjacent text; a template of text only is a plain string. */
export function makeString(parts: TemplatePart[]): Value {
  const merged: TemplatePart[] = [];
  for (const p of parts) {
    if (typeof p === "string") {
      if (p === "") continue;
      const last = merged[merged.length - 1];
      if (typeof last === "string") merged[merged.length - 1] = last + p;
      else merged.push(p);
    } else merged.push(p);
  }
  if (merged.length === 0) return { t: "string", v: "" };
  if (merged.length === 1 && typeof merged[0] === "string") return { t: "string", v: merged[0] };
  return { t: "template", parts: merged };
}

export function partsOf(v: Value): TemplatePart[] {
  if (v.t === "string") return [v.v];
  if (v.t === "template") return v.parts;
  if (v.t === "package") return [{ pkg: v.path }];
  if (v.t === "deferred") return [{ deferred: v.ref }];
  return [];
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a.t === "int" && b.t === "float") return a.v === b.v;
  if (a.t === "float" && b.t === "int") return a.v === b.v;
  if (a.t !== b.t) {
    // Plain numbers are cores when compared with Cpu.
    if (a.t === "cpu" && (b.t === "int" || b.t === "float")) return a.v === b.v * 1000;
    if (b.t === "cpu" && (a.t === "int" || a.t === "float")) return b.v === a.v * 1000;
    return false;
  }
  switch (a.t) {
    case "none":
    case "error":
      return true;
    case "bool":
    case "int":
    case "float":
    case "string":
    case "bytes":
    case "cpu":
    case "duration":
      return a.v === (b as typeof a).v;
    case "template":
      return JSON.stringify(a.parts) === JSON.stringify((b as typeof a).parts);
    case "list": {
      const bl = (b as typeof a).items;
      return a.items.length === bl.length && a.items.every((x, i) => valuesEqual(x, bl[i]!));
    }
    case "map":
    case "record": {
      const am = a.t === "map" ? a.entries : a.fields;
      const bm = b.t === "map" ? b.entries : (b as Extract<Value, { t: "record" }>).fields;
      if (am.size !== bm.size) return false;
      for (const [k, v] of am) {
        const o = bm.get(k);
        if (!o || !valuesEqual(v, o)) return false;
      }
      return true;
    }
    case "package":
      return a.path.join(".") === (b as typeof a).path.join(".");
    case "secret":
      return a.name === (b as typeof a).name;
    case "nix":
      return a.code === (b as typeof a).code;
    case "service":
    case "machine":
      return a.name === (b as typeof a).name;
    case "deferred":
      return JSON.stringify(a.ref) === JSON.stringify((b as typeof a).ref);
    case "placement":
      return JSON.stringify(a.rules) === JSON.stringify((b as typeof a).rules);
  }
}

/** A short, human-readable rendering of a value, for hovers and messages. */
export function showValue(v: Value, depth = 0): string {
  switch (v.t) {
    case "none":
      return "none";
    case "error":
      return "<error>";
    case "bool":
    case "int":
      return String(v.v);
    case "float":
      return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
    case "string":
      return JSON.stringify(v.v);
    case "template":
      return (
        '"' +
        v.parts
          .map((p) => (typeof p === "string" ? JSON.stringify(p).slice(1, -1) : "${" + showPart(p) + "}"))
          .join("") +
        '"'
      );
    case "bytes":
      return formatBytes(v.v);
    case "cpu":
      return formatCpu(v.v);
    case "duration":
      return formatDuration(v.v);
    case "list":
      if (depth > 2) return "[…]";
      return `[${v.items.map((i) => showValue(i, depth + 1)).join(", ")}]`;
    case "map":
    case "record": {
      if (depth > 2) return "{…}";
      const m = v.t === "map" ? v.entries : v.fields;
      const parts = [...m].map(([k, x]) => `${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k)} = ${showValue(x, depth + 1)}`);
      return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
    }
    case "package":
      return "pkgs." + v.path.join(".");
    case "secret":
      return `secret(${JSON.stringify(v.name)})`;
    case "nix":
      return `nix${JSON.stringify(v.code)}`;
    case "placement":
      return "place { … }";
    case "service":
      return v.name;
    case "machine":
      return v.name;
    case "deferred":
      return showDeferred(v.ref);
  }
}

/** Why a template's text is not known while Herd evaluates: what its first
 * symbolic part is and who knows it, e.g. "`web-1.ipv4`, which only Terraform
 * knows". */
export function unknownText(parts: readonly TemplatePart[]): string {
  const p = parts.find((x): x is Exclude<TemplatePart, string> => typeof x !== "string");
  if (!p) return "plain text";
  if ("pkg" in p) return `the path of \`${showPart(p)}\`, which only Nix knows`;
  if ("deferred" in p) return `\`${showPart(p)}\`, which is known only after placement`;
  if ("machine" in p) return `\`${showPart(p)}\`, which is known only once Terraform has run`;
  return `\`${showPart(p)}\`, which only Terraform knows`;
}

/** A non-text template part as written in Herd. */
export function showPart(p: Exclude<TemplatePart, string>): string {
  if ("pkg" in p) return "pkgs." + p.pkg.join(".");
  if ("deferred" in p) return showDeferred(p.deferred);
  if ("machine" in p) return `${p.machine}.${p.attr}`;
  return `tf(${JSON.stringify(p.tf)})`;
}

export function showDeferred(r: DeferredRef): string {
  const base = `${r.service}.${r.attr}`;
  if (r.join !== undefined) return `join(${base}, ${JSON.stringify(r.join)})`;
  return r.index !== undefined ? `${base}[${r.index}]` : base;
}
