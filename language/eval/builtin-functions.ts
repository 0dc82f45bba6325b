// What the built-in functions do (their types are in
// types/builtin-signatures.ts). Arguments arrive evaluated; a problem is
// reported through `fail`, which returns the error value to propagate.
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { ERROR, V, makeString, partsOf, unknownText, valuesEqual, type Value } from "./values.js";
import { formatBytes, formatCpu, formatDuration } from "../types/types.js";

export interface BuiltinContext {
  /** Reports a problem with argument `arg` (or the whole call) and returns the error value. */
  fail(message: string, code?: DiagnosticCode, arg?: number): Value;
  /** The largest list a builtin may build. */
  maxListLength: number;
}

type Impl = (args: Value[], cx: BuiltinContext) => Value;

function text(v: Value): string | undefined {
  return v.t === "string" ? v.v : undefined;
}

function needsPlacement(cx: BuiltinContext, what: string, arg = 0): Value {
  return cx.fail(`${what} is known only after placement, so it cannot be used here; placement results may be interpolated into strings, indexed (\`[0]\`) or joined (\`join(…, ",")\`)`, "H0404", arg);
}

function notInspectable(cx: BuiltinContext, v: Extract<Value, { t: "template" }>, arg = 0): Value {
  return cx.fail(`this string holds ${unknownText(v.parts)}, so it cannot be inspected here`, "H0404", arg);
}

function stringArgs(args: Value[], cx: BuiltinContext): string[] | Value {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.t === "error") return ERROR;
    if (a.t === "template") return notInspectable(cx, a, i);
    if (a.t === "deferred") return needsPlacement(cx, "this value", i);
    out.push(text(a) ?? "");
  }
  return out;
}

function compare(a: Value, b: Value): number {
  const av = (a as { v: number | string }).v;
  const bv = (b as { v: number | string }).v;
  return av < bv ? -1 : av > bv ? 1 : 0;
}

/** Plain numbers in a list with Cpu amounts are cores: make them millicores. */
function cpuAware(items: Value[]): Value[] {
  if (!items.some((x) => x.t === "cpu")) return items;
  return items.map((x) => (x.t === "int" || x.t === "float" ? ({ t: "cpu", v: Math.round(x.v * 1000) } as Value) : x));
}

function extreme(sign: 1 | -1): Impl {
  return ([xs], cx) => {
    if (!xs || xs.t === "error") return ERROR;
    if (xs.t === "deferred") return needsPlacement(cx, "this list");
    if (xs.t !== "list") return ERROR;
    if (xs.items.length === 0) return cx.fail(`\`${sign > 0 ? "max" : "min"}\` of an empty list has no value`, "H0401", 0);
    const items = cpuAware(xs.items);
    let best = items[0]!;
    for (const x of items) if (compare(x, best) * sign > 0) best = x;
    return best;
  };
}

const terraformRef = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+|\[[0-9]+\])+$/;

export const builtinFunctions: ReadonlyMap<string, Impl> = new Map<string, Impl>([
  ["tf", ([ref], cx) => {
    if (!ref || ref.t === "error") return ERROR;
    if (ref.t !== "string") return cx.fail("a Terraform reference must be plain text", "H0301", 0);
    if (!terraformRef.test(ref.v)) return cx.fail(`\`${ref.v}\` is not a Terraform reference: write TYPE.NAME.ATTRIBUTE, such as "hcloud_network.private.id"`, "H0301", 0);
    return { t: "template", parts: [{ tf: ref.v }] };
  }],
  ["secret", ([name], cx) => {
    if (!name || name.t === "error") return ERROR;
    if (name.t !== "string") return cx.fail("a secret's name must be plain text", "H0301", 0);
    if (!/^[A-Za-z0-9_.\/-]+$/.test(name.v)) return cx.fail(`\`${name.v}\` is not a valid secret name: use letters, digits, \`_\`, \`-\`, \`.\` and \`/\``, "H0301", 0);
    return { t: "secret", name: name.v };
  }],
  ["len", ([x], cx) => {
    if (!x || x.t === "error") return ERROR;
    switch (x.t) {
      case "list":
        return V.int(x.items.length);
      case "map":
        return V.int(x.entries.size);
      case "record":
        return V.int(x.fields.size);
      case "string":
        return V.int([...x.v].length);
      case "template":
        return notInspectable(cx, x);
      case "deferred":
        return needsPlacement(cx, "this list");
      default:
        return ERROR;
    }
  }],
  ["range", (args, cx) => {
    if (args.some((a) => a.t !== "int")) return ERROR;
    const [a, b] = args.map((x) => (x as { v: number }).v);
    const from = args.length === 2 ? a! : 0;
    const to = args.length === 2 ? b! : a!;
    const n = (x: number) => x.toLocaleString("en");
    if (to - from > cx.maxListLength) return cx.fail(`this range would have ${n(to - from)} items, more than the limit of ${n(cx.maxListLength)}: Herd configurations stay small enough to evaluate in a moment`, "H0406");
    const items: Value[] = [];
    for (let i = from; i < to; i++) items.push(V.int(i));
    return V.list(items);
  }],
  ["join", ([xs, sep], cx) => {
    if (!xs || xs.t === "error" || sep?.t === "error") return ERROR;
    const separator = sep ? text(sep) : "";
    if (separator === undefined) return sep?.t === "template" ? notInspectable(cx, sep, 1) : ERROR;
    if (xs.t === "deferred") {
      if (xs.ref.index !== undefined || xs.ref.join !== undefined) return ERROR;
      return { t: "deferred", ref: { ...xs.ref, join: separator } };
    }
    if (xs.t !== "list") return ERROR;
    const parts = [];
    for (let i = 0; i < xs.items.length; i++) {
      if (i > 0) parts.push(separator);
      const it = xs.items[i]!;
      if (it.t === "error") return ERROR;
      parts.push(...partsOf(it));
    }
    return makeString(parts);
  }],
  ["split", (args, cx) => {
    const s = stringArgs(args, cx);
    if (!Array.isArray(s)) return s;
    if (s[1] === "") return V.list([...s[0]!].map(V.str));
    return V.list(s[0]!.split(s[1]!).map(V.str));
  }],
  ["startsWith", (args, cx) => {
    const s = stringArgs(args, cx);
    return Array.isArray(s) ? V.bool(s[0]!.startsWith(s[1]!)) : s;
  }],
  ["endsWith", (args, cx) => {
    const s = stringArgs(args, cx);
    return Array.isArray(s) ? V.bool(s[0]!.endsWith(s[1]!)) : s;
  }],
  ["replace", (args, cx) => {
    const s = stringArgs(args, cx);
    if (!Array.isArray(s)) return s;
    if (s[1] === "") return cx.fail("`replace` needs a non-empty text to replace", "H0301", 1);
    return V.str(s[0]!.split(s[1]!).join(s[2]!));
  }],
  ["lower", (args, cx) => {
    const s = stringArgs(args, cx);
    return Array.isArray(s) ? V.str(s[0]!.toLowerCase()) : s;
  }],
  ["upper", (args, cx) => {
    const s = stringArgs(args, cx);
    return Array.isArray(s) ? V.str(s[0]!.toUpperCase()) : s;
  }],
  ["keys", ([m], cx) => {
    if (!m || m.t === "error") return ERROR;
    if (m.t === "map") return V.list([...m.entries.keys()].sort().map(V.str));
    if (m.t === "record") return V.list([...m.fields.keys()].sort().map(V.str));
    void cx;
    return ERROR;
  }],
  ["values", ([m]) => {
    if (!m || m.t === "error") return ERROR;
    const entries = m.t === "map" ? m.entries : m.t === "record" ? m.fields : undefined;
    if (!entries) return ERROR;
    return V.list([...entries.keys()].sort().map((k) => entries.get(k)!));
  }],
  ["toString", ([x], cx) => {
    if (!x || x.t === "error") return ERROR;
    switch (x.t) {
      case "string":
        return x;
      case "int":
        return V.str(String(x.v));
      case "float":
        return V.str(Number.isInteger(x.v) ? x.v.toFixed(1) : String(x.v));
      case "bool":
        return V.str(String(x.v));
      case "bytes":
        return V.str(formatBytes(x.v));
      case "cpu":
        return V.str(formatCpu(x.v));
      case "duration":
        return V.str(formatDuration(x.v));
      case "template":
        return x;
      case "deferred":
        return x.ref.index !== undefined || x.ref.join !== undefined ? x : needsPlacement(cx, "this list");
      default:
        return ERROR;
    }
  }],
  ["contains", ([h, n], cx) => {
    if (!h || !n || h.t === "error" || n.t === "error") return ERROR;
    if (h.t === "list") return V.bool(h.items.some((x) => valuesEqual(x, n)));
    const s = stringArgs([h, n], cx);
    return Array.isArray(s) ? V.bool(s[0]!.includes(s[1]!)) : s;
  }],
  ["min", extreme(-1)],
  ["max", extreme(1)],
  ["sum", ([xs], cx) => {
    if (!xs || xs.t === "error") return ERROR;
    if (xs.t === "deferred") return needsPlacement(cx, "this list");
    if (xs.t !== "list") return ERROR;
    let total = 0;
    let kind: Value["t"] = "int";
    for (const x of cpuAware(xs.items)) {
      if (x.t === "error") return ERROR;
      total += (x as { v: number }).v;
      if (x.t !== "int") kind = x.t;
    }
    return { t: kind, v: total } as Value;
  }],
  ["flatten", ([xs], cx) => {
    if (!xs || xs.t === "error") return ERROR;
    if (xs.t !== "list") return ERROR;
    const out: Value[] = [];
    for (const x of xs.items) {
      if (x.t === "list") out.push(...x.items);
      else if (x.t === "error") return ERROR;
    }
    if (out.length > cx.maxListLength) return cx.fail(`the flattened list has ${out.length} items, more than the limit of ${cx.maxListLength}`, "H0406");
    return V.list(out);
  }],
  ["merge", ([a, b]) => {
    if (!a || !b || a.t === "error" || b.t === "error") return ERROR;
    const entries = new Map<string, Value>();
    for (const m of [a, b]) {
      const src = m.t === "map" ? m.entries : m.t === "record" ? m.fields : undefined;
      if (!src) return ERROR;
      for (const [k, v] of src) entries.set(k, v);
    }
    return { t: "map", entries };
  }],
]);
