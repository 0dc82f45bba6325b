// A value as plain JSON, for `herd eval`, out/system.json and any tool that
// reads Herd's values: amounts are numbers in base units (bytes, millicores,
// milliseconds), as the model keeps them; what JSON has no form for is a
// tagged object: a string whose text only Nix, placement or Terraform knows
// is `{"template": "…${pkgs.x}…"}`, a package `{"package": "pkgs.x"}`, a
// placement-dependent value `{"deferred": "db.endpoints"}`, a secret its name
// `{"secret": "…"}` (Herd never has its value), raw Nix `{"nix": "…"}`.
import { showDeferred, showPart, type Selector, type Value } from "./values.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonOptions {
  /** Keys of records and maps in sorted order (else as declared: a record's in its type's order). */
  sortKeys?: boolean;
}

export function valueToJson(v: Value, opts: JsonOptions = {}): Json {
  switch (v.t) {
    case "none":
    case "error":
      return null;
    case "bool":
    case "int":
    case "float":
    case "string":
    case "bytes":
    case "cpu":
    case "duration":
      return v.v;
    case "template":
      return { template: v.parts.map((p) => (typeof p === "string" ? p : "${" + showPart(p) + "}")).join("") };
    case "package":
      return { package: "pkgs." + v.path.join(".") };
    case "list":
      return v.items.map((x) => valueToJson(x, opts));
    case "map":
    case "record": {
      const m = v.t === "map" ? v.entries : v.fields;
      const out: { [key: string]: Json } = {};
      for (const k of opts.sortKeys ? [...m.keys()].sort() : m.keys()) out[k] = valueToJson(m.get(k)!, opts);
      return out;
    }
    case "secret":
      return { secret: v.name };
    case "nix":
      return { nix: v.code };
    case "service":
      return { service: v.name };
    case "machine":
      return { machine: v.name };
    case "deferred":
      return { deferred: showDeferred(v.ref) };
    case "placement": {
      const r = v.rules;
      return {
        on: r.on.map((x) => selectorJson(x.selector)),
        prefer: r.prefer.map((x) => ({ selector: selectorJson(x.selector), weight: x.weight })),
        spread: r.spread.map((x) => ({ label: x.label, skew: x.skew })),
        maxPerNode: r.maxPerNode ? r.maxPerNode.count : null,
        avoid: r.avoid.map((x) => x.service),
        near: r.near.map((x) => x.service),
      };
    }
  }
}

function selectorJson(s: Selector): Json {
  switch (s.op) {
    case "eq":
    case "ne":
      return { op: s.op, label: s.label, value: s.value };
    case "in":
      return { op: "in", label: s.label, values: [...s.values] };
    case "has":
      return { op: "has", label: s.label };
    case "not":
      return { op: "not", operand: selectorJson(s.operand) };
    case "and":
    case "or":
      return { op: s.op, operands: s.operands.map(selectorJson) };
  }
}
