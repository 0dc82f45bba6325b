// Herd's static types. Plain immutable data: a type says what a value may
// be; refinements (ranges, patterns, literal sets) are carried for display
// and enforced by the evaluator when a value flows into a typed slot.
import type * as A from "../syntax/ast.js";
import type { ModuleKey } from "../names/module-key.js";

export interface Range {
  min?: number;
  max?: number;
}

export interface FieldType {
  type: Type;
  /** A default expression, evaluated in `module` when the field is omitted. */
  default?: { expr: A.Expr; module: ModuleKey };
  doc?: string;
  /** Where the field is declared, for go-to-definition. */
  decl?: { module: ModuleKey; node: A.RecordTypeField };
}

export type Type =
  | { k: "int"; range?: Range; name?: string }
  | { k: "float"; range?: Range; name?: string }
  | { k: "string"; pattern?: string; name?: string }
  | { k: "bool"; name?: string }
  | { k: "bytes"; range?: Range; name?: string }
  | { k: "cpu"; range?: Range; name?: string }
  | { k: "duration"; range?: Range; name?: string }
  | { k: "package"; name?: string }
  | { k: "secret"; name?: string }
  | { k: "nix"; name?: string }
  /** Raw NixOS options: any nesting of records, lists and scalars (no secrets). */
  | { k: "nixattrs"; name?: string }
  | { k: "literal"; value: string | number | boolean; name?: string }
  | { k: "none"; name?: string }
  | { k: "list"; elem: Type; name?: string }
  | { k: "map"; value: Type; name?: string }
  | { k: "record"; fields: ReadonlyMap<string, FieldType>; name?: string }
  | { k: "union"; members: readonly Type[]; name?: string }
  | { k: "optional"; inner: Type; name?: string }
  | { k: "placement"; name?: string }
  /** A reference to a declared service: its settings plus placement results. */
  | { k: "service"; service: string; module: ModuleKey; name?: string }
  /** A reference to a machine (a node, or one machine of a pool). */
  | { k: "machineRef"; name?: string }
  | { k: "pool"; pool: string; name?: string }
  | { k: "namespace"; module: ModuleKey; name?: string }
  | { k: "fn"; params: readonly ParamType[]; result: Type; name?: string }
  /** Unknown because of an earlier error: compatible with everything, never reported. */
  | { k: "error"; name?: string };

export interface ParamType {
  name: string;
  type: Type;
  hasDefault: boolean;
  doc?: string;
}

export type TypeKind = Type["k"];
export type TypeOf<K extends TypeKind> = Extract<Type, { k: K }>;

export const T = {
  int: { k: "int" } as Type,
  float: { k: "float" } as Type,
  string: { k: "string" } as Type,
  bool: { k: "bool" } as Type,
  bytes: { k: "bytes" } as Type,
  cpu: { k: "cpu" } as Type,
  duration: { k: "duration" } as Type,
  package: { k: "package" } as Type,
  secret: { k: "secret" } as Type,
  nix: { k: "nix" } as Type,
  nixattrs: { k: "nixattrs", name: "NixOptions" } as Type,
  none: { k: "none" } as Type,
  error: { k: "error" } as Type,
  placement: { k: "placement", name: "Placement" } as Type,
  machineRef: { k: "machineRef", name: "MachineRef" } as Type,
  port: { k: "int", range: { min: 1, max: 65535 }, name: "Port" } as Type,
  list: (elem: Type): Type => ({ k: "list", elem }),
  map: (value: Type): Type => ({ k: "map", value }),
  optional: (inner: Type): Type => (inner.k === "optional" || inner.k === "none" || inner.k === "error" ? inner : { k: "optional", inner }),
};

export function isNumeric(t: Type): boolean {
  return t.k === "int" || t.k === "float";
}

export function isUnit(t: Type): t is TypeOf<"bytes" | "cpu" | "duration"> {
  return t.k === "bytes" || t.k === "cpu" || t.k === "duration";
}

/** Strips the optional wrapper. */
export function nonOptional(t: Type): Type {
  return t.k === "optional" ? t.inner : t;
}

export function isOptional(t: Type): boolean {
  return t.k === "optional" || t.k === "none";
}

/** The kind a literal type belongs to. */
export function literalBase(v: string | number | boolean): Type {
  return typeof v === "string" ? T.string : typeof v === "boolean" ? T.bool : Number.isInteger(v) ? T.int : T.float;
}

/** The primitive a type is made of, seeing through literals and literal unions. */
export function widen(t: Type): Type {
  if (t.k === "literal") return literalBase(t.value);
  if (t.k === "union" && t.members.length > 0 && t.members.every((m) => m.k === "literal")) {
    const bases = new Set(t.members.map((m) => widen(m).k));
    if (bases.size === 1) return widen(t.members[0]!);
  }
  return t;
}

function rangeText(r: Range | undefined, show: (n: number) => string): string {
  if (!r || (r.min === undefined && r.max === undefined)) return "";
  return `(${r.min !== undefined ? show(r.min) : ""}..${r.max !== undefined ? show(r.max) : ""})`;
}

/** How a type is written in Herd, for messages and hovers. */
export function typeToString(t: Type, depth = 0): string {
  if (t.name && depth > 0) return t.name;
  if (t.name && t.k !== "record") return t.name;
  if (t.name && t.k === "record") return t.name;
  switch (t.k) {
    case "int":
      return "Int" + rangeText(t.range, String);
    case "float":
      return "Float" + rangeText(t.range, String);
    case "string":
      return t.pattern !== undefined ? `String(/${t.pattern}/)` : "String";
    case "bool":
      return "Bool";
    case "bytes":
      return "Bytes" + rangeText(t.range, (n) => formatBytes(n));
    case "cpu":
      return "Cpu" + rangeText(t.range, (n) => formatCpu(n));
    case "duration":
      return "Duration" + rangeText(t.range, (n) => formatDuration(n));
    case "package":
      return "Package";
    case "secret":
      return "Secret";
    case "nix":
      return "Nix";
    case "nixattrs":
      return "NixOptions";
    case "literal":
      return typeof t.value === "string" ? JSON.stringify(t.value) : String(t.value);
    case "none":
      return "None";
    case "list":
      return `[${typeToString(t.elem, depth + 1)}]`;
    case "map":
      return `{String: ${typeToString(t.value, depth + 1)}}`;
    case "record": {
      if (depth > 1) return "{…}";
      const parts = [...t.fields].map(([n, f]) => `${n}: ${typeToString(f.type, depth + 1)}${f.default ? " = …" : ""}`);
      return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
    }
    case "union":
      return t.members.map((m) => typeToString(m, depth + 1)).join(" | ");
    case "optional": {
      const inner = typeToString(t.inner, depth + 1);
      return t.inner.k === "union" && !t.inner.name ? `(${inner})?` : inner + "?";
    }
    case "placement":
      return "Placement";
    case "service":
      return `service ${t.service}`;
    case "machineRef":
      return "MachineRef";
    case "pool":
      return `pool ${t.pool}`;
    case "namespace":
      return "module";
    case "fn":
      return `fn(${t.params.map((p) => `${p.name}: ${typeToString(p.type, depth + 1)}${p.hasDefault ? " = …" : ""}`).join(", ")}): ${typeToString(t.result, depth + 1)}`;
    case "error":
      return "unknown";
  }
}

const byteUnits: [number, string][] = [
  [1024 ** 5, "PiB"], [1e15, "PB"], [1024 ** 4, "TiB"], [1e12, "TB"], [1024 ** 3, "GiB"], [1e9, "GB"],
  [1024 ** 2, "MiB"], [1e6, "MB"], [1024, "KiB"], [1e3, "KB"],
];

/** The largest unit that divides the amount exactly: 80GB, 512MiB, 1500B. */
export function formatBytes(n: number): string {
  if (n === 0) return "0B";
  for (const [scale, unit] of byteUnits) if (n % scale === 0) return `${n / scale}${unit}`;
  return `${n}B`;
}

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatDuration(ms: number): string {
  const units: [number, string][] = [[86_400_000, "d"], [3_600_000, "h"], [60_000, "min"], [1000, "s"]];
  if (ms === 0) return "0s";
  for (const [scale, unit] of units) if (ms % scale === 0) return `${ms / scale}${unit}`;
  return `${ms}ms`;
}
