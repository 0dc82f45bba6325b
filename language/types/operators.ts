// The types of operator expressions: which operand types each operator
// accepts and what it yields. The evaluator implements the same table.
import type { BinaryOp } from "../syntax/ast.js";
import { T, isUnit, typeToString, widen, type Type } from "./types.js";

export type OpResult = { type: Type } | { error: string };

function unitLabel(t: Type): string {
  return typeToString(widen(t));
}

/** Cpu accepts plain numbers as cores; Bytes and Duration never do. */
function numericOrCpu(a: Type, b: Type): Type | undefined {
  const x = widen(a).k;
  const y = widen(b).k;
  if (x === "int" && y === "int") return T.int;
  if ((x === "int" || x === "float") && (y === "int" || y === "float")) return T.float;
  if ((x === "cpu" && (y === "int" || y === "float" || y === "cpu")) || (y === "cpu" && (x === "int" || x === "float"))) return T.cpu;
  if (x === y && (x === "bytes" || x === "duration")) return x === "bytes" ? T.bytes : T.duration;
  return undefined;
}

export function binaryType(op: BinaryOp, left: Type, right: Type): OpResult {
  if (left.k === "error" || right.k === "error") return { type: op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=" || op === "&&" || op === "||" ? T.bool : T.error };
  const l = widen(left);
  const r = widen(right);
  const invalid = (hint = ""): OpResult => ({ error: `cannot apply \`${op}\` to ${typeToString(left)} and ${typeToString(right)}${hint}` });
  switch (op) {
    case "&&":
    case "||":
      return l.k === "bool" && r.k === "bool" ? { type: T.bool } : invalid(": both sides must be Bool");
    case "??": {
      if (left.k === "none") return { type: right };
      if (left.k !== "optional") return { error: `the left side of \`??\` is never none (it is ${typeToString(left)}), so \`??\` has no effect` };
      return { type: right.k === "optional" ? right : left.inner };
    }
    case "==":
    case "!=": {
      if (comparable(left, right)) return { type: T.bool };
      return invalid(": they can never be equal");
    }
    case "<":
    case "<=":
    case ">":
    case ">=": {
      if (l.k === "string" && r.k === "string") return { type: T.bool };
      const n = numericOrCpu(l, r);
      if (n) return { type: T.bool };
      return invalid(isUnit(l) || isUnit(r) ? `: compare amounts of one kind (${unitLabel(l)} with ${unitLabel(l)})` : "");
    }
    case "+": {
      if (l.k === "string" && r.k === "string") return { type: T.string };
      if (l.k === "list" && r.k === "list") return { type: T.list(joinElem(l.elem, r.elem)) };
      const n = numericOrCpu(l, r);
      if (n) return { type: n };
      if (l.k === "string" || r.k === "string") return invalid(": to build a string from other values, interpolate them: \"${a}${b}\"");
      return invalid(isUnit(l) || isUnit(r) ? ": only amounts of one kind add up" : "");
    }
    case "-": {
      const n = numericOrCpu(l, r);
      return n ? { type: n } : invalid(isUnit(l) || isUnit(r) ? ": only amounts of one kind subtract" : "");
    }
    case "*": {
      if (isUnit(l) && (r.k === "int" || r.k === "float")) return { type: l };
      if (isUnit(r) && (l.k === "int" || l.k === "float")) return { type: r };
      if (l.k === "int" && r.k === "int") return { type: T.int };
      if ((l.k === "int" || l.k === "float") && (r.k === "int" || r.k === "float")) return { type: T.float };
      return invalid(isUnit(l) && isUnit(r) ? ": multiply an amount by a plain number" : "");
    }
    case "/": {
      if (isUnit(l) && (r.k === "int" || r.k === "float")) return { type: l };
      if (isUnit(l) && r.k === l.k) return { type: T.float };
      if (l.k === "int" && r.k === "int") return { type: T.int };
      if ((l.k === "int" || l.k === "float") && (r.k === "int" || r.k === "float")) return { type: T.float };
      return invalid();
    }
    case "%":
      if (l.k === "int" && r.k === "int") return { type: T.int };
      if (isUnit(l) && r.k === l.k) return { type: l };
      return invalid(": `%` takes two Ints or two amounts of one kind");
  }
}

function joinElem(a: Type, b: Type): Type {
  if (a.k === "error") return b;
  if (b.k === "error") return a;
  return widen(a).k === widen(b).k && a.k !== "record" ? widen(a) : a.k === b.k ? a : { k: "union", members: [a, b] };
}

function comparable(a: Type, b: Type): boolean {
  if (a.k === "none" || b.k === "none") return a.k === "optional" || b.k === "optional" || a.k === b.k;
  const x = widen(a.k === "optional" ? a.inner : a);
  const y = widen(b.k === "optional" ? b.inner : b);
  if (x.k === "error" || y.k === "error") return true;
  // Secrets are refused with their own diagnostic (H0308) by the checker.
  if (x.k === "secret" || y.k === "secret") return x.k === y.k;
  if ((x.k === "int" || x.k === "float") && (y.k === "int" || y.k === "float")) return true;
  if ((x.k === "cpu" && (y.k === "int" || y.k === "float")) || (y.k === "cpu" && (x.k === "int" || x.k === "float"))) return true;
  if (x.k === "union" || y.k === "union") return true;
  return x.k === y.k;
}

export function unaryType(op: "!" | "-", operand: Type): OpResult {
  if (operand.k === "error") return { type: op === "!" ? T.bool : T.error };
  const t = widen(operand);
  if (op === "!") return t.k === "bool" ? { type: T.bool } : { error: `\`!\` needs a Bool, found ${typeToString(operand)}` };
  if (t.k === "int" || t.k === "float" || isUnit(t)) return { type: t };
  return { error: `\`-\` needs a number, found ${typeToString(operand)}` };
}
