// The types of the built-in functions (their behaviour is in
// eval/builtin-functions.ts). Each takes the already-inferred argument types
// and reports problems through `report`.
import type { Node } from "../syntax/ast.js";
import { assignable, join } from "./assignability.js";
import { T, isUnit, nonOptional, typeToString, widen, type Type } from "./types.js";

export interface BuiltinArg {
  type: Type;
  node: Node;
}

export interface BuiltinReporter {
  /** A wrong argument type (H0301) or a Secret where it would leak (H0308). */
  wrongType(node: Node, message: string, code?: "H0301" | "H0308"): void;
  /** Wrong number of arguments (H0310). */
  wrongCount(message: string): void;
}

type Check = (args: BuiltinArg[], r: BuiltinReporter) => Type;

function arity(name: string, args: BuiltinArg[], r: BuiltinReporter, min: number, max = min): boolean {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} or ${max}`;
    r.wrongCount(`\`${name}\` takes ${want} argument${max === 1 ? "" : "s"}, found ${args.length}`);
    return false;
  }
  return true;
}

function expect(arg: BuiltinArg | undefined, want: Type, r: BuiltinReporter): void {
  if (!arg) return;
  const a = assignable(arg.type, want);
  if (!a.ok) r.wrongType(arg.node, a.reason);
}

function listElem(arg: BuiltinArg | undefined, r: BuiltinReporter, fn: string): Type {
  if (!arg) return T.error;
  const t = nonOptional(arg.type);
  if (t.k === "error") return T.error;
  if (t.k === "list") return t.elem;
  r.wrongType(arg.node, `\`${fn}\` needs a list, found ${typeToString(arg.type)}`);
  return T.error;
}

const stringFn = (name: string, n: number, result: Type): Check => (args, r) => {
  if (arity(name, args, r, n)) for (const a of args) expect(a, T.string, r);
  return result;
};

function orderable(t: Type): boolean {
  const w = widen(t);
  return w.k === "int" || w.k === "float" || w.k === "string" || isUnit(w) || w.k === "error";
}

const extreme = (name: string): Check => (args, r) => {
  if (!arity(name, args, r, 1)) return T.error;
  const elem = listElem(args[0], r, name);
  if (!orderable(elem)) r.wrongType(args[0]!.node, `\`${name}\` compares numbers, amounts or strings, not ${typeToString(elem)}`);
  return elem;
};

export const builtinSignatures: ReadonlyMap<string, Check> = new Map<string, Check>([
  ["tf", (args, r) => {
    if (arity("tf", args, r, 1)) expect(args[0], T.string, r);
    return T.string;
  }],
  ["secret", (args, r) => {
    if (arity("secret", args, r, 1)) expect(args[0], T.string, r);
    return T.secret;
  }],
  ["len", (args, r) => {
    if (!arity("len", args, r, 1)) return T.int;
    const t = nonOptional(args[0]!.type);
    if (!["list", "map", "string", "record", "error", "literal"].includes(t.k)) r.wrongType(args[0]!.node, `\`len\` needs a list, map or string, found ${typeToString(t)}`);
    return T.int;
  }],
  ["range", (args, r) => {
    if (arity("range", args, r, 1, 2)) for (const a of args) expect(a, T.int, r);
    return T.list(T.int);
  }],
  ["join", (args, r) => {
    if (!arity("join", args, r, 1, 2)) return T.string;
    expect(args[0], T.list(T.string), r);
    expect(args[1], T.string, r);
    return T.string;
  }],
  ["split", stringFn("split", 2, T.list(T.string))],
  ["startsWith", stringFn("startsWith", 2, T.bool)],
  ["endsWith", stringFn("endsWith", 2, T.bool)],
  ["replace", stringFn("replace", 3, T.string)],
  ["lower", stringFn("lower", 1, T.string)],
  ["upper", stringFn("upper", 1, T.string)],
  ["keys", (args, r) => {
    if (!arity("keys", args, r, 1)) return T.list(T.string);
    const t = nonOptional(args[0]!.type);
    if (t.k !== "map" && t.k !== "record" && t.k !== "error") r.wrongType(args[0]!.node, `\`keys\` needs a map, found ${typeToString(t)}`);
    return T.list(T.string);
  }],
  ["values", (args, r) => {
    if (!arity("values", args, r, 1)) return T.error;
    const t = nonOptional(args[0]!.type);
    if (t.k === "map") return T.list(t.value);
    if (t.k === "record") return T.list([...t.fields.values()].map((f) => f.type).reduce((a, b) => join(a, b), T.error as Type));
    if (t.k !== "error") r.wrongType(args[0]!.node, `\`values\` needs a map, found ${typeToString(t)}`);
    return T.error;
  }],
  ["toString", (args, r) => {
    if (!arity("toString", args, r, 1)) return T.string;
    const t = widen(nonOptional(args[0]!.type));
    if (t.k === "secret") r.wrongType(args[0]!.node, "a Secret cannot be turned into text: it would end up in the world-readable Nix store", "H0308");
    else if (!["int", "float", "bool", "string", "bytes", "cpu", "duration", "error"].includes(t.k)) r.wrongType(args[0]!.node, `\`toString\` takes a number, amount, Bool or String, not ${typeToString(t)}`);
    return T.string;
  }],
  ["contains", (args, r) => {
    if (!arity("contains", args, r, 2)) return T.bool;
    const h = nonOptional(args[0]!.type);
    if (widen(h).k === "string") expect(args[1], T.string, r);
    else if (h.k === "list") expect(args[1], h.elem, r);
    else if (h.k !== "error") r.wrongType(args[0]!.node, `\`contains\` needs a list or a string, found ${typeToString(h)}`);
    return T.bool;
  }],
  ["min", extreme("min")],
  ["max", extreme("max")],
  ["sum", (args, r) => {
    if (!arity("sum", args, r, 1)) return T.error;
    const elem = listElem(args[0], r, "sum");
    const w = widen(elem);
    if (!(w.k === "int" || w.k === "float" || isUnit(w) || w.k === "error")) r.wrongType(args[0]!.node, `\`sum\` adds numbers or amounts, not ${typeToString(elem)}`);
    return w;
  }],
  ["flatten", (args, r) => {
    if (!arity("flatten", args, r, 1)) return T.error;
    const elem = listElem(args[0], r, "flatten");
    if (elem.k === "list") return elem;
    if (elem.k !== "error") r.wrongType(args[0]!.node, `\`flatten\` needs a list of lists, found [${typeToString(elem)}]`);
    return T.error;
  }],
  ["merge", (args, r) => {
    if (!arity("merge", args, r, 2)) return T.error;
    const a = nonOptional(args[0]!.type);
    const b = nonOptional(args[1]!.type);
    const valueOf = (t: Type, node: Node): Type => {
      if (t.k === "map") return t.value;
      if (t.k === "record") return [...t.fields.values()].map((f) => f.type).reduce((x, y) => join(x, y), T.error as Type);
      if (t.k !== "error") r.wrongType(node, `\`merge\` needs maps, found ${typeToString(t)}`);
      return T.error;
    };
    return T.map(join(valueOf(a, args[0]!.node), valueOf(b, args[1]!.node)));
  }],
]);
