// The evaluator: expressions to values. Deterministic and total: there is no
// recursion to run away with, and a step budget guards against programs that
// are merely huge. Top-level constants and the fields of declaration bodies
// are evaluated lazily, once, so they may refer to each other in any order.
// A failure is reported once, where it happens, and becomes an error value
// that quietly poisons whatever depends on it.
import { diagnostic, type Diagnostic, type Fix } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { closest } from "../diagnostics/suggest.js";
import type { ModuleInfo, ProgramView } from "../names/module-info.js";
import type { ModuleKey } from "../names/module-key.js";
import type { DeclSymbol, FieldSymbol, Sym } from "../names/symbols.js";
import type * as A from "../syntax/ast.js";
import { entriesOf, entriesWithin, groupEntries, type Entry } from "../syntax/field-groups.js";
import { ListedMap } from "../syntax/listed-map.js";
import type { Span } from "../syntax/source.js";
import { units } from "../syntax/units.js";
import { argumentSlots } from "../types/argument-slots.js";
import type { Checker } from "../types/checker.js";
import { T, type FieldType, type ParamType, type Type } from "../types/types.js";
import { builtinFunctions } from "./builtin-functions.js";
import { BodyPlans, packed, Reads, sameValues, type BodyPlan, type CallMemo, type FieldAnchor } from "./call-memo.js";
import { Coercer, type RecordCoercion } from "./coerce.js";
import { emptyPlacement, Origins } from "./model.js";
import {
  ERROR,
  NONE,
  V,
  makeString,
  partsOf,
  showValue,
  unknownText,
  valuesEqual,
  type PlacementValue,
  type RuleOrigin,
  type Selector,
  type TemplatePart,
  type Value,
} from "./values.js";

export interface EvalLimits {
  /** Evaluation steps before giving up (H0406). */
  maxSteps: number;
  /** The longest list a single expression may build. */
  maxListLength: number;
}

export const defaultLimits: EvalLimits = { maxSteps: 50_000_000, maxListLength: 1_000_000 };

/** Function calls nested inside one another at most this deep: evaluation recurses per call, and the stack is finite. */
export const MAX_CALL_DEPTH = 400;
/** Constants (and services) evaluated inside one another at most this deep, for the same reason. */
export const MAX_ROOT_DEPTH = 400;

export interface Ctx {
  module: ModuleInfo;
  /** The function or constant whose body is being evaluated, if any. */
  decl?: DeclSymbol;
  /** Inside a field of a function's record body: where the field starts in it (see `originIn`). */
  anchor?: FieldAnchor;
}

/** What an analysis tells the evaluator about the edit since the last one (see `beginAnalysis`). */
export interface EvalReuse {
  /** Modules parsed, bound or type-checked again: their roots are forgotten. */
  stale: ReadonlySet<ModuleKey>;
  /** Modules that import a changed one: their roots are kept where still valid. */
  affected: ReadonlySet<ModuleKey>;
  /** Whether a function or constant of a stale module still evaluates as before (its text and what it sees are unchanged). */
  sameDeclaration: (sym: DeclSymbol) => boolean;
  /** Whether a stale module's names mean what they meant (its declarations' bodies may have changed). */
  sameContext: (module: ModuleKey) => boolean;
  /** Files parsed again: diagnostics in them may point to where things were. */
  reparsedFiles: ReadonlySet<string>;
  /** Of those, the files that were parsed before (edited, not new): likely to be edited again. */
  editedFiles: ReadonlySet<string>;
}

/** A lazily evaluated binding: a declaration-body field. */
interface Thunk {
  state: "pending" | "busy" | "done";
  value?: Value;
  compute: () => Value;
  name: string;
  span: Span;
  ctx: Ctx;
}

class Frame {
  constructor(
    readonly vars: Map<Sym, Value | Thunk>,
    readonly parent?: Frame,
  ) {}

  lookup(sym: Sym): Value | Thunk | undefined {
    for (let f: Frame | undefined = this; f; f = f.parent) {
      const v = f.get(sym);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** This frame's own binding of `sym`. */
  get(sym: Sym): Value | Thunk | undefined {
    return this.vars.get(sym);
  }
}

const NO_VARS = new Map<Sym, Value | Thunk>();

/** A function call's parameters: a handful, found by pointer in two arrays, which is cheaper to make and to search than a map (a call is made per service). */
class ParamFrame extends Frame {
  constructor(
    private readonly syms: readonly (Sym | undefined)[],
    readonly values: (Value | undefined)[],
  ) {
    super(NO_VARS);
  }

  override get(sym: Sym): Value | undefined {
    // The last one set of two parameters of one name (H0202), as a map would have it.
    for (let i = this.syms.length - 1; i >= 0; i--) if (this.syms[i] === sym && this.values[i] !== undefined) return this.values[i];
    return undefined;
  }
}

class StepLimit extends Error {}

function isThunk(x: Value | Thunk): x is Thunk {
  return (x as Thunk).compute !== undefined;
}

/** A top-level evaluation: a constant, a declaration's body, a default. Its
 * value and the diagnostics its evaluation produced are kept together, so
 * they can be reused while what it read is unchanged. */
export interface Root {
  /** "dropped" once forgotten: what read it must be evaluated again. */
  state: "busy" | "done" | "dropped";
  value: Value;
  diagnostics: Diagnostic[];
  /** Where it is kept: its module and key there. */
  module: ModuleKey;
  key: unknown;
  /** Other roots whose values it read (a few: an array, added to with `note`). */
  deps: Root[];
  /** Functions that ran while it was evaluated (their bodies are read
   * directly, not through a root of their own). */
  calls: DeclSymbol[];
  /** The analysis whose `beginAnalysis` last decided whether to keep it (0: none), and what it decided. */
  checkedAt: number;
  kept: boolean;
  /** What the system builder made of the value (a service's model), kept as long as the root. */
  made: unknown;
}

/** Roots of one module, keyed by the node (or symbol, or field type) they evaluate. */
type ModuleRoots = Map<unknown, Root>;

/** A call's arguments as evaluated now: what they read, and since when. */
interface ArgsMemo {
  read: Reads;
  at: number;
}

/** What one field of a function's result read while it was evaluated (see
 * `evalCallFields`): a few of each, so arrays rather than sets. */
class FieldReads {
  readonly deps: Root[] = [];
  readonly calls: DeclSymbol[] = [];

  dep(r: Root): void {
    note(this.deps, r);
  }

  call(fn: DeclSymbol): void {
    note(this.calls, fn);
  }
}

export class Evaluator {
  private readonly roots = new Map<ModuleKey, ModuleRoots>();
  /** The roots that reported something (a few of the thousands): the diagnostics are theirs. Dropped ones leave when next asked. */
  private readonly reporting = new Set<Root>();
  /** The keys of the roots being evaluated, outermost first. */
  private readonly rootStack: unknown[] = [];
  /** The root being evaluated: what it reads is recorded as its dependencies. */
  private currentRoot: Root | undefined;
  private readonly coercer: Coercer;
  private steps = 0;
  private reportCtx: Ctx | undefined;
  /** The diagnostics of the root being evaluated. */
  private current: Diagnostic[] | undefined;
  /** Diagnostics outside any root (none in practice; kept rather than lost). */
  private readonly loose: Diagnostic[] = [];
  /** Reads of parameters, locals and fields (a frame's variables), ever: arguments that read none can be kept. */
  private frameReads = 0;
  /** Set when the step budget ran out; everything after is an error value. */
  exhausted = false;
  /** How many diagnostics have been reported, ever: a field that reported one is not kept. */
  private reported = 0;
  /** Analyses begun; what call fields kept (CallMemo) are stamped with. */
  private epoch = 0;
  /** The last analysis whose start looked at a module's roots again (the module was stale or affected) or forgot them. */
  private readonly touchedAt = new Map<ModuleKey, number>();
  /** The last analysis that ran out of steps and forgot every root. */
  private resetAt = 0;
  /** The last analysis in which a module's names changed meaning (EvalReuse.sameContext). */
  private readonly contextChangedAt = new Map<ModuleKey, number>();
  /** The last analysis in which a function no longer evaluated as before. */
  private readonly fnChangedAt = new WeakMap<DeclSymbol, number>();
  /** Per call expression, its function's result field by field. */
  private readonly callMemos = new WeakMap<A.CallExpr, CallMemo>();
  /** Per function body, its fields as every call evaluates them. */
  private readonly plans = new BodyPlans<Entry[]>();
  /** Files edited since the last analysis: calls written there are not kept (see `evalCall`). */
  private editedFiles: ReadonlySet<string> = new Set();
  /** The field of a function's result being evaluated: what it reads is recorded here too. */
  private fieldReads: FieldReads | undefined;
  /** Services' evaluated records, for `svc.field` reads from other services. */
  serviceValue: (name: string, module: ModuleKey, at: Span, ctx: Ctx) => Value = () => ERROR;

  constructor(
    public program: ProgramView,
    readonly checker: Checker,
    readonly limits: EvalLimits = defaultLimits,
    /** Whether to record `origins` (see WorkspaceOptions.origins). */
    readonly recordOrigins = false,
    /** Whether to keep call fields, and the groupings of declarations' record literals, for the next analysis (see WorkspaceOptions.callFields). */
    readonly callFields = false,
  ) {
    this.coercer = new Coercer({
      report: (code, span, message, fix) => this.report(this.reportCtx!, code, span, message, fix),
      defaultOf: (ft) => this.defaultOf(ft),
    });
  }

  /**
   * Starts an analysis of `program`. A root of a `stale` module (parsed,
   * bound or type-checked again) is forgotten, unless it is a constant that
   * still evaluates as before (`sameDeclaration`); those and the roots of
   * `affected` modules (importers of a changed one) are kept while every
   * function they ran evaluates as before, they reported nothing in a file
   * parsed again, and every root they read is kept too: an edit inside one
   * template re-evaluates only the services that call it. Kept roots spend
   * no steps of the evaluation budget (H0406) again.
   */
  beginAnalysis(program: ProgramView, reuse: EvalReuse): void {
    const { stale, affected } = reuse;
    this.program = program;
    this.epoch++;
    this.editedFiles = reuse.editedFiles;
    for (const k of stale) {
      const m = program.module(k);
      if (!m) continue;
      if (!reuse.sameContext(k)) this.contextChangedAt.set(k, this.epoch);
      for (const sym of m.decls.symbols.values()) if (sym.kind === "fn" && !reuse.sameDeclaration(sym)) this.fnChangedAt.set(sym, this.epoch);
    }
    for (const k of stale) {
      const m = this.roots.get(k);
      if (!m) continue;
      // Other roots are keyed by nodes of the old parse (or offsets in it): never asked for again.
      for (const [key, r] of [...m]) if (!isConstant(key) || !reuse.sameDeclaration(key) || r.state !== "done") drop(m, r);
    }
    for (const [k, m] of [...this.roots]) {
      if (program.module(k)) continue;
      for (const r of m.values()) r.state = "dropped";
      this.roots.delete(k);
      this.touchedAt.set(k, this.epoch);
    }
    for (const k of stale) this.touchedAt.set(k, this.epoch);
    for (const k of affected) this.touchedAt.set(k, this.epoch);
    // Asked once per function per analysis, though thousands of roots ran it.
    const sameFn = new Map<DeclSymbol, boolean>();
    const same = (fn: DeclSymbol): boolean => {
      let v = sameFn.get(fn);
      if (v === undefined) sameFn.set(fn, (v = reuse.sameDeclaration(fn)));
      return v;
    };
    const epoch = this.epoch;
    const keep = (r: Root): boolean => {
      if (r.checkedAt === epoch) return r.kept;
      r.checkedAt = epoch;
      r.kept = false; // a cycle keeps nothing
      // A root no longer in its module's map was dropped (every removal marks it).
      let v = r.state === "done";
      // Indexed, stopping at the first reason: this runs for every root of every affected module at each keystroke.
      // (A dependency not looked at here is either in an unaffected module, so kept, or looked at by the loop below.)
      const calls = r.calls;
      for (let i = 0; v && i < calls.length; i++) if (stale.has(calls[i]!.module) && !same(calls[i]!)) v = false;
      const reported = r.diagnostics;
      for (let i = 0; v && i < reported.length; i++) if (reuse.reparsedFiles.has(reported[i]!.file)) v = false;
      const deps = r.deps;
      for (let i = 0; v && i < deps.length; i++) if (!keep(deps[i]!)) v = false;
      r.kept = v;
      return v;
    };
    // A root that is not kept is only marked: its entry is overwritten when
    // its key is evaluated again, which for a service of an importing file is
    // in this very analysis (deleting and adding it again would shrink and
    // grow the map each time). Entries of a stale module that stay dropped are
    // deleted above when the module is stale again.
    for (const k of new Set([...affected, ...stale])) {
      const m = this.roots.get(k);
      if (!m) continue;
      for (const r of m.values()) if (!keep(r)) r.state = "dropped";
    }
    this.steps = 0;
    this.exhausted = false;
    this.loose.length = 0;
  }

  /** The analysis under way (or the last one), for `untouchedSince`. */
  get analysis(): number {
    return this.epoch;
  }

  /**
   * Whether every root of a module is as it was at the end of analysis
   * `since`: none was looked at again, forgotten or evaluated again after
   * it. (Only a start of an analysis in which the module is stale or
   * affected, or a run out of steps, does any of that.)
   */
  untouchedSince(module: ModuleKey, since: number): boolean {
    return (this.touchedAt.get(module) ?? 0) <= since && this.resetAt < since;
  }

  /** Ends an analysis: a run out of steps leaves nothing worth keeping. */
  endAnalysis(): void {
    if (this.exhausted) {
      this.resetAt = this.epoch;
      const keep = this.diagnostics;
      for (const m of this.roots.values()) for (const r of m.values()) r.state = "dropped";
      this.roots.clear();
      this.loose.push(...keep);
    }
  }

  /** Every diagnostic of every root evaluated so far. */
  get diagnostics(): Diagnostic[] {
    const out = [...this.loose];
    for (const r of this.reporting) {
      if (r.state === "dropped") this.reporting.delete(r);
      else out.push(...r.diagnostics);
    }
    return out;
  }

  report(ctx: Ctx, code: DiagnosticCode, span: Span, message: string, fix?: Fix): Value {
    this.reported++;
    (this.current ?? this.loose).push(diagnostic(code, ctx.module.file, { start: span.start, end: span.end }, message, fix ? { fix } : {}));
    return ERROR;
  }

  ctxOf(key: ModuleKey): Ctx | undefined {
    const m = this.program.module(key);
    return m ? { module: m } : undefined;
  }

  /** Evaluates (once per unchanged module) a root of `module`, identified by
   * `key`. `onCycle` runs when the root is needed while being evaluated. */
  root(module: ModuleKey, key: unknown, compute: () => Value, onCycle?: () => Value): Value {
    let m = this.roots.get(module);
    if (!m) this.roots.set(module, (m = new Map()));
    const hit = m.get(key);
    const parent = this.currentRoot;
    if (hit && hit.state !== "dropped") {
      if (hit.state === "busy") return onCycle ? onCycle() : ERROR;
      this.read(hit);
      return hit.value;
    }
    const r: Root = { state: "busy", value: ERROR, diagnostics: [], module, key, deps: [], calls: [], checkedAt: 0, kept: false, made: undefined };
    m.set(key, r);
    this.read(r);
    const saved = this.current;
    this.current = r.diagnostics;
    this.currentRoot = r;
    this.rootStack.push(key);
    try {
      r.value = compute();
    } finally {
      this.rootStack.pop();
      this.current = saved;
      this.currentRoot = parent;
      r.state = "done";
      r.deps = packed(r.deps);
      r.calls = packed(r.calls);
      if (r.diagnostics.length > 0) this.reporting.add(r);
    }
    return r.value;
  }

  /** The value of a root evaluated already (noting the dependency), if there is one: `root` without making closures. */
  done(module: ModuleKey, key: unknown): Value | undefined {
    const hit = this.doneRoot(module, key);
    if (!hit) return undefined;
    this.read(hit);
    return hit.value;
  }

  /** A root evaluated already (for what was made of its value, `Root.made`); reading it records no dependency. */
  doneRoot(module: ModuleKey, key: unknown): Root | undefined {
    const hit = this.roots.get(module)?.get(key);
    return hit?.state === "done" ? hit : undefined;
  }

  /** Notes that the root (and call field) being evaluated read `r`. */
  private read(r: Root): void {
    if (this.currentRoot) note(this.currentRoot.deps, r);
    this.fieldReads?.dep(r);
  }

  /** Notes that the root (and call field) being evaluated ran `fn`. */
  private ran(fn: DeclSymbol): void {
    if (this.currentRoot) note(this.currentRoot.calls, fn);
    this.fieldReads?.call(fn);
  }

  /** Notes again what a kept value read and ran when it was made (it is used as it is). */
  private replay(reads: Reads): void {
    // Indexed: thousands of kept fields are replayed at each keystroke, and `for … of` here made an object per item.
    const deps = reads.deps;
    for (let i = 0; i < deps.length; i++) this.read(deps[i]!);
    const calls = reads.calls;
    for (let i = 0; i < calls.length; i++) this.ran(calls[i]!);
  }

  /** Runs `f` recording what it reads and runs into `reads`, and into the recording it is part of. */
  private recording<T>(reads: FieldReads, f: () => T): T {
    const outer = this.fieldReads;
    this.fieldReads = reads;
    try {
      return f();
    } finally {
      this.fieldReads = outer;
      if (outer) {
        for (const r of reads.deps) outer.dep(r);
        for (const c of reads.calls) outer.call(c);
      }
    }
  }

  /** Runs `f`, turning an exhausted step budget into one diagnostic. */
  guarded(ctx: Ctx, at: Span, f: () => Value): Value {
    if (this.exhausted) return ERROR;
    try {
      return f();
    } catch (e) {
      if (!(e instanceof StepLimit)) throw e;
      this.exhausted = true;
      return this.report(ctx, "H0406", at, `evaluation stopped after ${this.limits.maxSteps.toLocaleString("en")} steps: this configuration computes too much (a very large range or comprehension?)`);
    }
  }

  coerce(v: Value, t: Type, node: A.Expr | undefined, span: Span, ctx: Ctx): Value {
    const saved = this.reportCtx;
    this.reportCtx = ctx;
    try {
      return this.coercer.coerce(v, t, node, span);
    } finally {
      this.reportCtx = saved;
    }
  }

  private defaultOf(ft: FieldType): Value {
    const d = ft.default;
    if (!d) return ERROR;
    // The hot path: every omitted field of every coerced record reads a default evaluated long before.
    const hit = this.done(d.module, ft);
    if (hit !== undefined) return hit;
    const ctx = this.ctxOf(d.module);
    if (!ctx) return ERROR;
    return this.root(d.module, ft, () => this.coerce(this.eval(d.expr, new Frame(new Map()), ctx), ft.type, d.expr, d.expr, ctx));
  }

  // ───────────── top-level constants ─────────────

  /** A top-level constant's value; `refSpan` is the name that reads it, if any. */
  letValue(sym: DeclSymbol, refSpan?: Span, refCtx?: Ctx): Value {
    // The hot path (a constant already evaluated) is a lookup and a note of the dependency.
    const hit = this.roots.get(sym.module)?.get(sym);
    if (hit && hit.state !== "dropped") {
      if (hit.state !== "done") return this.letCycle(sym, refSpan, refCtx);
      this.read(hit);
      return hit.value;
    }
    const module = this.program.module(sym.module);
    const d = sym.decl as A.LetDecl;
    // A constant with a syntax error (syntax/broken.ts) has no value its users should be told about.
    if (!module || !d.value || d.broken) return ERROR;
    const ctx: Ctx = { module, decl: sym };
    const value = d.value;
    // Constants evaluated inside one another deeper than the stack holds (a chain declared last-needed-first, or across files).
    if (this.rootStack.length >= MAX_ROOT_DEPTH) {
      return this.report(refCtx ?? ctx, "H0406", refSpan ?? sym.nameSpan, `evaluation stopped: \`${sym.name}\` is needed at the end of a chain of more than ${MAX_ROOT_DEPTH} constants, each needing the next; declare each constant before those that use it, or shorten the chain`);
    }
    return this.root(sym.module, sym, () => {
      const v = this.eval(value, new Frame(new Map()), ctx);
      return d.type ? this.coerce(v, this.checker.resolveType(d.type, ctx), value, value, ctx) : v;
    });
  }

  /** A constant read while it is being evaluated. Cycles among constants are
   * reported statically (names/cycles.ts); one through a service's settings
   * (`let n = api.replicas`, `replicas = n`) shows only here. */
  private letCycle(sym: DeclSymbol, refSpan: Span | undefined, refCtx: Ctx | undefined): Value {
    const inner = this.rootStack.slice(this.rootStack.indexOf(sym) + 1);
    const service = inner.find((k): k is A.ServiceDecl => (k as A.Node | undefined)?.kind === "ServiceDecl");
    if (!refSpan || !refCtx || !service) return ERROR;
    return this.report(refCtx, "H0212", refSpan, `\`${sym.name}\` is defined in terms of itself (through the settings of service \`${service.name?.name ?? "?"}\`)`);
  }

  private force(th: Thunk, reportCycle: boolean): Value {
    if (th.state === "done") return th.value!;
    if (th.state === "busy") {
      // Constants' cycles are reported statically; fields' are reported here.
      if (reportCycle) this.report(th.ctx, "H0212", th.span, `field \`${th.name}\` depends on itself`);
      return ERROR;
    }
    th.state = "busy";
    let v: Value = ERROR;
    try {
      v = th.compute();
    } finally {
      th.state = "done";
      th.value = v;
    }
    return v;
  }

  // ───────────── declaration bodies ─────────────

  /** Evaluates a declaration body: its fields are lazily bound in scope, then
   * the whole record is coerced to the schema. `extra` binds e.g. `index`. */
  evalBody(owner: FieldSymbol["owner"], body: A.RecordExpr, schema: Type, ctx: Ctx, extra: Map<Sym, Value> = new Map()): Value {
    const vars = new Map<Sym, Value | Thunk>(extra);
    const frame = new Frame(vars);
    const scope = ctx.module.binding.scopes.get(body)?.names;
    const groups = fieldsOf(body, this.callFields);
    const fieldTypes = schema.k === "record" ? schema.fields : undefined;
    const names = groups.names;
    // A field that another field reads is bound lazily, in scope; the others
    // are evaluated in their turn below, with no thunk (most fields of most
    // bodies: a thunk and a closure each added up over thousands of services).
    const fields = new Array<Thunk | Entry[]>(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const entries = groups.slots[i]!;
      const sym = scope?.get(name);
      if (sym?.kind === "field" && sym.owner === owner && sym.read) {
        const th: Thunk = { state: "pending", name, span: entries[0]!.path[0]!, ctx, compute: () => this.bodyField(entries, name, fieldTypes, frame, ctx) };
        vars.set(sym, th);
        fields[i] = th;
      } else fields[i] = entries;
    }
    const slots = new Array<Value>(fields.length);
    for (let j = 0; j < fields.length; j++) {
      const f = fields[j]!;
      slots[j] = Array.isArray(f) ? this.bodyField(f, names[j]!, fieldTypes, frame, ctx) : this.force(f, true);
    }
    return this.coerce({ t: "record", fields: new ListedMap(names, slots) }, schema, body, body, ctx);
  }

  /** A declaration body's field (the entries sharing its name), coerced into its type in the schema. */
  private bodyField(entries: Entry[], name: string, fieldTypes: ReadonlyMap<string, FieldType> | undefined, frame: Frame, ctx: Ctx): Value {
    const v = this.evalGroup(entries, frame, ctx);
    const ft = fieldTypes?.get(name);
    const whole = entries.length === 1 && entries[0]!.path.length === 1 ? entries[0]!.field.value : undefined;
    return ft ? this.coerce(v, ft.type, whole, entries[0]!.field, ctx) : v;
  }

  /** The value of the fields sharing a first path segment. */
  private evalGroup(entries: Entry[], frame: Frame, ctx: Ctx): Value {
    const whole = entries.find((e) => e.path.length === 1);
    if (whole) {
      const x = whole.field.value;
      if (!x) return ERROR;
      const v = this.eval(x, frame, ctx);
      // (`none` and errors are shared objects: they have no one origin.)
      if (this.recordOrigins && v !== NONE && v !== ERROR) this.origins.mark(v, { file: ctx.module.file, start: x.start, end: x.end });
      return v;
    }
    return this.evalEntries(nestedOf(entries), frame, ctx);
  }

  /** A record literal's fields; `plain` evaluates the fields not named by a computed key. */
  private evalEntries(groups: ListedMap<Entry[]>, frame: Frame, ctx: Ctx, plain?: (name: string, group: Entry[]) => Value): Value {
    if (!hasComputedKey(groups)) {
      // Names known before evaluation, and distinct: the groups' own list serves the record too.
      const names = groups.names;
      const lists = groups.slots;
      const slots = new Array<Value>(names.length);
      for (let i = 0; i < names.length; i++) slots[i] = plain ? plain(names[i]!, lists[i]!) : this.evalGroup(lists[i]!, frame, ctx);
      return { t: "record", fields: new ListedMap(names, slots) };
    }
    const fields = new Map<string, Value>();
    for (const [name, group] of groups) {
      const key = group[0]!.path[0]!;
      if (key.computed) {
        const k = this.mapKey(key.computed, frame, ctx);
        if (k === undefined) continue;
        if (fields.has(k)) {
          this.report(ctx, "H0208", key, `key ${JSON.stringify(k)} is set twice`);
          continue;
        }
        fields.set(k, this.evalGroup(group, frame, ctx));
      } else if (fields.has(name)) {
        this.report(ctx, "H0208", key, `key ${JSON.stringify(name)} is set twice (once by a computed key)`);
      } else fields.set(name, plain ? plain(name, group) : this.evalGroup(group, frame, ctx));
    }
    return { t: "record", fields };
  }

  /** A computed key's text; keys must be known before placement and to Herd (not Nix). */
  private mapKey(e: A.StringExpr, frame: Frame, ctx: Ctx): string | undefined {
    const v = this.eval(e, frame, ctx);
    if (v.t === "string") return v.v;
    if (v.t === "template") this.report(ctx, "H0404", e, `a key must be plain text: this one holds ${unknownText(v.parts)}`);
    return undefined;
  }

  // ───────────── expressions ─────────────

  eval(e: A.Expr, frame: Frame, ctx: Ctx): Value {
    if (++this.steps > this.limits.maxSteps) throw new StepLimit();
    switch (e.kind) {
      case "Int":
        return V.int(e.value);
      case "Float":
        return { t: "float", v: e.value };
      case "Unit": {
        const u = units.get(e.unit);
        if (!u) return ERROR;
        const v = Math.round(e.value * u.scale);
        return { t: u.dimension === "Bytes" ? "bytes" : u.dimension === "Cpu" ? "cpu" : "duration", v };
      }
      case "Bool":
        return V.bool(e.value);
      case "None":
        return NONE;
      case "Error":
        return ERROR;
      case "String":
        return this.evalString(e, frame, ctx);
      case "Name":
        return this.evalName(e, frame, ctx);
      case "Member":
        return this.evalMember(e, frame, ctx);
      case "Index":
        return this.evalIndex(e, frame, ctx);
      case "Call":
        return this.evalCall(e, frame, ctx);
      case "Record":
        return this.evalEntries(fieldsOf(e, this.keepGroupings(ctx)), frame, ctx);
      case "List":
        return V.list(e.items.map((i) => this.eval(i, frame, ctx)));
      case "For":
        return this.evalFor(e, frame, ctx);
      case "If": {
        const c = e.condition ? this.eval(e.condition, frame, ctx) : ERROR;
        if (c.t === "deferred") return this.needsPlacement(ctx, e.condition!);
        if (c.t !== "bool") return ERROR;
        const branch = c.v ? e.then : e.else;
        return branch ? this.eval(branch, frame, ctx) : ERROR;
      }
      case "Paren":
        return e.inner ? this.eval(e.inner, frame, ctx) : ERROR;
      case "Unary": {
        const v = e.operand ? this.eval(e.operand, frame, ctx) : ERROR;
        if (v.t === "error") return v;
        if (e.op === "!") return v.t === "bool" ? V.bool(!v.v) : ERROR;
        if (v.t === "int" || v.t === "float" || v.t === "bytes" || v.t === "cpu" || v.t === "duration") return { ...v, v: -v.v } as Value;
        return ERROR;
      }
      case "Binary":
        return this.evalBinary(e, frame, ctx);
      case "With":
        return this.evalWith(e, frame, ctx);
      case "Place":
        return { t: "placement", rules: this.evalPlace(e, frame, ctx) };
    }
  }

  private needsPlacement(ctx: Ctx, at: Span): Value {
    return this.report(ctx, "H0404", at, "this value is known only after placement, so it cannot decide anything here; placement results may be interpolated into strings, indexed (`[0]`) or joined (`join(…, \",\")`)");
  }

  private evalString(e: A.StringExpr, frame: Frame, ctx: Ctx): Value {
    if (e.nix) return { t: "nix", code: e.parts.map((p) => (p.kind === "Text" ? p.value : "")).join("") };
    // Plain text (the usual case) is joined as it comes; parts only once something is not text.
    let text = "";
    let parts: TemplatePart[] | undefined;
    for (const p of e.parts) {
      if (p.kind === "Text") {
        if (parts) parts.push(p.value);
        else text += p.value;
        continue;
      }
      const v = p.expr ? this.eval(p.expr, frame, ctx) : ERROR;
      let t: string;
      switch (v.t) {
        case "string":
          t = v.v;
          break;
        case "int":
        case "bool":
          t = String(v.v);
          break;
        case "float":
          t = Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
          break;
        case "template":
          parts = partsSoFar(text, parts);
          parts.push(...v.parts);
          continue;
        case "package":
          parts = partsSoFar(text, parts);
          parts.push({ pkg: v.path });
          continue;
        case "deferred":
          // A whole list cannot be interpolated: the checker reported it.
          if (v.ref.index === undefined && v.ref.join === undefined) return ERROR;
          parts = partsSoFar(text, parts);
          parts.push({ deferred: v.ref });
          continue;
        default:
          return ERROR;
      }
      if (parts) parts.push(t);
      else text += t;
    }
    return parts ? makeString(parts) : { t: "string", v: text };
  }

  private evalName(e: A.NameExpr, frame: Frame, ctx: Ctx): Value {
    const sym = ctx.module.binding.refs.get(e);
    if (!sym) return ERROR;
    return this.symbolValue(sym, frame, e, ctx);
  }

  private symbolValue(sym: Sym, frame: Frame, refSpan?: Span, refCtx?: Ctx): Value {
    switch (sym.kind) {
      case "let":
        return this.letValue(sym, refSpan, refCtx);
      case "service":
        return { t: "service", name: sym.name };
      case "node":
      case "machine":
        return { t: "machine", name: sym.name };
      case "param":
      case "local":
      case "field":
      case "index": {
        this.frameReads++;
        const v = frame.lookup(sym);
        if (v === undefined) return ERROR;
        return isThunk(v) ? this.force(v, true) : v;
      }
      default:
        return ERROR;
    }
  }

  private evalMember(e: A.MemberExpr, frame: Frame, ctx: Ctx): Value {
    const nsSym = ctx.module.binding.refs.get(e);
    if (nsSym) return this.symbolValue(nsSym, frame, e, ctx);
    if (!e.member) return ERROR;
    const name = e.member.name;
    if (e.object.kind === "Name") {
      const os = ctx.module.binding.refs.get(e.object);
      if (os?.kind === "builtin" && os.name === "pkgs") return { t: "package", path: [name] };
    }
    const obj = this.eval(e.object, frame, ctx);
    switch (obj.t) {
      case "record":
        return obj.fields.get(name) ?? ERROR;
      case "package":
        return { t: "package", path: [...obj.path, name] };
      case "service":
        if (name === "name") return V.str(obj.name);
        if (name === "nodes" || name === "endpoints") return { t: "deferred", ref: { service: obj.name, attr: name } };
        {
          const sv = this.serviceValue(obj.name, ctx.module.key, e, ctx);
          return sv.t === "record" ? (sv.fields.get(name) ?? ERROR) : ERROR;
        }
      case "machine": {
        if (name === "name") return V.str(obj.name);
        const info = this.machineInfo(obj.name);
        if (info.existing) {
          if (name === "address" || name === "ipv4") return V.str(info.address ?? "");
          return this.report(ctx, "H0404", e, `\`${obj.name}\` is an existing machine: it has no ${name === "id" ? "provider id" : "IPv6 address known to Herd"}; Terraform does not manage it`);
        }
        if (name === "address") return this.report(ctx, "H0404", e, `the address of \`${obj.name}\` is known only once the machine is provisioned: use \`${obj.name}.ipv4\` (resolved by Terraform) or its name`);
        return { t: "template", parts: [{ machine: obj.name, attr: name as "ipv4" | "ipv6" | "id" }] };
      }
      case "bytes":
        return V.int(Math.floor(obj.v / ({ bytes: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 } as Record<string, number>)[name]!));
      case "duration":
        return V.int(Math.floor(obj.v / ({ ms: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as Record<string, number>)[name]!));
      case "cpu":
        return name === "cores" ? { t: "float", v: obj.v / 1000 } : V.int(obj.v);
      default:
        return ERROR;
    }
  }

  /** Whether a machine exists already (and its address); set by the system builder. */
  machineInfo: (name: string) => { existing: boolean; address?: string } = () => ({ existing: false });

  private evalIndex(e: A.IndexExpr, frame: Frame, ctx: Ctx): Value {
    const obj = this.eval(e.object, frame, ctx);
    const idx = e.index ? this.eval(e.index, frame, ctx) : ERROR;
    if (obj.t === "error" || idx.t === "error") return ERROR;
    const at = e.index ?? e;
    if (obj.t === "deferred") {
      if (idx.t !== "int" || obj.ref.index !== undefined || obj.ref.join !== undefined) return ERROR;
      if (idx.v < 0) return this.report(ctx, "H0401", at, `index ${idx.v} is negative`);
      // How many entries there will be is known now: one per replica.
      const svc = this.serviceValue(obj.ref.service, ctx.module.key, at, ctx);
      const replicas = svc.t === "record" ? svc.fields.get("replicas") : undefined;
      if (replicas?.t === "int" && idx.v >= replicas.v) {
        return this.report(ctx, "H0401", at, `index ${idx.v} is out of range: \`${obj.ref.service}\` has ${replicas.v} replica${replicas.v === 1 ? "" : "s"}, so \`${obj.ref.service}.${obj.ref.attr}\` will have ${replicas.v} item${replicas.v === 1 ? "" : "s"}`);
      }
      return { t: "deferred", ref: { ...obj.ref, index: idx.v } };
    }
    if (idx.t === "deferred") return this.needsPlacement(ctx, at);
    if (obj.t === "list") {
      if (idx.t !== "int") return ERROR;
      if (idx.v < 0 || idx.v >= obj.items.length) {
        return this.report(ctx, "H0401", at, obj.items.length === 0 ? `index ${idx.v} is out of range: the list is empty` : `index ${idx.v} is out of range: the list has ${obj.items.length} item${obj.items.length === 1 ? "" : "s"} (0 to ${obj.items.length - 1})`);
      }
      return obj.items[idx.v]!;
    }
    if (obj.t === "map" || obj.t === "record") {
      if (idx.t === "template") return this.report(ctx, "H0404", at, `a key must be plain text: this one holds ${unknownText(idx.parts)}`);
      if (idx.t !== "string") return ERROR;
      const m = obj.t === "map" ? obj.entries : obj.fields;
      const hit = m.get(idx.v);
      if (hit !== undefined) return hit;
      const meant = closest(idx.v, m.keys());
      const keys = [...m.keys()];
      const listed = keys.length <= 10 ? `; keys are ${keys.map((k) => JSON.stringify(k)).join(", ")}` : "";
      // The key written as a plain string can be replaced by the one meant.
      const fix = meant && at.kind === "String" && at.parts.length === 1 && at.parts[0]!.kind === "Text" ? { message: `write ${JSON.stringify(meant)}`, edits: [{ span: { start: at.start, end: at.end }, newText: JSON.stringify(meant) }] } : undefined;
      return this.report(ctx, "H0402", at, `no key ${JSON.stringify(idx.v)}${meant ? `; did you mean ${JSON.stringify(meant)}?` : listed}`, fix);
    }
    return ERROR;
  }

  private evalFor(e: A.ForExpr, frame: Frame, ctx: Ctx): Value {
    if (e.key) return this.evalMapFor(e, frame, ctx);
    const it = e.iterable ? this.eval(e.iterable, frame, ctx) : ERROR;
    if (it.t === "deferred") return this.needsPlacement(ctx, e.iterable!);
    let pairs: [Value, Value][];
    if (it.t === "list") pairs = it.items.map((v, i) => [V.int(i), v]);
    else if (it.t === "map" || it.t === "record") {
      const m = it.t === "map" ? it.entries : it.fields;
      pairs = [...m.keys()].sort().map((k) => [V.str(k), m.get(k)!]);
    } else return ERROR;
    const scope = ctx.module.binding.scopes.get(e)?.names;
    const first = e.first && scope?.get(e.first.name);
    const second = e.second && scope?.get(e.second.name);
    const out: Value[] = [];
    for (const [k, v] of pairs) {
      const vars = new Map<Sym, Value | Thunk>();
      if (first) vars.set(first, second || it.t !== "list" ? k : v);
      if (second) vars.set(second, v);
      const inner = new Frame(vars, frame);
      if (e.condition) {
        const c = this.eval(e.condition, inner, ctx);
        if (c.t === "deferred") return this.needsPlacement(ctx, e.condition);
        if (c.t !== "bool") return ERROR;
        if (!c.v) continue;
      }
      out.push(e.body ? this.eval(e.body, inner, ctx) : ERROR);
      if (out.length > this.limits.maxListLength) {
        return this.report(ctx, "H0406", e, `this comprehension builds more than ${this.limits.maxListLength.toLocaleString("en")} items`);
      }
    }
    return V.list(out);
  }

  /** `{for x in xs: key = value}`: one entry per item, keys in sorted order. */
  private evalMapFor(e: A.ForExpr, frame: Frame, ctx: Ctx): Value {
    const it = e.iterable ? this.eval(e.iterable, frame, ctx) : ERROR;
    if (it.t === "deferred") return this.needsPlacement(ctx, e.iterable!);
    let pairs: [Value, Value][];
    if (it.t === "list") pairs = it.items.map((v, i) => [V.int(i), v]);
    else if (it.t === "map" || it.t === "record") {
      const m = it.t === "map" ? it.entries : it.fields;
      pairs = [...m.keys()].sort().map((k) => [V.str(k), m.get(k)!]);
    } else return ERROR;
    const scope = ctx.module.binding.scopes.get(e)?.names;
    const first = e.first && scope?.get(e.first.name);
    const second = e.second && scope?.get(e.second.name);
    const entries = new Map<string, Value>();
    for (const [k, v] of pairs) {
      const vars = new Map<Sym, Value | Thunk>();
      if (first) vars.set(first, second || it.t !== "list" ? k : v);
      if (second) vars.set(second, v);
      const inner = new Frame(vars, frame);
      if (e.condition) {
        const c = this.eval(e.condition, inner, ctx);
        if (c.t === "deferred") return this.needsPlacement(ctx, e.condition);
        if (c.t !== "bool") return ERROR;
        if (!c.v) continue;
      }
      const key = e.key!.computed ? this.mapKey(e.key!.computed, inner, ctx) : e.key!.name;
      if (key === undefined) continue;
      if (entries.has(key)) {
        this.report(ctx, "H0208", e.key!, `key ${JSON.stringify(key)} is made twice by this comprehension`);
        continue;
      }
      entries.set(key, e.body ? this.eval(e.body, inner, ctx) : ERROR);
      if (entries.size > this.limits.maxListLength) return this.report(ctx, "H0406", e, `this comprehension builds more than ${this.limits.maxListLength.toLocaleString("en")} entries`);
    }
    return { t: "map", entries };
  }

  private evalBinary(e: A.BinaryExpr, frame: Frame, ctx: Ctx): Value {
    const l = this.eval(e.left, frame, ctx);
    if (e.op === "&&" || e.op === "||") {
      if (l.t === "deferred") return this.needsPlacement(ctx, e.left);
      if (l.t !== "bool") return ERROR;
      if (e.op === "&&" && !l.v) return l;
      if (e.op === "||" && l.v) return l;
      const r = e.right ? this.eval(e.right, frame, ctx) : ERROR;
      if (r.t === "deferred") return this.needsPlacement(ctx, e.right!);
      return r.t === "bool" ? r : ERROR;
    }
    if (e.op === "??") {
      if (l.t !== "none") return l;
      return e.right ? this.eval(e.right, frame, ctx) : ERROR;
    }
    const r = e.right ? this.eval(e.right, frame, ctx) : ERROR;
    if (l.t === "error" || r.t === "error") return ERROR;
    if (e.op === "+" && isTextual(l) && isTextual(r)) return makeString([...partsOf(l), ...partsOf(r)]);
    if (l.t === "deferred" || r.t === "deferred") return this.needsPlacement(ctx, l.t === "deferred" ? e.left : e.right!);
    if ((e.op === "==" || e.op === "!=") && (l.t === "template" || r.t === "template") && !valuesEqual(l, r)) {
      // `web-1.ipv4 == "203.0.113.9"` may be true once Terraform has run: no answer now.
      const [t, side] = l.t === "template" ? [l, e.left] : [r as Extract<Value, { t: "template" }>, e.right!];
      return this.report(ctx, "H0404", side, `this string holds ${unknownText(t.parts)}, so comparing it cannot decide anything here`);
    }
    switch (e.op) {
      case "==":
        return V.bool(valuesEqual(l, r));
      case "!=":
        return V.bool(!valuesEqual(l, r));
      case "<":
      case "<=":
      case ">":
      case ">=": {
        const [a, b] = comparable(l, r);
        if (a === undefined || b === undefined) return ERROR;
        return V.bool(e.op === "<" ? a < b : e.op === "<=" ? a <= b : e.op === ">" ? a > b : a >= b);
      }
      case "+":
        if (l.t === "list" && r.t === "list") {
          if (l.items.length + r.items.length > this.limits.maxListLength) return this.report(ctx, "H0406", e, "this list grows beyond the limit");
          return V.list([...l.items, ...r.items]);
        }
        return arith(l, r, (a, b) => a + b) ?? ERROR;
      case "-":
        return arith(l, r, (a, b) => a - b) ?? ERROR;
      case "*":
        return this.multiply(l, r, e, ctx);
      case "/":
        return this.divide(l, r, e, ctx);
      case "%": {
        if (!isNum(r) || r.v === 0) return isNum(r) ? this.report(ctx, "H0403", e.right ?? e, "remainder of a division by zero") : ERROR;
        if (l.t === "int" && r.t === "int") return V.int(l.v - Math.floor(l.v / r.v) * r.v);
        if (isNum(l) && l.t === r.t) return { t: l.t, v: l.v - Math.floor(l.v / r.v) * r.v } as Value;
        return ERROR;
      }
    }
    return ERROR;
  }

  private multiply(l: Value, r: Value, e: A.BinaryExpr, ctx: Ctx): Value {
    const amount = isAmount(l) ? l : isAmount(r) ? r : undefined;
    const factor = amount === l ? r : l;
    if (amount && (factor.t === "int" || factor.t === "float")) {
      const v = amount.v * factor.v;
      return this.whole(amount.t, v, e, ctx);
    }
    if (l.t === "int" && r.t === "int") return this.checkedInt(l.v * r.v, e, ctx);
    if (isPlain(l) && isPlain(r)) return { t: "float", v: l.v * r.v };
    return ERROR;
  }

  private divide(l: Value, r: Value, e: A.BinaryExpr, ctx: Ctx): Value {
    if (!isNum(r)) return ERROR;
    if (r.v === 0) return this.report(ctx, "H0403", e.right ?? e, "division by zero");
    if (isAmount(l) && (r.t === "int" || r.t === "float")) return { t: l.t, v: Math.floor(l.v / r.v) } as Value;
    if (isAmount(l) && r.t === l.t) return { t: "float", v: l.v / r.v };
    if (l.t === "int" && r.t === "int") return V.int(Math.floor(l.v / r.v));
    if (isPlain(l) && isPlain(r)) return { t: "float", v: l.v / r.v };
    return ERROR;
  }

  /** Amounts are whole base units; a fractional result is rounded down, as
   * division does (`1KiB * 0.3` is 307 bytes). */
  private whole(kind: "bytes" | "cpu" | "duration", v: number, e: A.Node, ctx: Ctx): Value {
    if (!Number.isSafeInteger(Math.floor(v))) return this.report(ctx, "H0405", e, "this amount is too large to be exact (beyond 2^53 base units)");
    // Tolerate binary floating-point noise (0.1 * 30 is 2.9999999999999996).
    const n = Math.abs(v - Math.round(v)) < 1e-9 ? Math.round(v) : Math.floor(v);
    return { t: kind, v: n };
  }

  private checkedInt(v: number, e: A.Node, ctx: Ctx): Value {
    if (!Number.isSafeInteger(v)) return this.report(ctx, "H0405", e, "this number is too large to be exact (beyond 2^53)");
    return V.int(v);
  }

  private evalWith(e: A.WithExpr, frame: Frame, ctx: Ctx): Value {
    const base = this.eval(e.base, frame, ctx);
    if (base.t !== "record" && base.t !== "map") return ERROR;
    if (!e.update) return base;
    const update = this.evalEntries(fieldsOf(e.update, this.keepGroupings(ctx)), frame, ctx);
    if (update.t !== "record") return ERROR;
    const merged = deepMerge(base, update, e.update);
    // `r with { … }` keeps r's type: re-coerce so refinements hold for new values.
    const t = this.checker.typeOf(e, ctx.module.key);
    return t ? this.coerce(merged, t, undefined, e, ctx) : merged;
  }

  /**
   * Whether the groupings of record literals evaluated in `ctx` are kept
   * for the next time: a function's are needed at every call, and an
   * editor's next analysis evaluates most declarations again. A one-shot
   * analysis evaluates a declaration's body once, and keeping each
   * grouping (a tenth of what evaluation kept) only gave the collector
   * more to copy.
   */
  private keepGroupings(ctx: Ctx): boolean {
    return this.callFields || ctx.decl !== undefined;
  }

  private evalPlace(e: A.PlaceExpr, frame: Frame, ctx: Ctx): PlacementValue {
    const rules = emptyPlacement();
    const origin = (n: Span) => originIn(ctx, n);
    const int = (x: A.Expr | undefined, fallback: number): number => {
      if (!x) return fallback;
      const v = this.eval(x, frame, ctx);
      const c = this.coerce(v, this.checker.expectedTypeOf(x, ctx.module.key) ?? T.int, x, x, ctx);
      return c.t === "int" ? c.v : fallback;
    };
    for (const r of e.rules) {
      switch (r.kind) {
        case "OnRule": {
          const s = r.selector && this.evalSelector(r.selector, frame, ctx);
          if (s) rules.on.push({ selector: s, origin: origin(r) });
          break;
        }
        case "PreferRule": {
          const s = r.selector && this.evalSelector(r.selector, frame, ctx);
          if (s) rules.prefer.push({ selector: s, weight: int(r.weight, 1), origin: origin(r) });
          break;
        }
        case "SpreadRule":
          if (r.label) rules.spread.push({ label: r.label.name, skew: int(r.skew, 1), origin: origin(r) });
          break;
        case "MaxPerNodeRule":
          if (rules.maxPerNode) this.report(ctx, "H0208", r, "`max … per node` is given twice in this place block");
          rules.maxPerNode = { count: int(r.count, 1), origin: origin(r) };
          break;
        case "AvoidRule":
        case "NearRule": {
          const sym = r.service && ctx.module.binding.refs.get(r.service);
          if (sym?.kind !== "service") break;
          (r.kind === "AvoidRule" ? rules.avoid : rules.near).push({ service: sym.name, origin: origin(r) });
          break;
        }
      }
    }
    // A list grown by `push` has room for 17 rules, and every service keeps its rules.
    return { on: rules.on.slice(), prefer: rules.prefer.slice(), spread: rules.spread.slice(), maxPerNode: rules.maxPerNode, avoid: rules.avoid.slice(), near: rules.near.slice() };
  }

  private evalSelector(s: A.Selector, frame: Frame, ctx: Ctx): Selector | undefined {
    const text = (x: A.Expr | undefined): string | undefined => {
      if (!x) return undefined;
      const v = this.eval(x, frame, ctx);
      if (v.t === "string") return v.v;
      if (v.t === "deferred" || v.t === "template") this.needsPlacement(ctx, x);
      return undefined;
    };
    switch (s.kind) {
      case "SelCompare": {
        const value = text(s.value);
        return value === undefined ? undefined : { op: s.op === "==" ? "eq" : "ne", label: s.label.name, value };
      }
      case "SelIn": {
        const v = s.values ? this.eval(s.values, frame, ctx) : ERROR;
        if (v.t !== "list") return undefined;
        const values: string[] = [];
        for (const i of v.items) if (i.t === "string") values.push(i.v);
        return { op: "in", label: s.label.name, values };
      }
      case "SelHas":
        return { op: "has", label: s.label.name };
      case "SelNot": {
        const inner = s.operand && this.evalSelector(s.operand, frame, ctx);
        return inner && { op: "not", operand: inner };
      }
      case "SelParen":
        return s.inner && this.evalSelector(s.inner, frame, ctx);
      case "SelBinary": {
        const l = this.evalSelector(s.left, frame, ctx);
        const r = s.right && this.evalSelector(s.right, frame, ctx);
        if (!l || !r) return undefined;
        const op = s.op === "&&" ? "and" : "or";
        const operands = [l, r].flatMap((x) => (x.op === op ? (x as { operands: Selector[] }).operands : [x]));
        return { op, operands };
      }
    }
  }

  // ───────────── calls ─────────────

  /** Where each field value was written (SystemModel.origins). */
  readonly origins = new Origins();

  /** Functions being called, innermost last. */
  private readonly running: Sym[] = [];

  private evalCall(e: A.CallExpr, frame: Frame, ctx: Ctx): Value {
    const sym = e.callee.kind === "Name" || e.callee.kind === "Member" ? ctx.module.binding.refs.get(e.callee) : undefined;
    if (!sym) return ERROR;
    if (sym.kind === "builtin") {
      const impl = builtinFunctions.get(sym.name);
      // A built-in called with a record (`length { … }`): the checker has said it takes its arguments in order.
      if (!impl || e.record) return ERROR;
      const args = e.args.map((a) => (a.value ? this.eval(a.value, frame, ctx) : ERROR));
      return impl(args, {
        maxListLength: this.limits.maxListLength,
        fail: (message, code = "H0301", arg) => this.report(ctx, code, arg !== undefined ? (e.args[arg] ?? e) : e, message),
      });
    }
    if (sym.kind !== "fn") return ERROR;
    this.ran(sym);
    const module = this.program.module(sym.module);
    const fnCtx: Ctx | undefined = module && { module, decl: sym };
    const fnType = this.checker.symbolType(sym);
    const decl = sym.decl as A.FnDecl;
    // A function with a syntax error, or a parameter misnamed (binder.ts), gives nothing until it is fixed (the checker has left its calls alone).
    if (!fnCtx || fnType.k !== "fn" || decl.broken || fnCtx.module.binding.misnamed.has(decl)) return ERROR;
    const body = decl.body;
    // Not for a call in the file being edited: its syntax nodes, which the
    // kept fields are found by, will be new again at the next keystroke.
    const plan = body && this.callFields && body.kind === "Record" && !this.editedFiles.has(ctx.module.file) ? this.planOf(sym, decl, body, fnCtx) : null;
    const syms = paramSymbols(fnType.params, fnCtx.module.binding.scopes.get(decl)?.names);
    let params: Value[];
    let args: ArgsMemo | undefined;
    const memo = plan ? this.callMemos.get(e) : undefined;
    // Kept while the function's head and the names of both modules (the types of the parameters among them) mean what they meant.
    if (
      memo?.argsRead &&
      memo.fn === sym &&
      memo.head === plan!.head &&
      Math.max(this.contextChangedAt.get(ctx.module.key) ?? 0, this.contextChangedAt.get(sym.module) ?? 0) <= memo.argsAt &&
      this.stillHolds(memo.argsRead, memo.argsAt)
    ) {
      // The arguments read only roots and functions that are unchanged: they are what they were.
      this.replay(memo.argsRead);
      params = memo.args;
      args = { read: memo.argsRead, at: memo.argsAt };
    } else if (plan) {
      const reads = new FieldReads();
      const reportedBefore = this.reported;
      const framesBefore = this.frameReads;
      params = this.recording(reads, () => this.bindParams(e, fnType.params, decl, syms, frame, ctx, fnCtx));
      // Kept only when they read nothing of the frame (a call inside a function reads its parameters) and reported nothing.
      if (this.reported === reportedBefore && this.frameReads === framesBefore) args = { read: new Reads(packed(reads.deps), packed(reads.calls)), at: this.epoch };
    } else params = this.bindParams(e, fnType.params, decl, syms, frame, ctx, fnCtx);
    if (!body) return ERROR;
    const paramFrame = new ParamFrame(syms, params);
    // A call of a function already running is recursion, reported as H0211
    // (names/cycles.ts): give no value rather than never ending.
    if (this.running.includes(sym)) return ERROR;
    // Calls nested deeper than the stack holds (a chain of thousands of functions, each calling the next).
    if (this.running.length >= MAX_CALL_DEPTH) {
      return this.report(ctx, "H0406", e, `evaluation stopped: calls nest more than ${MAX_CALL_DEPTH} deep here (\`${this.running.at(-1)!.name}\` calls \`${sym.name}\`, and so on); call fewer functions inside one another`);
    }
    this.running.push(sym);
    try {
      if (!plan) {
        const result = this.eval(body, paramFrame, fnCtx);
        return decl.returnType ? this.coerce(result, fnType.result, body, body, fnCtx) : result;
      }
      const kept = this.callMemoFor(e, memo, sym, plan, params, args);
      const result = this.evalCallFields(kept, sym, plan, paramFrame, fnCtx);
      return decl.returnType ? this.coerceCallResult(kept, result, fnType.result, body, fnCtx, plan) : result;
    } finally {
      this.running.pop();
    }
  }

  /**
   * A call's parameters: its arguments, evaluated in the order written and
   * coerced into the parameters' types, and the defaults of the others. A
   * later argument for the same parameter wins (the checker reported it).
   */
  private bindParams(e: A.CallExpr, ps: readonly ParamType[], decl: A.FnDecl, syms: readonly (Sym | undefined)[], frame: Frame, ctx: Ctx, fnCtx: Ctx): Value[] {
    // Each argument's value, then the parameter's (coerced, or the default), with the expression that gave it (for spans).
    const params = new Array<Value | undefined>(ps.length).fill(undefined);
    const given = new Array<A.Arg | Entry[] | undefined>(ps.length).fill(undefined);
    if (e.record) {
      const groups = fieldsOf(e.record, this.keepGroupings(ctx));
      for (let g = 0; g < groups.names.length; g++) {
        const group = groups.slots[g]!;
        const i = paramIndex(ps, groups.names[g]!);
        const value = this.evalGroup(group, frame, ctx);
        if (i < 0) continue;
        params[i] = value;
        given[i] = group;
      }
    } else {
      const slots = argumentSlots(e.args, ps, (name) => paramIndex(ps, name));
      for (let k = 0; k < e.args.length; k++) {
        const a = e.args[k]!;
        const i = slots[k]!;
        if (i < 0) continue;
        params[i] = a.value ? this.eval(a.value, frame, ctx) : ERROR;
        given[i] = a;
      }
    }
    // Defaults see the parameters before them.
    const paramFrame = new ParamFrame(syms, new Array<Value | undefined>(ps.length).fill(undefined));
    for (let idx = 0; idx < ps.length; idx++) {
      const p = ps[idx]!;
      const arg = params[idx];
      const from = given[idx];
      let v: Value;
      if (arg !== undefined && from !== undefined) {
        // The expression that gave it, and where to point when none does (a field set by a path).
        if (Array.isArray(from)) v = this.coerce(arg, p.type, from.length === 1 && from[0]!.path.length === 1 ? from[0]!.field.value : undefined, from[0]!.field, ctx);
        else v = this.coerce(arg, p.type, from.value, from, ctx);
      } else {
        const def = decl.params[idx]?.default;
        v = def ? this.paramDefault(def, p.type, paramFrame, fnCtx) : ERROR;
      }
      params[idx] = v;
      paramFrame.values[idx] = v;
    }
    return params as Value[];
  }

  /** The call's memo (`memo`, its last one, found already), or a new one when the function, its head or the arguments changed; it records what the arguments read. */
  private callMemoFor(e: A.CallExpr, memo: CallMemo | undefined, sym: DeclSymbol, plan: BodyPlan<Entry[]>, params: Value[], args: ArgsMemo | undefined): CallMemo {
    if (!memo || memo.fn !== sym || memo.head !== plan.head || (memo.args !== params && !sameValues(memo.args, params))) {
      memo = { fn: sym, head: plan.head, args: params, fields: new Map(), argsAt: 0 };
      this.callMemos.set(e, memo);
    }
    // Kept arguments are the memo's own (the same `read`); new ones are recorded for the next evaluation.
    if (!args) memo.argsRead = undefined;
    else if (args.read !== memo.argsRead) {
      memo.args = params;
      memo.argsRead = args.read;
      memo.argsAt = args.at;
    }
    return memo;
  }

  /**
   * A function's record body, for one call: each field is reused from this
   * call's last evaluation (CallMemo) while its text, the function's
   * parameter list, the arguments and the module's names are as they were,
   * every root it read is kept, every function it ran evaluates as before,
   * and it reported nothing. An edit inside one field of a template then
   * re-evaluates that field alone in each call.
   */
  private evalCallFields(memo: CallMemo, sym: DeclSymbol, plan: BodyPlan<Entry[]>, frame: Frame, ctx: Ctx): Value {
    if (++this.steps > this.limits.maxSteps) throw new StepLimit();
    const contextAt = this.contextChangedAt.get(sym.module) ?? 0;
    // The result's fields: the plan's names, and a value each.
    const slots = new Array<Value>(plan.fields.length);
    for (let i = 0; i < plan.fields.length; i++) {
      const f = plan.fields[i]!;
      const old = memo.fields.get(f.name);
      // The same anchor: made from the same text, and moved with the field.
      if (old && old.anchor === f.anchor && contextAt <= old.epoch && this.stillHolds(old.reads, old.epoch)) {
        this.replay(old.reads);
        slots[i] = old.value;
        continue;
      }
      const reads = new FieldReads();
      const reportedBefore = this.reported;
      const v = this.recording(reads, () => this.evalGroup(f.group, frame, { module: ctx.module, decl: sym, anchor: f.anchor }));
      if (this.reported === reportedBefore) memo.fields.set(f.name, { anchor: f.anchor, value: v, reads: plan.share(f, reads.deps, reads.calls), epoch: this.epoch });
      else memo.fields.delete(f.name);
      slots[i] = v;
    }
    return { t: "record", fields: new ListedMap(plan.names, slots) };
  }

  private planOf(sym: DeclSymbol, decl: A.FnDecl, body: A.RecordExpr, ctx: Ctx): BodyPlan<Entry[]> | null {
    return this.plans.of(sym.module, ctx.module.tree, decl, body, ctx.module.source.text, fieldsOf(body, true), (g) => g.map((en) => en.field));
  }

  /**
   * A call's result (from `evalCallFields`) into its function's result
   * type: the fields the call kept become what they became last time, when
   * that coercion reported nothing and the defaults it read are unchanged.
   */
  private coerceCallResult(memo: CallMemo, result: Value, t: Type, body: A.Expr, ctx: Ctx, plan: BodyPlan<Entry[]>): Value {
    if (t.k !== "record" || result.t !== "record") return this.coerce(result, t, body, body, ctx);
    let before = memo.result;
    if (before && (before.type !== t || !this.stillHolds(before.reads, 0))) before = undefined;
    const reads = new FieldReads();
    const reportedBefore = this.reported;
    // The last coercion's arrays take this one's, index by index (each is read before it is written). Until the
    // coercion is whole, the memo has none: a run out of steps halfway would leave a mix of the two.
    memo.result = undefined;
    const after: RecordCoercion = before?.coercion ?? { inputs: new Array(t.fields.size), outputs: new Array(t.fields.size) };
    const out = this.recording(reads, () => {
      // The defaults the kept fields' coercion read are read again, in effect.
      if (before) this.replay(before.reads);
      const saved = this.reportCtx;
      this.reportCtx = ctx;
      try {
        return this.coercer.record(result, t, body, body, before?.coercion, after);
      } finally {
        this.reportCtx = saved;
      }
    });
    memo.result = this.reported === reportedBefore && out.t === "record" ? { type: t, coercion: after, reads: plan.shareResult(reads.deps) } : undefined;
    return out;
  }

  /**
   * Whether what a kept field read is unchanged since analysis `since`: the
   * same roots, and functions that evaluate as they did. Decided once per
   * analysis for all the fields that share `reads`.
   */
  private stillHolds(reads: Reads, since: number): boolean {
    if (reads.checkedAt !== this.epoch) {
      reads.checkedAt = this.epoch;
      reads.rootsDone = allDone(reads.deps);
      let changedAt = 0;
      for (const c of reads.calls) {
        const at = this.program.module(c.module)?.decls.symbols.get(c.name) !== c ? Infinity : (this.fnChangedAt.get(c) ?? 0);
        if (at > changedAt) changedAt = at;
      }
      reads.changedAt = changedAt;
    }
    return reads.rootsDone && reads.changedAt <= since;
  }

  /** A parameter's default, coerced into its type. A literal one (`interval:
   * Duration = 10s`) is the same in every call: it is made once per syntax node. */
  private paramDefault(def: A.Expr, type: Type, frame: Frame, ctx: Ctx): Value {
    const hit = literalDefaults.get(def);
    if (hit?.type === type) return hit.value;
    const reportedBefore = this.reported;
    const v = this.coerce(this.eval(def, frame, ctx), type, def, def, ctx);
    // One that reported something reports it again in each call (diagnostics belong to the roots that meet them).
    if (isLiteral(def) && this.reported === reportedBefore) literalDefaults.set(def, { type, value: v });
    return v;
  }

  /** A value for hovers: a constant's evaluated value. */
  show(v: Value): string {
    return showValue(v);
  }
}

// Per parameter list (one per function type, shared by all its calls): where
// each name is, and each parameter's symbol in the function's scope.
const paramIndexes = new WeakMap<readonly ParamType[], Map<string, number>>();
const paramSymbolLists = new WeakMap<readonly ParamType[], { scope: ReadonlyMap<string, Sym> | undefined; syms: (Sym | undefined)[] }>();

/** The position of the parameter called `name`, or -1. */
function paramIndex(ps: readonly ParamType[], name: string): number {
  let index = paramIndexes.get(ps);
  if (!index) {
    paramIndexes.set(ps, (index = new Map()));
    // The first of two parameters of one name (H0202), as a search would find.
    for (let i = 0; i < ps.length; i++) if (!index.has(ps[i]!.name)) index.set(ps[i]!.name, i);
  }
  return index.get(name) ?? -1;
}

/** Each parameter's symbol in `scope` (the function's), in order. */
function paramSymbols(ps: readonly ParamType[], scope: ReadonlyMap<string, Sym> | undefined): (Sym | undefined)[] {
  const hit = paramSymbolLists.get(ps);
  if (hit && hit.scope === scope) return hit.syms;
  const syms = ps.map((p) => scope?.get(p.name));
  paramSymbolLists.set(ps, { scope, syms });
  return syms;
}

/** The parts of a string being made, from the text made so far once something is not text. */
function partsSoFar(text: string, parts: TemplatePart[] | undefined): TemplatePart[] {
  return parts ?? (text === "" ? [] : [text]);
}

const literalDefaults = new WeakMap<A.Expr, { type: Type; value: Value }>();

/** An expression whose value depends on nothing: a literal, or a negated one. */
function isLiteral(e: A.Expr): boolean {
  switch (e.kind) {
    case "Int":
    case "Float":
    case "Unit":
    case "Bool":
    case "None":
      return true;
    case "String":
      return !e.nix && e.parts.every((p) => p.kind === "Text");
    case "Unary":
      return e.op === "-" && e.operand !== undefined && isLiteral(e.operand);
    case "Paren":
      return e.inner !== undefined && isLiteral(e.inner);
    default:
      return false;
  }
}

// Groupings of a record literal's fields by first path segment, made once per
// syntax node (and per group, for nested paths) rather than on every
// evaluation, where the node is evaluated again (see `keepGroupings`).
const fieldGroups = new WeakMap<A.RecordExpr, ListedMap<Entry[]>>();
const nestedGroups = new WeakMap<Entry[], ListedMap<Entry[]>>();

/** `{ a = 1, b.c = 2, b.d = 3 }` → a: [a = 1], b: [b.c = 2, b.d = 3]; kept for the node when `keep`. */
function fieldsOf(r: A.RecordExpr, keep: boolean): ListedMap<Entry[]> {
  let g = fieldGroups.get(r);
  if (g) return g;
  g = groupEntries(entriesOf(r.fields));
  if (keep) fieldGroups.set(r, g);
  return g;
}

/** The entries of one group one path segment further in: [b.c = 2, b.d = 3] → c: [c = 2], d: [d = 3]. */
function nestedOf(group: Entry[]): ListedMap<Entry[]> {
  let g = nestedGroups.get(group);
  if (!g) nestedGroups.set(group, (g = groupEntries(entriesWithin(group))));
  return g;
}

function hasComputedKey(groups: ListedMap<Entry[]>): boolean {
  const lists = groups.slots;
  for (let i = 0; i < lists.length; i++) if (lists[i]![0]!.path[0]!.computed) return true;
  return false;
}

function deepMerge(base: Value, update: Value, node: A.RecordExpr): Value {
  if ((base.t !== "record" && base.t !== "map") || update.t !== "record") return update;
  const src = base.t === "record" ? base.fields : base.entries;
  const out = new Map(src);
  for (const [k, v] of update.fields) {
    const f = node.fields.find((x) => x.path[0]?.name === k);
    const byPath = f && f.path.length > 1;
    const old = out.get(k);
    out.set(k, byPath && old ? deepMerge(old, v, { ...node, fields: node.fields.filter((x) => x.path[0]?.name === k).map((x) => ({ ...x, path: x.path.slice(1) })) }) : v);
  }
  return base.t === "record" ? { t: "record", fields: out, ...(base.type ? { type: base.type } : {}) } : { t: "map", entries: out };
}

function isTextual(v: Value): boolean {
  return v.t === "string" || v.t === "template" || (v.t === "deferred" && (v.ref.index !== undefined || v.ref.join !== undefined));
}

function isNum(v: Value): v is Extract<Value, { t: "int" | "float" | "bytes" | "cpu" | "duration" }> {
  return v.t === "int" || v.t === "float" || v.t === "bytes" || v.t === "cpu" || v.t === "duration";
}

function isPlain(v: Value): v is Extract<Value, { t: "int" | "float" }> {
  return v.t === "int" || v.t === "float";
}

function isAmount(v: Value): v is Extract<Value, { t: "bytes" | "cpu" | "duration" }> {
  return v.t === "bytes" || v.t === "cpu" || v.t === "duration";
}

/** Both sides as comparable numbers (or strings), cores meeting millicores. */
function comparable(l: Value, r: Value): [number | string | undefined, number | string | undefined] {
  if (l.t === "string" && r.t === "string") return [l.v, r.v];
  if (l.t === "cpu" && isPlain(r)) return [l.v, r.v * 1000];
  if (r.t === "cpu" && isPlain(l)) return [l.v * 1000, r.v];
  if (isNum(l) && isNum(r)) return [l.v, r.v];
  return [undefined, undefined];
}

function arith(l: Value, r: Value, op: (a: number, b: number) => number): Value | undefined {
  if (l.t === "int" && r.t === "int") return V.int(op(l.v, r.v));
  if (isPlain(l) && isPlain(r)) return { t: "float", v: op(l.v, r.v) };
  if (l.t === "cpu" && isPlain(r)) return { t: "cpu", v: Math.round(op(l.v, r.v * 1000)) };
  if (r.t === "cpu" && isPlain(l)) return { t: "cpu", v: Math.round(op(l.v * 1000, r.v)) };
  if (isAmount(l) && l.t === r.t) return { t: l.t, v: op(l.v, (r as { v: number }).v) } as Value;
  return undefined;
}

export { Frame };

/**
 * Where a placement rule was written. Inside a function or a constant the
 * position is kept relative to it and read through its symbol, which the
 * workspace moves onto each new parse: a value made by a declaration whose
 * text an edit left alone stays right when the edit moves it
 * (`beginAnalysis` keeps such values).
 */
function originIn(ctx: Ctx, n: Span): RuleOrigin {
  const sym = ctx.decl;
  if (!sym) return { file: ctx.module.file, start: n.start, end: n.end };
  // Within a kept field of a function's result, relative to the field, which may move within the function.
  const base = sym.decl.start + (ctx.anchor ? ctx.anchor.offset : 0);
  return new MovingOrigin(ctx.module.file, sym, ctx.anchor, n.start - base, n.end - base);
}

/**
 * Where a rule written in a function is: it follows the function, and the
 * kept field of its result it is in, as they move. (A class rather than an
 * object with two getters: every service made by a template keeps one per
 * rule, and two closures each cost five times the object.)
 */
class MovingOrigin implements RuleOrigin {
  constructor(
    readonly file: string,
    private readonly sym: DeclSymbol,
    private readonly anchor: { offset: number } | undefined,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get start(): number {
    return this.sym.decl.start + (this.anchor ? this.anchor.offset : 0) + this.from;
  }

  get end(): number {
    return this.sym.decl.start + (this.anchor ? this.anchor.offset : 0) + this.to;
  }

  toJSON(): { file: string; start: number; end: number } {
    return { file: this.file, start: this.start, end: this.end };
  }
}

// Lists that grew long get a set beside them, so noting stays linear.
const longLists = new WeakMap<unknown[], Set<unknown>>();

/** Adds `x` to a list of distinct items: what a root or field read, usually a handful. */
function note<T>(list: T[], x: T): void {
  if (list.length < 16) {
    if (!list.includes(x)) list.push(x);
    return;
  }
  let seen = longLists.get(list);
  if (!seen) longLists.set(list, (seen = new Set(list)));
  if (!seen.has(x)) {
    seen.add(x);
    list.push(x);
  }
}

/** Whether every root is still kept (none was dropped since it was read). */
function allDone(roots: readonly Root[]): boolean {
  for (let i = 0; i < roots.length; i++) if (roots[i]!.state !== "done") return false;
  return true;
}

function drop(m: ModuleRoots, r: Root): void {
  r.state = "dropped";
  m.delete(r.key);
}

/** A root key that is a constant's symbol (the workspace keeps those across edits that keep the declarations). */
function isConstant(key: unknown): key is DeclSymbol {
  return typeof key === "object" && key !== null && (key as DeclSymbol).kind === "let" && "nameSpan" in key;
}
