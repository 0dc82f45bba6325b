// What a call of a function whose body is a record literal evaluated to, field
// by field, kept for the next analysis. An editor re-analyses on every
// keystroke; typing inside one field of a template that a thousand services
// call would otherwise re-evaluate every field of every call. A field's value
// is reused while its text, the function's parameter list, the arguments, the
// module's names and everything the field read are as they were (see
// `Evaluator.evalCallFields`, which decides; this file holds the records).
import type { DeclSymbol } from "../names/symbols.js";
import type * as A from "../syntax/ast.js";
import type { Root } from "./evaluator.js";
import type { Type } from "../types/types.js";
import type { Value } from "./values.js";

/** Where a field starts within its function, for the placement rules written
 * in it: updated when the field is reused after an edit moved it. */
export interface FieldAnchor {
  offset: number;
}

export interface FieldMemo {
  /** The field's source text (all its entries, for `a.b = …` paths). */
  text: string;
  value: Value;
  /** Roots it read and functions it ran: all must be unchanged for a reuse. */
  deps: readonly Root[];
  calls: readonly DeclSymbol[];
  /** The analysis it was evaluated in. */
  epoch: number;
  anchor: FieldAnchor;
}

export interface CallMemo {
  fn: DeclSymbol;
  /** The function's text up to its body: name, parameters, result type. */
  head: string;
  /** The parameters' values, in order. */
  args: Value[];
  fields: Map<string, FieldMemo>;
  /** The record of fields coerced into the result type, when that reported nothing. */
  result?: ResultMemo;
}

export interface ResultMemo {
  type: Type;
  input: ReadonlyMap<string, Value>;
  output: ReadonlyMap<string, Value>;
  /** The roots coercion read: defaults of omitted fields. */
  deps: readonly Root[];
}

const heads = new WeakMap<A.FnDecl, string>();
const groupTexts = new WeakMap<readonly { field: A.Field }[], string>();

/** A function's text before its body (made once per parse of it). */
export function headText(decl: A.FnDecl, body: A.Expr, text: string): string {
  let h = heads.get(decl);
  if (h === undefined) heads.set(decl, (h = text.slice(decl.start, body.start)));
  return h;
}

/** The text of the entries of one field (made once per parse). */
export function groupText(group: readonly { field: A.Field }[], text: string): string {
  let t = groupTexts.get(group);
  if (t === undefined) groupTexts.set(group, (t = group.map((e) => text.slice(e.field.start, e.field.end)).join("\n")));
  return t;
}

export function sameValues(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i]!, b[i]!)) return false;
  return true;
}

/**
 * Whether two values behave identically: stricter than `valuesEqual`, which
 * says what `==` says (an int equals the float of its value, but they print
 * differently). Values it cannot compare cheaply (placement rules, which hold
 * positions) are the same only when they are the same object.
 */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  switch (a.t) {
    case "bool":
    case "int":
    case "float":
    case "string":
    case "bytes":
    case "cpu":
    case "duration":
      return a.t === b.t && a.v === (b as typeof a).v;
    case "none":
    case "error":
      return a.t === b.t;
    case "template":
      return b.t === "template" && JSON.stringify(a.parts) === JSON.stringify(b.parts);
    case "list":
      return b.t === "list" && sameValues(a.items, b.items);
    case "map":
      return b.t === "map" && sameEntries(a.entries, b.entries) && sameMark(a, b);
    case "record":
      return b.t === "record" && a.type === b.type && sameEntries(a.fields, b.fields) && sameMark(a, b);
    case "package":
      return b.t === "package" && a.path.join(".") === b.path.join(".");
    case "secret":
    case "service":
    case "machine":
      return a.t === b.t && a.name === (b as typeof a).name;
    case "nix":
      return b.t === "nix" && a.code === b.code;
    case "deferred":
      return b.t === "deferred" && JSON.stringify(a.ref) === JSON.stringify(b.ref);
    case "placement":
      return false;
  }
}

/** Same keys in the same order (comprehensions and output follow it), same values. */
function sameEntries(a: Map<string, Value>, b: Map<string, Value>): boolean {
  if (a.size !== b.size) return false;
  const ib = b.entries();
  for (const [k, v] of a) {
    const [kb, vb] = ib.next().value as [string, Value];
    if (k !== kb || !sameValue(v, vb)) return false;
  }
  return true;
}

/** Same own symbol marks (the type a record was coerced to decides how it coerces again). */
function sameMark(a: object, b: object): boolean {
  const sa = Object.getOwnPropertySymbols(a);
  if (sa.length !== Object.getOwnPropertySymbols(b).length) return false;
  for (const s of sa) if ((a as Record<symbol, unknown>)[s] !== (b as Record<symbol, unknown>)[s]) return false;
  return true;
}
