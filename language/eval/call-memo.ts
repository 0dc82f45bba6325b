// What a call of a function whose body is a record literal evaluated to, field
// by field, kept for the next analysis. An editor re-analyses on every
// keystroke; typing inside one field of a template that a thousand services
// call would otherwise re-evaluate every field of every call. A field's value
// is reused while its text, the function's parameter list, the arguments, the
// module's names and everything the field read are as they were (see
// `Evaluator.evalCallFields`, which decides; this file holds the records).
import type { DeclSymbol } from "../names/symbols.js";
import type * as A from "../syntax/ast.js";
import { ListedMap } from "../syntax/listed-map.js";
import type { Root } from "./evaluator.js";
import type { Type } from "../types/types.js";
import type { RecordCoercion } from "./coerce.js";
import type { Value } from "./values.js";

/** Where a field starts within its function, for the placement rules written
 * in it: updated when the field is reused after an edit moved it. */
export interface FieldAnchor {
  offset: number;
}

/**
 * What a field (or a result's coercion) read: roots and functions. Calls of
 * one function mostly read the same, so one is shared by all the fields
 * that read the same (see `BodyPlan.share`), and whether it still holds is
 * decided once per analysis for all of them.
 */
export class Reads {
  /** The analysis that last decided `rootsDone` and `changedAt`. */
  checkedAt = 0;
  rootsDone = false;
  /** The last analysis in which one of `calls` changed (Infinity: one is gone). */
  changedAt = 0;

  constructor(
    readonly deps: readonly Root[],
    readonly calls: readonly DeclSymbol[],
  ) {}
}

export interface FieldMemo {
  /** The field's place in its function, shared by every call of one text of it (PlanField.anchor). */
  anchor: FieldAnchor;
  value: Value;
  /** Roots it read and functions it ran: all must be unchanged for a reuse. */
  reads: Reads;
  /** The analysis it was evaluated in. */
  epoch: number;
}

export interface CallMemo {
  fn: DeclSymbol;
  /** The function's text up to its body: name, parameters, result type. */
  head: string;
  /** The parameters' values, in order. */
  args: Value[];
  /** What the arguments read, when they read nothing but roots and functions (not the frame of a function they are written in) and reported nothing; they are kept while that holds. */
  argsRead?: Reads;
  /** The analysis they were evaluated in. */
  argsAt: number;
  fields: Map<string, FieldMemo>;
  /** The record of fields coerced into the result type, when that reported nothing. */
  result?: ResultMemo;
}

export interface ResultMemo {
  type: Type;
  /** Field by field, in the type's order. */
  coercion: RecordCoercion;
  /** The roots coercion read: defaults of omitted fields. */
  reads: Reads;
}

/** One field of a function's record body, as every call of it evaluates it. */
export interface PlanField<G> {
  name: string;
  group: G;
  /** Its text (all its entries, for `a.b = …` paths). */
  text: string;
  /**
   * Where it starts within the function: the object of the parse before
   * when the text is the same, moved to where the field is now. Rules made
   * in it are positioned through it, and a call's kept field is reused only
   * when it was made with this very anchor, that is, from the same text.
   */
  anchor: FieldAnchor;
  /** What the last call that evaluated it read, for the next one to share. */
  last?: Reads;
}

/** A function's record body, made once per parse of the function. */
export class BodyPlan<G> {
  /** What the last result coercion read, for the next call to share. */
  lastResult?: Reads;
  /** The fields' names in order (distinct): the names of every call's result. */
  readonly names: readonly string[];

  constructor(
    /** The text before the body, the same string as the parse before's when unchanged. */
    readonly head: string,
    readonly fields: readonly PlanField<G>[],
  ) {
    this.names = fields.map((f) => f.name);
  }

  /** A field's reads, shared with the last call's when they are the same. */
  share(f: PlanField<G>, deps: readonly Root[], calls: readonly DeclSymbol[]): Reads {
    const last = f.last;
    if (last && sameList(last.deps, deps) && sameList(last.calls, calls)) return last;
    return (f.last = new Reads(packed(deps), packed(calls)));
  }

  /** The reads of a result's coercion, shared likewise. */
  shareResult(deps: readonly Root[]): Reads {
    const last = this.lastResult;
    if (last && sameList(last.deps, deps)) return last;
    return (this.lastResult = new Reads(packed(deps), NO_CALLS));
  }
}

const NO_CALLS: readonly DeclSymbol[] = Object.freeze([]);

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A finished list of what was read, in an array of its own length: the first
 * `push` gives an array room for 17, and these live as long as what they
 * describe, which the young-generation collector copies every time.
 */
export function packed<T>(list: T[]): T[];
export function packed<T>(list: readonly T[]): readonly T[];
export function packed<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 || list.length >= 16 ? list : list.slice();
}

/**
 * The plans of functions' bodies, made once per parse. The plan of the parse
 * before (found by module and function name) lends its anchors and strings
 * where the text is the same: a thousand calls then find their kept fields
 * valid by comparing pointers, and a field an edit moved is moved once.
 */
export class BodyPlans<G> {
  private readonly byBody = new WeakMap<A.RecordExpr, BodyPlan<G> | null>();
  /** Per module, the plans of its latest parse and of the parse before it: two trees, however long the editing goes on. */
  private readonly byModule = new Map<string, { tree: A.SourceFileNode; plans: Map<string, BodyPlan<G>>; before?: Map<string, BodyPlan<G>> }>();

  /** The plan of `body` (of `decl` in `tree`, module `module`), or null when a key of it is computed (such a body is evaluated plainly). */
  of(module: string, tree: A.SourceFileNode, decl: A.FnDecl, body: A.RecordExpr, text: string, groups: ReadonlyMap<string, G>, fieldsOf: (g: G) => readonly A.Field[]): BodyPlan<G> | null {
    let plan = this.byBody.get(body);
    if (plan !== undefined) return plan;
    let gen = this.byModule.get(module);
    if (!gen || gen.tree !== tree) this.byModule.set(module, (gen = { tree, plans: new Map(), ...(gen ? { before: gen.plans } : {}) }));
    const name = decl.name?.name ?? "";
    // Two functions of one name in one parse (H0202) share nothing.
    const before = gen.plans.has(name) ? undefined : gen.before?.get(name);
    const fields: PlanField<G>[] = [];
    let computed = false;
    for (const [field, group] of groups) {
      const written = fieldsOf(group);
      if (written.some((f) => f.path[0]?.computed)) computed = true;
      const t = written.map((f) => text.slice(f.start, f.end)).join("\n");
      const offset = written[0]!.start - decl.start;
      const old = before?.fields.find((f) => f.name === field);
      if (old && old.text === t) {
        old.anchor.offset = offset;
        fields.push({ name: field, group, text: old.text, anchor: old.anchor, ...(old.last ? { last: old.last } : {}) });
      } else fields.push({ name: field, group, text: t, anchor: { offset } });
    }
    const h = text.slice(decl.start, body.start);
    plan = computed ? null : new BodyPlan(before && before.head === h ? before.head : h, fields);
    if (plan) {
      if (before && before.head === plan.head) plan.lastResult = before.lastResult;
      gen.plans.set(name, plan);
    }
    this.byBody.set(body, plan);
    return plan;
  }
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
function sameEntries(a: ReadonlyMap<string, Value>, b: ReadonlyMap<string, Value>): boolean {
  if (a.size !== b.size) return false;
  // Fields over arrays (most records): compared slot by slot, without an iterator's pair per field.
  if (a instanceof ListedMap && b instanceof ListedMap) {
    const na = a.names;
    const nb = b.names;
    if (na !== nb) for (let i = 0; i < na.length; i++) if (na[i] !== nb[i]) return false;
    for (let i = 0; i < na.length; i++) if (!sameValue(a.slots[i] as Value, b.slots[i] as Value)) return false;
    return true;
  }
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
