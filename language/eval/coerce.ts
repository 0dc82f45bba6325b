// Coercion: a value entering a typed slot (a schema field, a parameter, an
// annotated constant) takes the slot's shape. Defaults fill omitted fields,
// plain numbers become cores where Cpu is expected, records become maps, and
// refinements are enforced: ranges, patterns and literal sets. The checker
// has already ruled out type errors; what is left depends on actual values.
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Fix } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";
import type { Span } from "../syntax/source.js";
import { formatBytes, formatCpu, formatDuration, typeToString, type FieldType, type Range, type Type } from "../types/types.js";
import { ERROR, NONE, showValue, type Value } from "./values.js";
import { ListedMap } from "../syntax/listed-map.js";
import { RecordFields, Shape } from "./record-fields.js";

export interface CoerceHost {
  report(code: DiagnosticCode, span: Span, message: string, fix?: Fix): void;
  /** The value of a field's default, coerced to the field's type. */
  defaultOf(field: FieldType): Value;
}

/** The sub-expression that produced a part of a value, for precise spans. */
function itemNode(node: A.Expr | undefined, i: number): A.Expr | undefined {
  const n = unwrap(node);
  return n?.kind === "List" ? n.items[i] : undefined;
}

function fieldNode(node: A.Expr | undefined, name: string): A.Expr | undefined {
  const n = unwrap(node);
  if (n?.kind !== "Record") return undefined;
  for (const f of n.fields) if (f.path.length === 1 && f.path[0]!.name === name) return f.value;
  return undefined;
}

/** Why `n` is outside `r`, if it is. */
function outOfRange(n: number, r: Range, kind: Type["k"], name: string | undefined): string | undefined {
  if ((r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max)) return undefined;
  const lo = r.min !== undefined ? showAmount(kind, r.min) : undefined;
  const hi = r.max !== undefined ? showAmount(kind, r.max) : undefined;
  const bounds = lo !== undefined && hi !== undefined ? `between ${lo} and ${hi}` : lo !== undefined ? `at least ${lo}` : `at most ${hi}`;
  const what = name ?? typeToString({ k: kind, range: r } as Type);
  return `${showAmount(kind, n)} is out of range: ${what} must be ${bounds}`;
}

/** The expression at `key` of `parent`: a field of a record literal, an item of a list. */
function located(parent: A.Expr | undefined, key: string | number | undefined): A.Expr | undefined {
  if (!parent || key === undefined) return undefined;
  return typeof key === "number" ? itemNode(parent, key) : fieldNode(parent, key);
}

function unwrap(node: A.Expr | undefined): A.Expr | undefined {
  let n = node;
  while (n?.kind === "Paren") n = n.inner;
  return n;
}

function showAmount(kind: Type["k"], n: number): string {
  switch (kind) {
    case "bytes":
      return formatBytes(n);
    case "cpu":
      return formatCpu(n);
    case "duration":
      return formatDuration(n);
    default:
      return String(n);
  }
}

/** Compiled refinement patterns (a pattern is checked for every value entering its type). */
const patterns = new Map<string, RegExp>();
function wholePattern(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(`^(?:${pattern})$`, "u")));
  return re;
}

/** A union's record members and the fields some member fixes to a literal (`kind = "http"`). */
interface UnionShape {
  records: Extract<Type, { k: "record" }>[];
  discriminants: string[];
  /** Per discriminating field, the literal values members fix it to. */
  literals: Map<string, Set<unknown>>;
  /** Whether every member is a literal (`"a" | "b"`). */
  literalsOnly: boolean;
  /** The record members that fix a field to a literal, with those fields and values. */
  fixed: { record: Extract<Type, { k: "record" }>; fixed: [string, unknown][] }[];
}

/** The kind of value a union member takes. */
function kindOf(m: Type): Type["k"] {
  return m.k === "literal" ? (typeof m.value === "string" ? "string" : typeof m.value === "boolean" ? "bool" : "int") : m.k;
}

/**
 * The type a record was made by coercion into: coercing it into the same type
 * again (a template's result into its return type, then into the service
 * schema) gives it back unchanged, so it is not rebuilt. A mark on the value
 * under a symbol, invisible to JSON and Object.keys, rather than a WeakMap
 * entry: setting those was the costliest line of `herd check`'s evaluation,
 * and every garbage collection walks them (see Origins in model.ts).
 */
const COERCED = Symbol("coercedTo");
type Coerced = { [COERCED]?: Type };

/** A record coerced into a record type, field by field in the type's order: what each field was given (undefined: omitted) and what it became. */
export interface RecordCoercion {
  inputs: (Value | undefined)[];
  outputs: Value[];
}

/** The records of a record type: their shape, and each field's type in its order. */
interface Layout {
  shape: Shape;
  types: FieldType[];
}

const layouts = new WeakMap<Extract<Type, { k: "record" }>, Layout>();

/** The layout of a record type's records (a type is complete once made: the checker fills its fields before handing it out). */
function layoutOf(t: Extract<Type, { k: "record" }>): Layout {
  let layout = layouts.get(t);
  if (!layout) layouts.set(t, (layout = { shape: new Shape([...t.fields.keys()]), types: [...t.fields.values()] }));
  return layout;
}

export class Coercer {
  private readonly unionShapes = new WeakMap<Type, UnionShape>();

  constructor(private readonly host: CoerceHost) {}

  /**
   * `node` is the expression that gave `v`, when known; otherwise `parent`
   * and `key` say where to find it (a field or item of `parent`), looked up
   * only to report: most values coerce silently, and the search per field of
   * every record was a tenth of an editor's keystroke.
   */
  coerce(v: Value, t: Type, node: A.Expr | undefined, span: Span, parent?: A.Expr, key?: string | number): Value {
    if (v.t === "error" || t.k === "error") return v;
    switch (t.k) {
      case "optional":
        return v.t === "none" ? v : this.coerce(v, t.inner, node, span, parent, key);
      case "none":
        return NONE;
      case "int":
      case "float":
      case "bytes":
      case "duration":
      case "cpu": {
        let n: number;
        let out: Value;
        if (t.k === "cpu" && (v.t === "int" || v.t === "float")) {
          n = Math.round(v.v * 1000);
          if (Math.abs(n - v.v * 1000) > 1e-6) {
            this.host.report("H0405", node ?? located(parent, key) ?? span, `${v.v} cores is not a whole number of millicores`);
            return ERROR;
          }
          out = { t: "cpu", v: n };
        } else if (t.k === "float" && v.t === "int") {
          n = v.v;
          out = { t: "float", v: v.v };
        } else if (v.t === "int" || v.t === "float" || v.t === "bytes" || v.t === "duration" || v.t === "cpu") {
          n = v.v;
          out = v;
        } else return v;
        if (t.range) {
          const wrong = outOfRange(n, t.range, t.k, t.name);
          if (wrong) {
            this.host.report("H0305", node ?? located(parent, key) ?? span, wrong);
            return ERROR;
          }
        }
        return out;
      }
      case "string": {
        // A pattern must match the whole string, as a type should.
        if (v.t === "string" && t.pattern !== undefined && !wholePattern(t.pattern).test(v.v)) {
          this.host.report("H0306", node ?? located(parent, key) ?? span, `${JSON.stringify(v.v)} does not match ${t.name ? `${t.name} (/${t.pattern}/)` : `/${t.pattern}/`}`);
          return ERROR;
        }
        return v;
      }
      case "literal":
        return this.literalSet(v, [t], t, node ?? parent, node ? undefined : key, span);
      case "union": {
        if (this.unionShape(t).literalsOnly) return this.literalSet(v, t.members as Extract<Type, { k: "literal" }>[], t, node ?? parent, node ? undefined : key, span);
        // A record made as one of the members (`container { … }` into `Run`) is that member already.
        const made = (v as Coerced)[COERCED];
        if (made !== undefined && t.members.includes(made)) return v;
        const member = this.pickMember(v, t);
        return member ? this.coerce(v, member, node, span, parent, key) : v;
      }
      case "list": {
        if (v.t !== "list") return v;
        const self = node ?? located(parent, key);
        // A new list only once an item changes: most lists coerce to themselves.
        let items: Value[] | undefined;
        for (let i = 0; i < v.items.length; i++) {
          const item = v.items[i]!;
          const c = this.coerce(item, t.elem, undefined, span, self, i);
          if (c !== item && !items) items = v.items.slice(0, i);
          items?.push(c);
        }
        return items ? { t: "list", items } : v;
      }
      case "map": {
        const src = v.t === "map" ? v.entries : v.t === "record" ? v.fields : undefined;
        if (!src) return v;
        const self = node ?? located(parent, key);
        // New entries only once one changes: most maps, and records written as
        // maps (`labels = { … }`), coerce to themselves, and fields are never
        // written to once made, so a record's serve as the map's entries.
        let slots: Value[] | undefined;
        let i = 0;
        src.forEach((x, k) => {
          const c = this.coerce(x, t.value, undefined, span, self, k);
          if (c !== x && !slots) slots = [...src.values()];
          if (slots) slots[i] = c;
          i++;
        });
        if (slots) return { t: "map", entries: new ListedMap([...src.keys()], slots) };
        return v.t === "map" ? v : { t: "map", entries: src };
      }
      case "record":
        if (v.t !== "record" && v.t !== "map") return v;
        if ((v as Coerced)[COERCED] === t) return v;
        return this.record(v, t, node ?? located(parent, key), span);
      case "nixattrs":
        return v;
      default:
        return v;
    }
  }

  /**
   * A record or map into record type `t`. `before` is a coercion of an
   * earlier value into `t` that reported nothing, and whose defaults are
   * unchanged: a field holding the very value it held then (or omitted
   * then and now) becomes what it became then (a template's result,
   * evaluated again after an edit of one of its fields). `after`, when
   * given, receives this coercion, field by field, for the next.
   */
  record(v: Extract<Value, { t: "record" | "map" }>, t: Extract<Type, { k: "record" }>, node: A.Expr | undefined, span: Span, before?: RecordCoercion, after?: RecordCoercion): Value {
    const src = v.t === "record" ? v.fields : v.entries;
    const { shape, types } = layoutOf(t);
    const slots = new Array<Value>(types.length);
    for (let i = 0; i < types.length; i++) {
      const name = shape.keys[i]!;
      const ft = types[i]!;
      const given = src.get(name);
      let out: Value;
      if (before && before.inputs[i] === given) out = before.outputs[i]!;
      else if (given !== undefined) out = this.coerce(given, ft.type, undefined, span, node, name);
      else if (ft.default) out = this.host.defaultOf(ft);
      else if (ft.type.k === "optional" || ft.type.k === "none") out = NONE;
      else out = ERROR; // missing: reported by the checker
      slots[i] = out;
      if (after) {
        after.inputs[i] = given;
        after.outputs[i] = out;
      }
    }
    const fields = new RecordFields(shape, slots);
    // One literal per shape: a record grown after creation is bigger and slower to make.
    return (t.name ? { t: "record", fields, type: t.name, [COERCED]: t } : { t: "record", fields, [COERCED]: t }) as unknown as Value;
  }

  /** `at` (or its `key`, when given) is where the value was written. */
  private literalSet(v: Value, members: Extract<Type, { k: "literal" }>[], t: Type, at: A.Expr | undefined, key: string | number | undefined, span: Span): Value {
    if (v.t !== "string" && v.t !== "int" && v.t !== "float" && v.t !== "bool") return v;
    for (const m of members) if (m.value === v.v) return v;
    // A value of another kind altogether is a type error, reported by the checker.
    if (!members.some((m) => typeof m.value === typeof v.v)) return v;
    const where = (key === undefined ? at : located(at, key)) ?? span;
    const options = members.map((m) => m.value);
    const meant = typeof v.v === "string" ? closest(v.v, options.filter((o): o is string => typeof o === "string")) : undefined;
    const listed = options.length <= 24 ? `: one of ${options.map((o) => (typeof o === "string" ? JSON.stringify(o) : String(o))).join(", ")}` : "";
    const fix: Fix | undefined = meant !== undefined ? { message: `write ${JSON.stringify(meant)}`, edits: [{ span: where, newText: JSON.stringify(meant) }] } : undefined;
    this.host.report("H0307", where, `${showValue(v)} is not ${t.name ? `${/^[AEIOU]/.test(t.name) ? "an" : "a"} ${t.name}` : "allowed here"}${meant !== undefined ? `; did you mean ${JSON.stringify(meant)}?` : listed}`, fix);
    return ERROR;
  }

  private unionShape(u: Extract<Type, { k: "union" }>): UnionShape {
    let shape = this.unionShapes.get(u);
    if (!shape) {
      const records = u.members.filter((m): m is Extract<Type, { k: "record" }> => m.k === "record");
      const literals = new Map<string, Set<unknown>>();
      const fixed: UnionShape["fixed"] = [];
      for (const r of records) {
        const own: [string, unknown][] = [];
        for (const [name, f] of r.fields) {
          if (f.type.k !== "literal") continue;
          own.push([name, f.type.value]);
          let values = literals.get(name);
          if (!values) literals.set(name, (values = new Set()));
          values.add(f.type.value);
        }
        if (own.length > 0) fixed.push({ record: r, fixed: own });
      }
      this.unionShapes.set(u, (shape = { records, discriminants: [...literals.keys()], literals, fixed, literalsOnly: u.members.every((m) => m.k === "literal") }));
    }
    return shape;
  }

  /** The member of a union a value belongs to. */
  private pickMember(v: Value, u: Extract<Type, { k: "union" }>): Type | undefined {
    if (v.t === "record" || v.t === "map") {
      const fields = v.t === "record" ? v.fields : v.entries;
      const { records, discriminants, literals } = this.unionShape(u);
      // By a discriminating literal field (`kind = "http"`); a value that
      // names no member was reported by the checker.
      for (const name of discriminants) {
        const given = fields.get(name);
        if (given && !literals.get(name)!.has((given as { v?: unknown }).v)) return undefined;
      }
      for (const { record, fixed } of this.unionShape(u).fixed) {
        let matches = true;
        for (const [name, value] of fixed) {
          const given = fields.get(name);
          if (!given || (given as { v?: unknown }).v !== value) matches = false;
        }
        if (matches) return record;
      }
      return records.find((r) => [...fields.keys()].every((k) => r.fields.has(k))) ?? u.members.find((m) => m.k === "map" || m.k === "nixattrs");
    }
    const tag = v.t === "template" ? "string" : v.t;
    return u.members.find((m) => kindOf(m) === tag || (tag === "int" && (m.k === "float" || m.k === "cpu")));
  }
}
