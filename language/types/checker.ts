// The type checker: gives every expression a type and reports what does not
// fit. Bidirectional: an expression is checked against the type its position
// expects (a schema field, a parameter, an annotation) when there is one, and
// its type is inferred otherwise. Symbols' types are computed lazily and
// memoised, so declarations may be used before they are written and across
// modules. It asks the binder what names mean and never resolves them itself.
import { diagnostic, type Diagnostic, type Fix } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { closest, editDistance } from "../diagnostics/suggest.js";
import type { ModuleInfo, ProgramView } from "../names/module-info.js";
import type { ModuleKey } from "../names/module-key.js";
import type { DeclSymbol, FieldSymbol, Sym } from "../names/symbols.js";
import type * as A from "../syntax/ast.js";
import { entriesOf, entriesWithin, groupEntries, type Entry } from "../syntax/field-groups.js";
import type { Span } from "../syntax/source.js";
import { units, MILLICORES_PER_CORE } from "../syntax/units.js";
import { argumentSlots } from "./argument-slots.js";
import { assignable, containsSecret, join } from "./assignability.js";
import { builtinSignatures, type BuiltinArg } from "./builtin-signatures.js";
import { typeSignature, type Signature } from "./interface.js";
import { binaryType, unaryType } from "./operators.js";
import { placeholderFor } from "./placeholders.js";
import { T, isUnit, nonOptional, typeToString, widen, type FieldType, type Range, type Type } from "./types.js";

/** The prelude schemas that declaration bodies are checked against. */
export type SchemaName = "Service" | "Pool" | "Node" | "Base" | "Policy" | "Machine" | "Resources";

interface Ctx {
  module: ModuleInfo;
}

type EntryMode = "record" | "arguments" | "update";

const noEntries: Entry[] = [];

/** Fields of a unit amount: `x.mib`, `d.seconds`, `c.cores`. */
/** Constants whose types are inferred inside one another at most this deep: inference recurses per constant, and the stack is finite. */
export const MAX_INFERENCE_DEPTH = 300;

export const unitAccessors: Record<"bytes" | "cpu" | "duration", Record<string, { type: Type; doc: string }>> = {
  bytes: {
    bytes: { type: T.int, doc: "In bytes." },
    kib: { type: T.int, doc: "In whole KiB (rounded down)." },
    mib: { type: T.int, doc: "In whole MiB (rounded down)." },
    gib: { type: T.int, doc: "In whole GiB (rounded down)." },
    tib: { type: T.int, doc: "In whole TiB (rounded down)." },
    kb: { type: T.int, doc: "In whole KB (rounded down)." },
    mb: { type: T.int, doc: "In whole MB (rounded down)." },
    gb: { type: T.int, doc: "In whole GB (rounded down)." },
    tb: { type: T.int, doc: "In whole TB (rounded down)." },
  },
  cpu: {
    millis: { type: T.int, doc: "In millicores." },
    cores: { type: T.float, doc: "In cores." },
  },
  duration: {
    ms: { type: T.int, doc: "In milliseconds." },
    seconds: { type: T.int, doc: "In whole seconds (rounded down)." },
    minutes: { type: T.int, doc: "In whole minutes (rounded down)." },
    hours: { type: T.int, doc: "In whole hours (rounded down)." },
    days: { type: T.int, doc: "In whole days (rounded down)." },
  },
};

/** Attributes of a machine reference (`web-1.ipv4`). */
export const machineAttributes: ReadonlyMap<string, string> = new Map([
  ["name", "The machine's name."],
  ["address", "The address of an existing machine."],
  ["ipv4", "The public IPv4 address (an existing machine's address; a provisioned one's is known after Terraform runs)."],
  ["ipv6", "The public IPv6 address of a provisioned machine (known after Terraform runs)."],
  ["id", "The provider's id of a provisioned machine (known after Terraform runs)."],
]);

/** Extra fields of a service reference, known only after placement. */
export const serviceRefFields: ReadonlyMap<string, { type: Type; doc: string; deferred: boolean }> = new Map([
  ["name", { type: T.string, doc: "The service's name.", deferred: false }],
  ["nodes", { type: T.list(T.string), doc: "The machines running a replica, in replica order (known after placement).", deferred: true }],
  ["endpoints", { type: T.list(T.string), doc: "`address:port` of each replica's first port, in replica order (known after placement).", deferred: true }],
]);

/** What the checker knows about one module. Everything in it depends only
 * on the module and what it imports, so it is kept from one analysis to the
 * next until the module or one of its imports changes (`invalidate`). */
interface ModuleState {
  /** The type of every checked expression (and of type expressions). */
  nodeTypes: Map<A.Node, Type>;
  /** The type each expression position expected, when it expected one. */
  expectedTypes: Map<A.Node, Type>;
  /** Member expressions and record fields → the field they name, for navigation. */
  fieldRefs: Map<A.Node, FieldType>;
  /** Types of the module's symbols. */
  symTypes: Map<Sym, Type>;
  typeExprs: Map<A.TypeExpr, Type>;
  diagnostics: Diagnostic[];
  checked: boolean;
}

export class Checker {
  private readonly states = new Map<ModuleKey, ModuleState>();
  private readonly inProgress = new Set<Sym>();
  /** Fields written right above the block they belong in (`noteFieldAboveBlock`), by the block. */
  private readonly fieldsAboveBlocks = new WeakMap<A.RecordExpr, { name: string; field: A.Field; next: A.Field; diagnostic: Diagnostic }>();

  constructor(
    private program: ProgramView,
    /** Record which schema field each field key and member names (`fieldOf`, for an editor's navigation); a one-shot check has no use for it. */
    private readonly recordFieldRefs = true,
    /**
     * Record the type of every expression and what each position expected
     * (`typeOf`, `expectedTypeOf`: an editor's hovers, hints and
     * completion). Without it, only what evaluation asks for is recorded,
     * and the expressions that contain others (checked once however often
     * they are reached); in `herd check` these maps had 660,000 entries.
     */
    private readonly recordTypes = true,
  ) {}

  /** Notes the schema field a field key or member expression names. */
  private fieldRef(ctx: Ctx, node: A.Node, f: FieldType): void {
    if (this.recordFieldRefs) this.st(ctx).fieldRefs.set(node, f);
  }

  /** The modules of the next analysis (the checker outlives each analysis). */
  setProgram(program: ProgramView): void {
    this.program = program;
  }

  /** Forgets what was derived from modules that changed (and their importers). */
  invalidate(keys: Iterable<ModuleKey>): void {
    for (const k of keys) this.states.delete(k);
  }

  private stateOf(key: ModuleKey): ModuleState {
    let st = this.states.get(key);
    if (!st) {
      st = { nodeTypes: new Map(), expectedTypes: new Map(), fieldRefs: new Map(), symTypes: new Map(), typeExprs: new Map(), diagnostics: [], checked: false };
      this.states.set(key, st);
    }
    return st;
  }

  private st(ctx: Ctx): ModuleState {
    return this.stateOf(ctx.module.key);
  }

  /** Whether a module's check results are there (not invalidated since). */
  isChecked(key: ModuleKey): boolean {
    return this.states.get(key)?.checked === true;
  }

  /**
   * The types of a module's declarations, as text (types/interface.ts), and
   * the modules whose syntax nodes those types hold: an importer's results
   * derived from them point into that parse of those modules.
   */
  interfaceOf(key: ModuleKey): Signature | undefined {
    const m = this.program.module(key);
    if (!m) return undefined;
    const lines: string[] = [];
    const modules = new Set<ModuleKey>();
    for (const table of [m.decls.symbols, m.decls.machines]) {
      for (const [name, sym] of table) {
        const sig = typeSignature(this.symbolType(sym));
        for (const mod of sig.modules) modules.add(mod);
        // A function's calls are checked differently while its declaration is broken (checkCall).
        lines.push(`${sym.kind} ${name}${sym.decl.broken ? " (broken)" : ""}: ${sig.text}`);
      }
    }
    return { text: lines.join("\n"), modules };
  }

  diagnosticsOf(key: ModuleKey): Diagnostic[] {
    return this.states.get(key)?.diagnostics ?? [];
  }

  /** The type of an expression (or type expression) of a module. */
  typeOf(node: A.Node, module: ModuleKey): Type | undefined {
    return this.states.get(module)?.nodeTypes.get(node);
  }

  /** The type a position expected (a schema, a parameter, an annotation). */
  expectedTypeOf(node: A.Node, module: ModuleKey): Type | undefined {
    return this.states.get(module)?.expectedTypes.get(node);
  }

  /** The schema field a field key or member expression names. */
  fieldOf(node: A.Node, module: ModuleKey): FieldType | undefined {
    return this.states.get(module)?.fieldRefs.get(node);
  }

  // ───────────── reporting ─────────────

  private report(ctx: Ctx, code: DiagnosticCode, span: Span, message: string, fix?: Fix): void {
    this.st(ctx).diagnostics.push(diagnostic(code, ctx.module.file, { start: span.start, end: span.end }, message, fix ? { fix } : {}));
  }

  private ctxOf(key: ModuleKey): Ctx | undefined {
    const m = this.program.module(key);
    return m ? { module: m } : undefined;
  }

  // ───────────── schemas ─────────────

  schema(name: SchemaName): Type {
    const prelude = this.program.prelude();
    const sym = prelude?.decls.symbols.get(name);
    if (!sym || sym.kind !== "type") return T.error;
    return this.typeDeclType(sym);
  }

  private recordSchema(name: SchemaName): Extract<Type, { k: "record" }> | undefined {
    const t = this.schema(name);
    return t.k === "record" ? t : undefined;
  }

  /** The schema a declaration's body is checked against. */
  schemaOf(owner: FieldSymbol["owner"]): Type {
    switch (owner.kind) {
      case "PoolDecl":
        return this.schema("Pool");
      case "NodeDecl":
        return this.schema("Node");
      case "ServiceDecl":
        return this.schema("Service");
      case "BaseDecl":
        return this.schema("Base");
    }
  }

  // ───────────── modules ─────────────

  checkModule(key: ModuleKey): void {
    const ctx = this.ctxOf(key);
    if (!ctx) return;
    const st = this.st(ctx);
    if (st.checked) return;
    st.checked = true;
    for (const d of ctx.module.tree.decls) this.decl(d, ctx);
  }

  private decl(d: A.Decl, ctx: Ctx): void {
    switch (d.kind) {
      case "ImportDecl":
      case "ErrorDecl":
        return;
      case "LetDecl": {
        const want = d.type ? this.resolveType(d.type, ctx) : undefined;
        if (d.value) this.check(d.value, want, ctx);
        return;
      }
      case "TypeDecl": {
        const sym = d.name && ctx.module.decls.symbols.get(d.name.name);
        if (sym?.kind === "type" && sym.decl === d) this.typeDeclType(sym);
        if (d.type) this.checkTypeDefaults(d.type, ctx);
        return;
      }
      case "FnDecl": {
        const sym = d.name && ctx.module.decls.symbols.get(d.name.name);
        const fnType = sym?.kind === "fn" && sym.decl === d ? this.symbolType(sym) : undefined;
        for (const p of d.params) {
          if (p.type) this.checkTypeDefaults(p.type, ctx);
          if (p.default) this.check(p.default, p.type ? this.resolveType(p.type, ctx) : undefined, ctx);
        }
        const result = d.returnType ? this.resolveType(d.returnType, ctx) : undefined;
        if (d.returnType) this.checkTypeDefaults(d.returnType, ctx);
        if (d.body) this.check(d.body, result, ctx);
        void fnType;
        return;
      }
      case "ServiceDecl":
        if (d.value?.kind === "Record" && d.value.block) {
          this.checkBody(d.value, this.schema("Service"), ctx, `service \`${d.name?.name ?? "?"}\``, d.name ?? d);
        } else if (d.value) this.check(d.value, this.schema("Service"), ctx);
        return;
      case "PoolDecl":
        if (d.body) this.checkBody(d.body, this.schema("Pool"), ctx, `pool \`${d.name?.name ?? "?"}\``, d.name ?? d);
        return;
      case "NodeDecl":
        if (d.body) this.checkBody(d.body, this.schema("Node"), ctx, `node \`${d.name?.name ?? "?"}\``, d.name ?? d);
        return;
      case "BaseDecl":
        if (d.body) this.checkBody(d.body, this.schema("Base"), ctx, "`base`", d.keyword);
        return;
      case "TerraformDecl":
        // Any nesting of Terraform JSON: resource.TYPE.NAME = { … }, data, variable, output, …
        if (d.body) {
          this.rawOptions = "a `terraform` block";
          try {
            this.checkBody(d.body, T.nixattrs, ctx, "`terraform`", d.keyword);
          } finally {
            this.rawOptions = "raw NixOS options";
          }
        }
        return;
      case "PolicyDecl": {
        const schema = this.schema("Policy");
        const entries: Entry[] = [];
        for (const item of d.items) {
          if (item.kind === "SurviveRule") {
            if (item.count) this.check(item.count, { k: "int", range: { min: 0 } }, ctx);
          } else entries.push({ path: item.path, field: item });
        }
        this.checkEntries(entries, schema, ctx, "record", { owner: "`policy`", missingAt: d.keyword, record: undefined });
        return;
      }
    }
  }

  private checkBody(body: A.RecordExpr, schema: Type, ctx: Ctx, owner: string, missingAt: Span): void {
    this.noteExpected(ctx, body, schema);
    const t = this.checkEntries(entriesOf(body.fields), schema, ctx, "record", { owner, missingAt, record: body });
    if (this.recordTypes) this.st(ctx).nodeTypes.set(body, t);
  }

  /** Default values inside type expressions (record type fields). */
  private checkTypeDefaults(t: A.TypeExpr, ctx: Ctx): void {
    switch (t.kind) {
      case "RecordType":
        for (const f of t.fields) {
          const ft = f.type ? this.resolveType(f.type, ctx) : T.error;
          if (f.type) this.checkTypeDefaults(f.type, ctx);
          if (f.default) this.check(f.default, ft, ctx);
        }
        return;
      case "ListType":
        if (t.element) this.checkTypeDefaults(t.element, ctx);
        return;
      case "MapType":
        if (t.value) this.checkTypeDefaults(t.value, ctx);
        return;
      case "OptionalType":
        this.checkTypeDefaults(t.inner, ctx);
        return;
      case "UnionType":
        for (const m of t.members) this.checkTypeDefaults(m, ctx);
        return;
      case "ParenType":
        if (t.inner) this.checkTypeDefaults(t.inner, ctx);
        return;
      default:
        return;
    }
  }

  // ───────────── symbols ─────────────

  symbolType(sym: Sym): Type {
    const symTypes = this.stateOf(sym.module).symTypes;
    const cached = symTypes.get(sym);
    if (cached) return cached;
    if (this.inProgress.has(sym)) return T.error; // a cycle, reported by the cycle check
    this.inProgress.add(sym);
    let t: Type = T.error;
    try {
      t = this.computeSymbolType(sym);
    } finally {
      this.inProgress.delete(sym);
    }
    symTypes.set(sym, t);
    return t;
  }

  private computeSymbolType(sym: Sym): Type {
    switch (sym.kind) {
      case "let": {
        const ctx = this.ctxOf(sym.module);
        const d = sym.decl as A.LetDecl;
        if (!ctx) return T.error;
        if (d.type) return this.resolveType(d.type, ctx);
        // Inferred from its value, which may need the type of another constant inferred first, and so on: deeper than the stack holds, a written type ends the chain.
        if (this.inProgress.size > MAX_INFERENCE_DEPTH) {
          this.report(ctx, "H0316", sym.nameSpan, `the type of \`${sym.name}\` is needed at the end of a chain of more than ${MAX_INFERENCE_DEPTH} constants without a written type, each needing the next: write its type (\`let ${sym.name}: Type = …\`)`);
          return T.error;
        }
        const inferred = d.value ? this.check(d.value, undefined, ctx) : T.error;
        // Inferred from text a syntax error cut into (syntax/broken.ts): its users are checked once it is fixed.
        return d.broken ? T.error : inferred;
      }
      case "fn": {
        const ctx = this.ctxOf(sym.module);
        const d = sym.decl as A.FnDecl;
        if (!ctx) return T.error;
        const params = d.params.map((p) => {
          let type: Type;
          if (p.type) type = this.resolveType(p.type, ctx);
          else if (p.default) type = widen(this.check(p.default, undefined, ctx));
          else {
            this.report(ctx, "H0316", p.name, `parameter \`${p.name.name}\` needs a type: write \`${p.name.name}: Type\``);
            type = T.error;
          }
          return { name: p.name.name, type, hasDefault: !!p.default };
        });
        const result = d.returnType ? this.resolveType(d.returnType, ctx) : d.body ? this.check(d.body, undefined, ctx) : T.error;
        return { k: "fn", params, result };
      }
      case "type":
        return this.typeDeclType(sym);
      case "service":
        return { k: "service", service: sym.name, module: sym.module };
      case "pool":
        return { k: "pool", pool: sym.name };
      case "node":
        return T.machineRef;
      case "namespace":
        return { k: "namespace", module: sym.target };
      case "param": {
        const ctx = this.ctxOf(sym.module);
        if (!ctx) return T.error;
        if (sym.decl.type) return this.resolveType(sym.decl.type, ctx);
        if (sym.decl.default) return widen(this.check(sym.decl.default, undefined, ctx));
        return T.error;
      }
      case "local": {
        const ctx = this.ctxOf(sym.module);
        if (!ctx || !sym.owner.iterable) return T.error;
        const it = nonOptional(this.check(sym.owner.iterable, undefined, ctx));
        const two = !!sym.owner.second;
        if (it.k === "list") return two && sym.position === 0 ? T.int : it.elem;
        if (it.k === "map") return sym.position === 0 ? T.string : it.value;
        return T.error;
      }
      case "field": {
        const schema = nonOptional(this.schemaOf(sym.owner));
        if (schema.k !== "record") return T.error;
        return schema.fields.get(sym.name)?.type ?? T.error;
      }
      case "index":
        return { k: "int", range: { min: 0 } };
      case "machine":
        return T.machineRef;
      case "builtin":
        return T.error;
    }
  }

  // ───────────── type expressions ─────────────

  private typeDeclType(sym: DeclSymbol): Type {
    const symTypes = this.stateOf(sym.module).symTypes;
    const cached = symTypes.get(sym);
    if (cached) return cached;
    const ctx = this.ctxOf(sym.module);
    const d = sym.decl as A.TypeDecl;
    if (!ctx || !d.type) return T.error;
    if (this.inProgress.has(sym)) {
      this.report(ctx, "H0212", d.name ?? d, `type \`${sym.name}\` is defined in terms of itself`);
      symTypes.set(sym, T.error);
      return T.error;
    }
    this.inProgress.add(sym);
    let t: Type;
    try {
      t = this.resolveType(d.type, ctx);
    } finally {
      this.inProgress.delete(sym);
    }
    const named = t.k === "error" ? t : ({ ...t, name: sym.name } as Type);
    if (!symTypes.has(sym)) symTypes.set(sym, named);
    return symTypes.get(sym)!;
  }

  resolveType(t: A.TypeExpr, ctx: Ctx): Type {
    const st = this.st(ctx);
    const cached = st.typeExprs.get(t);
    if (cached) return cached;
    const r = this.resolveTypeInner(t, ctx);
    st.typeExprs.set(t, r);
    st.nodeTypes.set(t, r);
    return r;
  }

  private resolveTypeInner(t: A.TypeExpr, ctx: Ctx): Type {
    switch (t.kind) {
      case "ErrorType":
        return T.error;
      case "ParenType":
        return t.inner ? this.resolveType(t.inner, ctx) : T.error;
      case "ListType":
        return T.list(t.element ? this.resolveType(t.element, ctx) : T.error);
      case "MapType":
        return T.map(t.value ? this.resolveType(t.value, ctx) : T.error);
      case "OptionalType":
        return T.optional(this.resolveType(t.inner, ctx));
      case "LiteralType":
        return { k: "literal", value: t.value };
      case "UnionType": {
        const members: Type[] = [];
        for (const m of t.members) {
          const r = this.resolveType(m, ctx);
          if (r.k === "union" && !r.name) members.push(...r.members);
          else members.push(r);
        }
        // A union cut short by a syntax error (reported) may have no member left.
        if (members.length === 0) return T.error;
        return { k: "union", members };
      }
      case "RecordType": {
        const fields = new Map<string, FieldType>();
        for (const f of t.fields) {
          if (fields.has(f.name.name)) {
            this.report(ctx, "H0202", f.name, `field \`${f.name.name}\` is declared twice in this record type`);
            continue;
          }
          if (!f.type) {
            fields.set(f.name.name, { type: T.error });
            continue;
          }
          const ft: FieldType = { type: this.resolveType(f.type, ctx), decl: { module: ctx.module.key, node: f } };
          if (f.default) ft.default = { expr: f.default, module: ctx.module.key };
          if (f.doc) ft.doc = f.doc.text;
          fields.set(f.name.name, ft);
        }
        return { k: "record", fields };
      }
      case "NamedType": {
        const sym = ctx.module.binding.refs.get(t);
        if (!sym) return T.error;
        let base: Type;
        if (sym.kind === "builtin") {
          const prim = primitiveTypes.get(sym.name);
          if (!prim || sym.info.kind !== "type") {
            this.report(ctx, "H0313", t.name, `\`${sym.name}\` is a built-in ${sym.info.kind}, not a type`);
            return T.error;
          }
          base = prim;
        } else if (sym.kind === "type") {
          base = this.typeDeclType(sym);
        } else {
          const meant = ctx.module.binding.typeMeant.get(t);
          this.report(
            ctx,
            "H0313",
            t.name,
            `\`${sym.name}\` is a ${sym.kind === "let" ? "constant" : sym.kind}, not a type${meant ? `; did you mean \`${meant}\`?` : ""}`,
            meant ? { message: `write \`${meant}\``, edits: [{ span: t.name, newText: meant }] } : undefined,
          );
          return T.error;
        }
        return t.refinement ? this.refine(base, t.refinement, ctx) : base;
      }
    }
  }

  private refine(base: Type, r: A.Refinement, ctx: Ctx): Type {
    if (base.k === "error") return base;
    if (r.kind === "Regex") {
      if (base.k !== "string") {
        this.report(ctx, "H0316", r, `only String can be restricted to a pattern, not ${typeToString(base)}`);
        return base;
      }
      return { k: "string", pattern: r.pattern };
    }
    if (!(base.k === "int" || base.k === "float" || isUnit(base))) {
      this.report(ctx, "H0316", r, `only numbers and amounts can be restricted to a range, not ${typeToString(base)}`);
      return base;
    }
    const bound = (e: A.Expr | undefined): number | undefined => {
      if (!e) return undefined;
      const v = constantNumber(e, base.k);
      if (v === undefined) {
        this.report(ctx, "H0316", e, `a range bound must be a ${base.k === "int" || base.k === "float" ? "number" : typeToString(base) + " literal"} written out, such as ${base.k === "bytes" ? "`1GiB`" : base.k === "duration" ? "`10s`" : base.k === "cpu" ? "`500m`" : "`10`"}`);
      }
      return v;
    };
    const range: Range = {};
    const min = bound(r.min);
    const max = bound(r.max);
    const old = (base as { range?: Range }).range;
    const lo = Math.max(min ?? -Infinity, old?.min ?? -Infinity);
    const hi = Math.min(max ?? Infinity, old?.max ?? Infinity);
    if (lo !== -Infinity) range.min = lo;
    if (hi !== Infinity) range.max = hi;
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      this.report(ctx, "H0316", r, "this range is empty: its lower bound is above its upper bound");
      // No value could fit: the type is the error, not every value given to it.
      return T.error;
    }
    return { k: base.k, range } as Type;
  }

  // ───────────── expressions ─────────────

  /** Checks `e` against `expected` (if given) and returns its type. */
  check(e: A.Expr, expected: Type | undefined, ctx: Ctx): Type {
    const st = this.st(ctx);
    const memo = st.nodeTypes.get(e);
    if (memo) {
      if (expected && !st.expectedTypes.has(e)) {
        this.noteExpected(ctx, e, expected);
        this.expectAssignable(memo, expected, e, ctx);
      }
      return memo;
    }
    if (expected) this.noteExpected(ctx, e, expected);
    const { type, handled } = this.checkInner(e, expected, ctx);
    if (this.recordTypes || !isLeaf(e)) st.nodeTypes.set(e, type);
    if (expected && !handled) this.expectAssignable(type, expected, e, ctx);
    return type;
  }

  /** Notes what a position expected, for an editor's questions (`recordTypes`). */
  private noteExpected(ctx: Ctx, node: A.Node, t: Type): void {
    if (this.recordTypes) this.st(ctx).expectedTypes.set(node, t);
  }

  /** `check`, recording what `e` expected whatever `recordTypes` says: evaluation coerces the value into it (`expectedTypeOf`). */
  private checkExpected(e: A.Expr, expected: Type, ctx: Ctx): Type {
    const t = this.check(e, expected, ctx);
    this.st(ctx).expectedTypes.set(e, expected);
    return t;
  }

  private expectAssignable(actual: Type, expected: Type, at: A.Expr, ctx: Ctx): void {
    const a = assignable(actual, expected);
    if (a.ok) return;
    if (a.possiblyNone) {
      // A fallback of the type wanted, to replace with the real one (an operand of `??` is a name, call, access or parenthesised).
      const simple = at.kind === "Name" || at.kind === "Member" || at.kind === "Index" || at.kind === "Call" || at.kind === "Paren";
      const fallback = ` ?? ${placeholderFor(nonOptional(expected))}`;
      const edits = simple ? [{ span: { start: at.end, end: at.end }, newText: fallback }] : [{ span: { start: at.start, end: at.start }, newText: "(" }, { span: { start: at.end, end: at.end }, newText: `)${fallback}` }];
      this.report(ctx, "H0315", at, a.reason, { message: `add a fallback, \`${fallback.trim()}\``, edits });
      return;
    }
    let fix: Fix | undefined;
    if (a.unitHint && (at.kind === "Int" || at.kind === "Float")) {
      fix = { message: `write \`${source(ctx, at)}${a.unitHint}\``, edits: [{ span: { start: at.end, end: at.end }, newText: a.unitHint }] };
      this.report(ctx, "H0301", at, `${a.reason}; write ${source(ctx, at)}${a.unitHint}`, fix);
      return;
    }
    // One value where a list is expected, or a list of one where one value is.
    const want = nonOptional(expected);
    // (What to write is quoted when it is short.)
    const shown = (text: string) => (text.length <= 40 && !text.includes("\n") ? `; write \`${text}\`` : "");
    if (want.k === "list" && actual.k !== "list" && assignable(actual, want.elem).ok) {
      const text = `[${source(ctx, at)}]`;
      this.report(ctx, "H0301", at, `${a.reason}: a list is expected here${shown(text)}`, { message: "put it in a list", edits: [{ span: { start: at.start, end: at.end }, newText: text }] });
      return;
    }
    if (at.kind === "List" && at.items.length === 1 && actual.k === "list" && want.k !== "list" && assignable(actual.elem, expected).ok) {
      const text = source(ctx, at.items[0]!);
      this.report(ctx, "H0301", at, `${a.reason}: one value is expected here, not a list${shown(text)}`, { message: "take it out of the list", edits: [{ span: { start: at.start, end: at.end }, newText: text }] });
      return;
    }
    // `rack = 3` where text is expected (a label, a version): the same in quotes.
    if ((at.kind === "Int" || at.kind === "Float" || at.kind === "Bool") && assignable({ k: "literal", value: source(ctx, at) }, expected).ok) {
      const quoted = JSON.stringify(source(ctx, at));
      this.report(ctx, "H0301", at, `${a.reason}: text is written in quotes; write \`${quoted}\``, { message: `write \`${quoted}\``, edits: [{ span: { start: at.start, end: at.end }, newText: quoted }] });
      return;
    }
    // `packages = ["htop"]`: a package is named from nixpkgs, not quoted.
    const pkg = at.kind === "String" && nonOptional(expected).k === "package" ? packageName(at) : undefined;
    if (pkg !== undefined) {
      this.report(ctx, "H0301", at, `${a.reason}: a package is named, not quoted; write \`${pkg}\``, { message: `write \`${pkg}\``, edits: [{ span: { start: at.start, end: at.end }, newText: pkg }] });
      return;
    }
    const unquoted = at.kind === "String" ? unquotedLiteral(at, expected) : undefined;
    if (unquoted !== undefined) {
      this.report(ctx, "H0301", at, `${a.reason}: write it without quotes`, { message: `write \`${unquoted}\``, edits: [{ span: { start: at.start, end: at.end }, newText: unquoted }] });
      return;
    }
    const secretLeak = widen(actual).k === "secret" || (containsSecret(actual) && !containsSecret(expected));
    this.report(ctx, secretLeak ? "H0308" : "H0301", at, a.reason, fix);
  }

  private checkInner(e: A.Expr, expected: Type | undefined, ctx: Ctx): { type: Type; handled?: boolean } {
    switch (e.kind) {
      case "Int":
        return { type: T.int };
      case "Float":
        return { type: T.float };
      case "Unit": {
        const u = units.get(e.unit);
        if (!u) return { type: T.error };
        return { type: u.dimension === "Bytes" ? T.bytes : u.dimension === "Cpu" ? T.cpu : T.duration };
      }
      case "Bool":
        return { type: T.bool };
      case "None":
        return { type: T.none };
      case "Error":
        return { type: T.error, handled: true };
      case "String":
        return { type: this.checkString(e, ctx) };
      case "Name":
        return { type: this.checkName(e, ctx) };
      case "Member":
        return { type: this.checkMember(e, ctx) };
      case "Index":
        return { type: this.checkIndex(e, ctx) };
      case "Call":
        return { type: this.checkCall(e, ctx) };
      case "Record":
        return this.checkRecord(e, expected, ctx);
      case "List":
        return this.checkList(e, expected, ctx);
      case "For":
        return this.checkFor(e, expected, ctx);
      case "If": {
        if (e.condition) this.check(e.condition, T.bool, ctx);
        const a = e.then ? this.check(e.then, expected, ctx) : T.error;
        const b = e.else ? this.check(e.else, expected, ctx) : T.error;
        return { type: expected ?? join(a, b), handled: !!expected };
      }
      case "Paren":
        if (!e.inner) return { type: T.error, handled: true };
        return { type: this.check(e.inner, expected, ctx), handled: true };
      case "Unary": {
        const t = e.operand ? this.check(e.operand, undefined, ctx) : T.error;
        const r = unaryType(e.op, t);
        if ("error" in r) {
          this.report(ctx, "H0312", e, r.error);
          return { type: T.error };
        }
        return { type: r.type };
      }
      case "Binary":
        return { type: this.checkBinary(e, expected, ctx) };
      case "With":
        return { type: this.checkWith(e, ctx) };
      case "Place":
        this.checkPlace(e, ctx);
        return { type: T.placement };
    }
  }

  private checkString(e: A.StringExpr, ctx: Ctx): Type {
    if (e.nix) return T.nix;
    for (const p of e.parts) {
      if (p.kind !== "Interp" || !p.expr) continue;
      const t = this.check(p.expr, undefined, ctx);
      const w = widen(t);
      switch (w.k) {
        case "string":
        case "int":
        case "float":
        case "bool":
        case "package":
        case "error":
          break;
        case "secret":
          this.report(ctx, "H0308", p.expr, "a Secret cannot be interpolated into a string: the Nix store is world-readable. Pass the secret to a field that takes a Secret (such as `secretEnv` of systemdService), which reads it from a file at run time");
          break;
        case "bytes":
        case "cpu":
        case "duration": {
          const acc = Object.keys(unitAccessors[w.k]);
          this.report(ctx, "H0309", p.expr, `cannot interpolate a ${typeToString(w)} directly: say which unit, e.g. \`${source(ctx, p.expr)}.${acc[w.k === "bytes" ? 2 : w.k === "cpu" ? 0 : 1]}\`, or \`toString(…)\` for the literal form`);
          break;
        }
        case "optional":
        case "none":
          this.report(ctx, "H0315", p.expr, "this value may be none: give a fallback with `?? …` before interpolating it");
          break;
        case "list": {
          // A list of text (`db.endpoints`) goes in joined; of numbers, made text first.
          const item = widen(w.elem).k;
          const joined = `join(${source(ctx, p.expr)}, ",")`;
          if (item === "string") {
            this.report(ctx, "H0309", p.expr, `cannot interpolate ${typeToString(t)} into a string: join its items first, e.g. \`\${${joined}}\``, { message: "join them with `,`", edits: [{ span: { start: p.expr.start, end: p.expr.end }, newText: joined }] });
          } else {
            const hint = item === "int" || item === "float" || item === "bool" ? "; make its items text and join them: `join([for x in …: toString(x)], \",\")`" : "";
            this.report(ctx, "H0309", p.expr, `cannot interpolate ${typeToString(t)} into a string: only text, numbers, Bools and packages can be${hint}`);
          }
          break;
        }
        default:
          this.report(ctx, "H0309", p.expr, `cannot interpolate ${typeToString(t)} into a string: only text, numbers, Bools and packages can be`);
      }
    }
    return T.string;
  }

  private symbolValueType(sym: Sym, at: A.Node, ctx: Ctx): Type {
    switch (sym.kind) {
      case "type":
        this.report(ctx, "H0316", at, `\`${sym.name}\` is a type, not a value`);
        return T.error;
      case "fn":
        this.report(ctx, "H0311", at, `\`${sym.name}\` is a function: call it, \`${sym.name}(…)\``);
        return T.error;
      case "namespace":
        this.report(ctx, "H0316", at, `\`${sym.name}\` is an imported module, not a value: write \`${sym.name}.name\``);
        return T.error;
      case "pool":
        this.report(ctx, "H0316", at, `\`${sym.name}\` is a pool, not a value: its machines are \`${sym.name}-1\`, \`${sym.name}-2\`, …`);
        return T.error;
      case "builtin":
        if (sym.info.kind === "type") this.report(ctx, "H0316", at, `\`${sym.name}\` is a type, not a value`);
        else if (sym.info.kind === "function") this.report(ctx, "H0311", at, `\`${sym.name}\` is a built-in function: call it, \`${sym.info.signature ?? sym.name + "(…)"}\``);
        else this.report(ctx, "H0316", at, `\`${sym.name}\` alone is no package: write \`pkgs.name\``);
        return T.error;
      default:
        return this.symbolType(sym);
    }
  }

  private checkName(e: A.NameExpr, ctx: Ctx): Type {
    const sym = ctx.module.binding.refs.get(e);
    return sym ? this.symbolValueType(sym, e, ctx) : T.error;
  }

  private checkMember(e: A.MemberExpr, ctx: Ctx): Type {
    // `ns.name`: resolved by the binder.
    const nsSym = ctx.module.binding.refs.get(e);
    if (nsSym) return this.symbolValueType(nsSym, e.member ?? e, ctx);
    if (e.object.kind === "Name") {
      const objSym = ctx.module.binding.refs.get(e.object);
      if (objSym?.kind === "builtin" && objSym.name === "pkgs") return T.package;
      if (objSym?.kind === "namespace") return T.error; // unknown member, reported by the binder
    }
    const objType = this.check(e.object, undefined, ctx);
    if (!e.member) return T.error;
    return this.memberType(objType, e.member, e, ctx);
  }

  private memberType(objType: Type, member: A.Ident, e: A.Node, ctx: Ctx): Type {
    const name = member.name;
    const t = objType;
    const noField = (candidates: Iterable<string>, what: string) => {
      const meant = closest(name, candidates);
      this.report(ctx, "H0304", member, `${what} has no field \`${name}\`${meant ? `; did you mean \`${meant}\`?` : ""}`, meant ? { message: `write \`${meant}\``, edits: [{ span: { start: member.start, end: member.end }, newText: meant }] } : undefined);
      return T.error;
    };
    switch (t.k) {
      case "error":
        return T.error;
      case "optional":
      case "none":
        this.report(ctx, "H0315", e, `this value may be none, so it may have no \`${name}\`: give a fallback first, \`(x ?? …).${name}\``);
        return T.error;
      case "record": {
        const f = t.fields.get(name);
        if (!f) return noField(t.fields.keys(), t.name ? `\`${t.name}\`` : "this record");
        this.fieldRef(ctx, e, f);
        return f.type;
      }
      case "service": {
        const extra = serviceRefFields.get(name);
        if (extra) return extra.type;
        const schema = this.recordSchema("Service");
        const f = schema?.fields.get(name);
        if (f) {
          this.fieldRef(ctx, e, f);
          return f.type;
        }
        return noField([...(schema?.fields.keys() ?? []), ...serviceRefFields.keys()], `service \`${t.service}\``);
      }
      case "union": {
        // A field every member has: its type is the join of theirs.
        const members = t.members.map(nonOptional);
        // No members at all: what the type was is unknown after an earlier error.
        if (members.length === 0) return T.error;
        const fields = members.map((m) => (m.k === "record" ? m.fields.get(name) : undefined));
        if (fields.every((f) => f !== undefined)) return fields.map((f) => f!.type).reduce((a, b) => join(a, b));
        const have = members.filter((m): m is Extract<Type, { k: "record" }> => m.k === "record");
        const missing = have.filter((m) => !m.fields.has(name)).map((m) => m.name ?? "one kind");
        if (have.length === members.length && missing.length < members.length) {
          this.report(ctx, "H0304", member, `not every ${t.name ? `\`${t.name}\`` : "kind of value here"} has \`${name}\` (${missing.join(", ")} ${missing.length === 1 ? "does" : "do"} not)`);
          return T.error;
        }
        return noField(new Set(have.flatMap((m) => [...m.fields.keys()])), t.name ? `\`${t.name}\`` : typeToString(t));
      }
      case "package":
        return T.package;
      case "bytes":
      case "cpu":
      case "duration": {
        const acc = unitAccessors[t.k][name];
        if (acc) return acc.type;
        return noField(Object.keys(unitAccessors[t.k]), typeToString(t));
      }
      case "machineRef":
        if (machineAttributes.has(name)) return T.string;
        return noField(machineAttributes.keys(), "a machine");
      case "map":
        this.report(ctx, "H0304", member, `maps are read with \`[…]\`: write \`[${JSON.stringify(name)}]\``, { message: "use an index", edits: [{ span: { start: member.start - 1, end: member.end }, newText: `[${JSON.stringify(name)}]` }] });
        return T.error;
      default:
        this.report(ctx, "H0304", member, `${typeToString(t)} has no fields`);
        return T.error;
    }
  }

  private checkIndex(e: A.IndexExpr, ctx: Ctx): Type {
    const obj = this.check(e.object, undefined, ctx);
    const t = obj;
    if (t.k === "error") {
      if (e.index) this.check(e.index, undefined, ctx);
      return T.error;
    }
    if (t.k === "optional" || t.k === "none") {
      if (e.index) this.check(e.index, undefined, ctx);
      this.report(ctx, "H0315", e.object, "this value may be none: give a fallback with `?? …` before indexing it");
      return T.error;
    }
    if (t.k === "list") {
      if (e.index) this.check(e.index, T.int, ctx);
      return t.elem;
    }
    if (t.k === "map") {
      if (e.index) this.check(e.index, T.string, ctx);
      return t.value;
    }
    if (t.k === "record") {
      // Indexing a record with a constant key: `r["field"]`.
      if (e.index) this.check(e.index, T.string, ctx);
      const key = e.index?.kind === "String" && e.index.parts.every((p) => p.kind === "Text") ? e.index.parts.map((p) => (p as A.StringTextPart).value).join("") : undefined;
      if (key !== undefined) {
        const f = t.fields.get(key);
        if (f) return f.type;
        return this.memberType(t, { kind: "Ident", name: key, start: e.index!.start, end: e.index!.end }, e, ctx);
      }
      const types = [...t.fields.values()].map((f) => f.type);
      return types.reduce((a, b) => join(a, b), T.error as Type);
    }
    if (e.index) this.check(e.index, undefined, ctx);
    this.report(ctx, "H0314", e.object, `${typeToString(t)} cannot be indexed: only lists and maps can`);
    return T.error;
  }

  private checkBinary(e: A.BinaryExpr, expected: Type | undefined, ctx: Ctx): Type {
    // `??` passes the expected type on to its fallback.
    if (e.op === "??") {
      const l = this.check(e.left, expected ? T.optional(expected) : undefined, ctx);
      const r = e.right ? this.check(e.right, expected, ctx) : T.error;
      const res = binaryType("??", l, r);
      if ("error" in res) {
        this.report(ctx, "H0312", e.opSpan, res.error);
        return r;
      }
      return res.type;
    }
    const l = this.check(e.left, undefined, ctx);
    const r = e.right ? this.check(e.right, undefined, ctx) : T.error;
    const res = binaryType(e.op, l, r);
    if ("error" in res) {
      this.report(ctx, "H0312", e.opSpan, res.error, e.op === "+" && e.right ? interpolationFix(e.left, l, e.right, r, ctx.module.source.text) : undefined);
      return e.op === "==" || e.op === "!=" || e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=" ? T.bool : T.error;
    }
    if ((e.op === "==" || e.op === "!=") && (widen(l).k === "secret" || widen(r).k === "secret")) {
      this.report(ctx, "H0308", e.opSpan, "secrets cannot be compared: their values are not known to Herd");
    }
    return res.type;
  }

  private checkWith(e: A.WithExpr, ctx: Ctx): Type {
    const base = this.check(e.base, undefined, ctx);
    if (!e.update) return base;
    const b = nonOptional(base);
    if (b.k !== "record" && b.k !== "error" && b.k !== "map") {
      this.report(ctx, "H0301", e.base, `\`with\` updates a record, but this is ${typeToString(base)}`);
      this.checkEntries(entriesOf(e.update.fields), undefined, ctx, "update", { owner: "", missingAt: e, record: e.update });
      return T.error;
    }
    if (base.k === "optional") this.report(ctx, "H0315", e.base, "this value may be none: give a fallback with `?? …` before updating it");
    this.noteExpected(ctx, e.update, b);
    this.checkEntries(entriesOf(e.update.fields), b, ctx, "update", { owner: "", missingAt: e, record: e.update });
    return base;
  }

  private checkList(e: A.ListExpr, expected: Type | undefined, ctx: Ctx): { type: Type; handled?: boolean } {
    const want = expected ? nonOptional(expected) : undefined;
    if (want && want.k === "list") {
      for (const item of e.items) this.check(item, want.elem, ctx);
      return { type: expected!, handled: true };
    }
    if (want && want.k === "nixattrs") {
      for (const item of e.items) this.checkNixValue(item, ctx);
      return { type: T.nixattrs, handled: true };
    }
    let elem: Type | undefined;
    for (const item of e.items) {
      const t = this.check(item, undefined, ctx);
      elem = elem === undefined ? t : join(elem, t);
    }
    return { type: T.list(elem ?? T.error) };
  }

  private checkFor(e: A.ForExpr, expected: Type | undefined, ctx: Ctx): { type: Type; handled?: boolean } {
    if (e.iterable) {
      const it = this.check(e.iterable, undefined, ctx);
      const w = it;
      if (w.k !== "list" && w.k !== "map" && w.k !== "error") {
        if (w.k === "optional") this.report(ctx, "H0315", e.iterable, "this value may be none: give a fallback with `?? []` before iterating");
        else this.report(ctx, "H0314", e.iterable, `cannot iterate over ${typeToString(it)}: only lists and maps can be`);
      }
    }
    if (e.condition) this.check(e.condition, T.bool, ctx);
    const want = expected ? nonOptional(expected) : undefined;
    if (e.key) {
      // A map comprehension: keys are text, values have the map's value type.
      if (e.key.computed) this.check(e.key.computed, T.string, ctx);
      if (want && (want.k === "map" || want.k === "nixattrs")) {
        if (e.body) this.check(e.body, want.k === "map" ? want.value : undefined, ctx);
        return { type: expected!, handled: true };
      }
      const value = e.body ? this.check(e.body, undefined, ctx) : T.error;
      return { type: T.map(value) };
    }
    if (want && want.k === "list") {
      if (e.body) this.check(e.body, want.elem, ctx);
      return { type: expected!, handled: true };
    }
    const body = e.body ? this.check(e.body, undefined, ctx) : T.error;
    return { type: T.list(body) };
  }

  private checkPlace(e: A.PlaceExpr, ctx: Ctx): void {
    const labelValue = (v: A.Expr | undefined) => v && this.check(v, T.string, ctx);
    const selector = (s: A.Selector | undefined): void => {
      if (!s) return;
      switch (s.kind) {
        case "SelCompare":
          labelValue(s.value);
          return;
        case "SelIn":
          if (s.values) this.check(s.values, T.list(T.string), ctx);
          return;
        case "SelHas":
          return;
        case "SelNot":
          selector(s.operand);
          return;
        case "SelParen":
          selector(s.inner);
          return;
        case "SelBinary":
          selector(s.left);
          selector(s.right);
          return;
      }
    };
    for (const r of e.rules) {
      switch (r.kind) {
        case "OnRule":
          selector(r.selector);
          break;
        case "PreferRule":
          selector(r.selector);
          if (r.weight) this.checkExpected(r.weight, { k: "int", range: { min: 1, max: 100 } }, ctx);
          break;
        case "SpreadRule":
          if (r.skew) this.checkExpected(r.skew, { k: "int", range: { min: 1 } }, ctx);
          break;
        case "MaxPerNodeRule":
          if (r.count) this.checkExpected(r.count, { k: "int", range: { min: 1 } }, ctx);
          break;
        case "AvoidRule":
        case "NearRule":
          break;
      }
    }
  }

  /** What the free-form settings being checked are, for messages: Terraform
   * settings are written with the same type as raw NixOS options. */
  private rawOptions: "raw NixOS options" | "a `terraform` block" = "raw NixOS options";

  /** A value inside raw NixOS options (or a terraform block): anything but a Secret. */
  private checkNixValue(e: A.Expr, ctx: Ctx): void {
    if (e.kind === "Record") {
      this.noteExpected(ctx, e, T.nixattrs);
      this.checkEntries(entriesOf(e.fields), T.nixattrs, ctx, "record", { owner: "", missingAt: e, record: e });
      this.st(ctx).nodeTypes.set(e, T.nixattrs);
      return;
    }
    const t = this.check(e, e.kind === "List" ? T.nixattrs : undefined, ctx);
    if (containsSecret(t)) {
      this.report(
        ctx,
        "H0308",
        e,
        this.rawOptions === "raw NixOS options"
          ? "raw NixOS options cannot hold a Secret: the Nix store is world-readable; use a field that takes a Secret"
          : 'a `terraform` block cannot hold a Secret: Terraform writes its values to its state and plan; declare a sensitive variable (`variable.token = { type = "string", sensitive = true }`), set TF_VAR_token when running Terraform, and write `tf("var.token")`',
      );
    } else if (t.k === "service" || t.k === "pool" || t.k === "placement" || t.k === "namespace") {
      this.report(ctx, "H0301", e, `${typeToString(t)} cannot be written here: only text, numbers, Booleans, lists and records can`);
    } else if (t.k === "machineRef") {
      this.report(ctx, "H0301", e, "a machine cannot be written here: write one of its attributes, such as `.ipv4`, `.id` or `.name`");
    }
  }

  // ───────────── records ─────────────

  private checkRecord(e: A.RecordExpr, expected: Type | undefined, ctx: Ctx): { type: Type; handled?: boolean } {
    const entries = entriesOf(e.fields);
    let want = expected ? nonOptional(expected) : undefined;
    if (want?.k === "union") want = this.pickUnionMember(e, want, ctx);
    if (!want || want.k === "error") {
      return { type: this.checkEntries(entries, undefined, ctx, "record", { owner: "", missingAt: e, record: e }), handled: want?.k === "error" };
    }
    if (want.k === "record" || want.k === "map" || want.k === "nixattrs") {
      this.noteExpected(ctx, e, want);
      this.checkEntries(entries, want, ctx, "record", { owner: "", missingAt: e, record: e });
      return { type: expected!, handled: true };
    }
    // A record where something else is expected: infer, and report the mismatch.
    return { type: this.checkEntries(entries, undefined, ctx, "record", { owner: "", missingAt: e, record: e }) };
  }

  /** The member of a union of record types that a record literal means. */
  private pickUnionMember(e: A.RecordExpr, u: Extract<Type, { k: "union" }>, ctx: Ctx): Type {
    const records = u.members.map(nonOptional).filter((m): m is Extract<Type, { k: "record" }> => m.k === "record");
    if (records.length === 0) return u.members.find((m) => m.k === "map" || m.k === "nixattrs") ?? u;
    if (records.length === 1) return records[0]!;
    // A discriminating field: a literal-typed field every member has.
    const first = records[0]!;
    for (const [name, f] of first.fields) {
      if (f.type.k !== "literal") continue;
      if (!records.every((r) => r.fields.get(name)?.type.k === "literal")) continue;
      const field = e.fields.find((x) => x.path.length === 1 && x.path[0]!.name === name);
      const v = field?.value;
      if (v?.kind === "String" && v.parts.every((p) => p.kind === "Text")) {
        const text = v.parts.map((p) => (p as A.StringTextPart).value).join("");
        const hit = records.find((r) => (r.fields.get(name)!.type as { value: unknown }).value === text);
        if (hit) return hit;
        const options = records.map((r) => String((r.fields.get(name)!.type as { value: unknown }).value));
        const meant = closest(text, options);
        this.report(ctx, "H0307", v, `\`${name}\` must be one of ${options.map((o) => JSON.stringify(o)).join(", ")}${meant ? `; did you mean ${JSON.stringify(meant)}?` : ""}`, meant ? { message: `write ${JSON.stringify(meant)}`, edits: [{ span: v, newText: JSON.stringify(meant) }] } : undefined);
        return T.error;
      }
    }
    // Otherwise the first member whose fields the literal's field names fit.
    const names = new Set(e.fields.map((f) => f.path[0]?.name));
    return records.find((r) => [...names].every((n) => n !== undefined && r.fields.has(n))) ?? first;
  }

  /** Checks record-literal fields (with nested paths) against a record, map
   * or NixOS-options type, or infers a record type when `dst` is undefined. */
  private checkEntries(entries: Entry[], dst: Type | undefined, ctx: Ctx, mode: EntryMode, where: { owner: string; missingAt: Span; record: A.RecordExpr | undefined }): Type {
    const groups = groupEntries(entries);
    /** Fields a misspelt name probably meant (made on the first). */
    let guessed: Set<string> | undefined;
    const d = dst ? nonOptional(dst) : undefined;
    // The record type this literal makes, when no type was given to check it against.
    const inferred = d?.k === "record" || d?.k === "map" || d?.k === "nixattrs" ? undefined : new Map<string, FieldType>();
    /** Set at a field `x {` whose empty body's `}` was this block's, swapped (`swappedWithCloser`): the unknown fields after it are its. */
    let closedEarly = false;
    for (let gi = 0; gi < groups.slots.length; gi++) {
      const group = groups.slots[gi]!;
      const name = group[0]!.path[0]!.name;
      const key = group[0]!.path[0]!;
      if (key.computed) {
        // `"www.${domain}" = …`: only a map's keys can be computed.
        this.check(key.computed, T.string, ctx);
        if (d && d.k !== "map" && d.k !== "nixattrs" && d.k !== "error") {
          this.report(ctx, "H0302", key, `a key computed with \`\${…}\` can only be a map's key; ${d.k === "record" ? `\`${d.name ?? "this record"}\` has fixed fields` : "this is not a map"}`);
        }
        if (!d) {
          this.report(ctx, "H0316", key, "a computed key makes this a map, so its type must be written: annotate it, e.g. `let m: {String: T} = { … }`");
        }
        if (group.some((en) => en.path.length > 1)) this.report(ctx, "H0304", key, "a computed key cannot start a nested path: write `\"${…}\" = { … }`");
        for (const en of group) if (en.field.value) this.check(en.field.value, d?.k === "map" ? d.value : undefined, ctx);
        continue;
      }
      // A field set whole cannot also be set by a path through it, nor twice.
      // (The common case, one field set whole, makes no arrays.)
      const whole = group.length === 1 && group[0]!.path.length === 1 ? group : group.filter((en) => en.path.length === 1);
      if (whole.length > 1 || (whole.length === 1 && group.length > 1)) {
        const second = group.find((en) => en !== whole[0]) ?? group[1]!;
        const first = whole[0] ?? group[0]!;
        this.report(ctx, "H0208", second.path[0]!, `\`${pathText(second.field.path)}\` is set twice${whole.length > 0 && second.path.length > 1 ? `: \`${name}\` is already set as a whole` : ""}`, undefined);
        void first;
      }
      let fieldType: Type | undefined;
      let known = true;
      if (d?.k === "record") {
        const f = d.fields.get(name);
        if (f) {
          fieldType = f.type;
          if (this.recordFieldRefs) for (const en of group) this.fieldRef(ctx, en.path[0]!, f);
        } else if (closedEarly) {
          // A field of the block whose `{` and `}` lines are swapped (below): reported with it.
          known = false;
        } else {
          known = false;
          const meant = this.unknownField(name, group[0]!.path[0]!, d, ctx, mode, where.owner, groups);
          if (meant !== undefined) (guessed ??= new Set()).add(meant);
          else if (mode !== "arguments" && gi + 1 < groups.slots.length && this.swappedWithCloser(name, d.name ? `\`${d.name}\`` : where.owner || "this record", group, ctx)) closedEarly = true;
          else if (mode !== "arguments" && group.length === 1 && group[0]!.path.length === 1) this.noteFieldAboveBlock(name, group[0]!.field, groups.slots[gi + 1]?.[0]?.field, ctx);
        }
      } else if (d?.k === "map") fieldType = d.value;
      else if (d?.k === "nixattrs") fieldType = T.nixattrs;
      const sub = whole === group ? noEntries : entriesWithin(group);
      let t: Type;
      let wholeType: Type | undefined;
      for (const en of whole) {
        const v = en.field.value;
        if (!v) continue;
        if (d?.k === "nixattrs") this.checkNixValue(v, ctx);
        else {
          const vt = this.check(v, known ? fieldType : undefined, ctx);
          if (en === whole[0]) wholeType = vt;
        }
      }
      if (sub.length > 0) {
        const ft = fieldType ? nonOptional(fieldType) : undefined;
        if (ft && ft.k !== "record" && ft.k !== "map" && ft.k !== "nixattrs" && ft.k !== "error") {
          this.report(ctx, "H0304", sub[0]!.path[0]!, `\`${name}\` is ${typeToString(fieldType!)}, which has no fields`);
          this.checkEntries(sub, undefined, ctx, mode, { owner: "", missingAt: sub[0]!.field, record: undefined });
          t = T.error;
        } else {
          t = this.checkEntries(sub, known ? ft : undefined, ctx, mode === "arguments" ? "record" : mode, { owner: `\`${name}\``, missingAt: group[0]!.path[0]!, record: undefined });
          if (ft) t = fieldType!;
        }
      } else {
        const v = whole[0]?.field.value;
        t = known && fieldType ? fieldType : v ? (wholeType ?? this.st(ctx).nodeTypes.get(v) ?? T.error) : T.error;
      }
      inferred?.set(name, { type: t });
    }
    // Required fields that were not set.
    if (d?.k === "record" && mode !== "update") {
      let missing: [string, FieldType][] | undefined;
      // A field of this block written on the line above it is not missing either.
      const moved = where.record ? this.movedIntoBlock(d, groups, where.owner || (d.name ? `\`${d.name}\`` : "the record"), where.record, ctx) : undefined;
      d.fields.forEach((f, n) => {
        // A misspelt field (`greting`) already says which one it meant: not missing too.
        if (!groups.has(n) && !guessed?.has(n) && n !== moved && !f.default && f.type.k !== "optional" && f.type.k !== "none" && f.type.k !== "error") (missing ??= []).push([n, f]);
      });
      // A record the parser recovered inside (a field it could not read has no key) may hold the "missing" field in that part: its syntax error says enough.
      if (missing && !where.record?.fields.some((f) => f.path.length === 0)) this.reportMissing(missing, d, ctx, mode, where);
    }
    return inferred ? { k: "record", fields: inferred } : dst!;
  }

  /** Reports a field the record type does not have; returns the field it probably meant. */
  private unknownField(name: string, at: A.FieldKey, d: Extract<Type, { k: "record" }>, ctx: Ctx, mode: EntryMode, owner: string, set: { has(name: string): boolean }): string | undefined {
    const meant = closest(name, d.fields.keys()) ?? requiredCutShort(name, d, set);
    const fix: Fix | undefined = meant ? { message: `write \`${meant}\``, edits: [{ span: { start: at.start, end: at.end }, newText: meant }] } : undefined;
    const known = [...d.fields.keys()];
    const list = known.length <= 12 ? `; ${mode === "arguments" ? "parameters" : "fields"} are ${known.map((k) => `\`${k}\``).join(", ")}` : "";
    if (mode === "arguments") {
      this.report(ctx, "H0310", at, `${owner} has no parameter \`${name}\`${meant ? `; did you mean \`${meant}\`?` : list}`, fix);
    } else {
      const what = d.name ? `\`${d.name}\`` : owner || "this record";
      this.report(ctx, "H0302", at, `unknown field \`${name}\` in ${what}${meant ? `; did you mean \`${meant}\`?` : list}`, fix);
    }
    return meant;
  }

  /**
   * Whether the unknown field just reported opens an empty body over two
   * lines (`nix {` and `}` below it) with more fields after it: the `}`
   * that closes the block around it and its own `{` line swapped, so its
   * fields came after its `}`. Its error says so, with swapping the lines
   * back as the fix.
   */
  private swappedWithCloser(name: string, what: string, group: readonly Entry[], ctx: Ctx): boolean {
    const field = group[0]!.field;
    const v = field.value;
    if (group.length !== 1 || v?.kind !== "Record" || v.fields.length > 0) return false;
    const text = ctx.module.source.text;
    const open = text.slice(field.start, v.start + 1);
    const inside = text.slice(v.start + 1, v.end - 1);
    if (open.includes("\n") || !/^[ \t]*(?:\/\/[^\n]*)?\n[ \t]*$/.test(inside)) return false;
    const lineStart = text.lastIndexOf("\n", field.start - 1) + 1;
    const closerLine = v.start + 1 + inside.indexOf("\n") + 1;
    const closerEnd = text.indexOf("\n", v.end);
    if (closerEnd < 0) return false;
    const diagnostics = this.st(ctx).diagnostics;
    const error = diagnostics[diagnostics.length - 1]!;
    const header = text.slice(lineStart, closerLine);
    const closer = text.slice(closerLine, closerEnd + 1);
    error.message = `unknown field \`${name}\` in ${what}: \`${text.slice(field.start, v.start + 1).trim()}\` and the \`}\` below it look swapped, so the fields meant for \`${name}\` are read as ${what}'s`;
    error.fix = { message: "swap the two lines", edits: [{ span: { start: lineStart, end: closerEnd + 1 }, newText: closer + header }] };
    return true;
  }

  /**
   * A field unknown where it stands, on the line right above a field whose
   * value opens a block (`image = …` above `run = container {`): the two
   * lines swapped. Kept for that block's check, which decides (`movedIntoBlock`).
   */
  private noteFieldAboveBlock(name: string, field: A.Field, next: A.Field | undefined, ctx: Ctx): void {
    const v = next?.value;
    const block = v?.kind === "Call" ? v.record : v?.kind === "Record" ? v : undefined;
    if (!block || !next) return;
    const text = ctx.module.source.text;
    const between = text.slice(field.end, next.start);
    if (between.indexOf("\n") !== between.lastIndexOf("\n") || !between.includes("\n")) return;
    const diagnostics = this.st(ctx).diagnostics;
    this.fieldsAboveBlocks.set(block, { name, field, next, diagnostic: diagnostics[diagnostics.length - 1]! });
  }

  /**
   * The field of record type `d` written on the line above its block (see
   * `noteFieldAboveBlock`) when the block does not set it: its error then
   * says it belongs in the block, with moving it below the block's first
   * line as the fix.
   */
  private movedIntoBlock(d: Extract<Type, { k: "record" }>, set: { has(name: string): boolean }, what: string, block: A.RecordExpr | undefined, ctx: Ctx): string | undefined {
    const above = block && this.fieldsAboveBlocks.get(block);
    if (!above || !d.fields.has(above.name) || set.has(above.name)) return undefined;
    const text = ctx.module.source.text;
    const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
    const from = lineStart(above.field.start);
    const to = lineStart(above.next.start);
    const headerEnd = text.indexOf("\n", above.next.start);
    if (headerEnd < 0 || headerEnd >= block!.end) return undefined;
    const error = above.diagnostic;
    error.message = `\`${above.name}\` belongs in ${what} below, not here: it and the line below it are swapped`;
    error.fix = { message: `move it into ${what}`, edits: [{ span: { start: from, end: to }, newText: "" }, { span: { start: headerEnd + 1, end: headerEnd + 1 }, newText: text.slice(from, to) }] };
    return above.name;
  }

  private reportMissing(missing: [string, FieldType][], d: Extract<Type, { k: "record" }>, ctx: Ctx, mode: EntryMode, where: { owner: string; missingAt: Span; record: A.RecordExpr | undefined }): void {
    const names = missing.map(([n]) => `\`${n}\``).join(", ");
    const what = where.owner || (d.name ? `\`${d.name}\`` : "this record");
    const plural = missing.length > 1;
    const message =
      mode === "arguments"
        ? `${what} needs the argument${plural ? "s" : ""} ${names}`
        : `${what} is missing ${plural ? "fields" : "the field"} ${names}${plural ? "" : ` (${typeToString(missing[0]![1].type)})`}`;
    let fix: Fix | undefined;
    const rec = where.record;
    if (rec) {
      const text = ctx.module.source.text;
      const close = rec.end - 1;
      const lineStart = text.lastIndexOf("\n", close - 1) + 1;
      const multiline = text.slice(rec.start, rec.end).includes("\n");
      const insertion = missing.map(([n, f]) => `${n} = ${placeholderFor(f.type)}`);
      if (multiline) {
        const lastField = rec.fields[rec.fields.length - 1];
        const indentBase = lastField ? text.slice(text.lastIndexOf("\n", lastField.start - 1) + 1, lastField.start) : text.slice(lineStart, close) + "  ";
        const indent = /^[ \t]*$/.test(indentBase) ? indentBase : "  ";
        const at = lastField ? lastField.end : rec.start + 1;
        fix = { message: `add ${names}`, edits: [{ span: { start: at, end: at }, newText: insertion.map((l) => `\n${indent}${l}`).join("") }] };
      } else {
        const sep = rec.fields.length > 0 ? ", " : " ";
        const at = rec.fields.length > 0 ? rec.fields[rec.fields.length - 1]!.end : rec.start + 1;
        fix = { message: `add ${names}`, edits: [{ span: { start: at, end: at }, newText: sep + insertion.join(", ") + (rec.fields.length > 0 ? "" : " ") }] };
      }
    }
    this.report(ctx, mode === "arguments" ? "H0310" : "H0303", where.missingAt, message, fix);
  }

  // ───────────── calls ─────────────

  private checkCall(e: A.CallExpr, ctx: Ctx): Type {
    const callee = e.callee;
    let sym: Sym | undefined;
    if (callee.kind === "Name" || callee.kind === "Member") sym = ctx.module.binding.refs.get(callee);
    const checkArgsLoosely = () => {
      if (e.record) this.checkEntries(entriesOf(e.record.fields), undefined, ctx, "record", { owner: "", missingAt: e, record: e.record });
      else for (const a of e.args) if (a.value) this.check(a.value, undefined, ctx);
    };
    if (!sym) {
      if (callee.kind === "Name") {
        checkArgsLoosely();
        return T.error; // unknown name: already reported
      }
      const t = this.check(callee, undefined, ctx);
      if (t.k !== "error") this.report(ctx, "H0311", callee, `${typeToString(t)} is not a function`);
      checkArgsLoosely();
      return T.error;
    }
    if (sym.kind === "builtin") {
      const sig = builtinSignatures.get(sym.name);
      if (!sig) {
        this.report(ctx, "H0311", callee, `\`${sym.name}\` is a ${sym.info.kind === "type" ? "type" : "value"}, not a function`);
        checkArgsLoosely();
        return T.error;
      }
      if (e.record || e.args.some((a) => a.name)) {
        this.report(ctx, "H0310", e.record ?? e.args.find((a) => a.name)!.name!, `built-in functions take their arguments in order: \`${sym.info.signature}\``);
        checkArgsLoosely();
        return T.error;
      }
      const args: BuiltinArg[] = e.args.map((a) => ({ type: a.value ? this.check(a.value, undefined, ctx) : T.error, node: a }));
      return sig(args, {
        wrongType: (node, message, code = "H0301") => this.report(ctx, code, node, message),
        wrongCount: (message) => this.report(ctx, "H0310", e, `${message}: \`${sym.info.signature}\``),
      });
    }
    if (sym.kind !== "fn") {
      this.report(ctx, "H0311", callee, `\`${sym.name}\` is a ${sym.kind === "let" ? "constant" : sym.kind}, not a function`);
      checkArgsLoosely();
      return T.error;
    }
    const fnType = this.symbolType(sym);
    if (fnType.k !== "fn") {
      checkArgsLoosely();
      return T.error;
    }
    // A parameter declared twice (H0202, at the function) shifts every
    // argument after it, and one without a type (H0316: being typed) or
    // misnamed (H0201, binder.ts `misnamedParameter`) is not what its callers
    // should be told about: the calls are checked once that is fixed.
    if (paramsUnsettled(fnType, sym.decl as A.FnDecl) || this.program.module(sym.module)?.binding.misnamed.has(sym.decl as A.FnDecl)) {
      checkArgsLoosely();
      return fnType.result;
    }
    // A syntax error in the function (syntax/broken.ts) may have cut its
    // parameters or result short: its calls are checked once it is fixed.
    if (sym.decl.broken) {
      checkArgsLoosely();
      return T.error;
    }
    const fnName = `\`${sym.name}\``;
    if (e.record) {
      // `f { a = 1, b.c = 2 }`: the parameters read as a record schema, made once per function type.
      let schema = argumentSchemas.get(fnType);
      if (!schema) {
        const fields = new Map<string, FieldType>();
        const decl = sym.decl as A.FnDecl;
        fnType.params.forEach((p, i) => {
          const ft: FieldType = { type: p.type };
          const pd = decl.params[i];
          if (pd?.default) ft.default = { expr: pd.default, module: sym!.module };
          fields.set(p.name, ft);
        });
        argumentSchemas.set(fnType, (schema = { k: "record", fields }));
      }
      this.noteExpected(ctx, e.record, schema);
      this.checkEntries(entriesOf(e.record.fields), schema, ctx, "arguments", { owner: fnName, missingAt: e.callee, record: e.record });
      return fnType.result;
    }
    const bound = new Set<string>();
    const guessed = new Set<string>();
    let sawNamed = false;
    const slots = argumentSlots(e.args, fnType.params, (name) => fnType.params.findIndex((x) => x.name === name));
    for (let k = 0; k < e.args.length; k++) {
      const a = e.args[k]!;
      if (a.name) {
        sawNamed = true;
        const p = fnType.params.find((x) => x.name === a.name!.name);
        if (!p) {
          const meant = closest(a.name.name, fnType.params.map((x) => x.name));
          this.report(ctx, "H0310", a.name, `${fnName} has no parameter \`${a.name.name}\`${meant ? `; did you mean \`${meant}\`?` : ""}`, meant ? { message: `write \`${meant}\``, edits: [{ span: a.name, newText: meant }] } : undefined);
          if (meant) guessed.add(meant);
          if (a.value) this.check(a.value, undefined, ctx);
          continue;
        }
        if (bound.has(p.name)) this.report(ctx, "H0310", a.name, `argument \`${p.name}\` is given twice`);
        bound.add(p.name);
        if (a.value) this.check(a.value, p.type, ctx);
      } else {
        const p = fnType.params[slots[k]!];
        // Read as the next parameter no argument names: naming it is the fix. (With none left, it is one too many.)
        if (sawNamed && p) this.report(ctx, "H0310", a, `arguments in order must come before named ones; this one is read as \`${p.name}\``, { message: `write \`${p.name} = \``, edits: [{ span: { start: a.start, end: a.start }, newText: `${p.name} = ` }] });
        if (!p) {
          this.report(ctx, "H0310", a, `${fnName} takes ${fnType.params.length} argument${fnType.params.length === 1 ? "" : "s"}, found ${e.args.length}`);
          if (a.value) this.check(a.value, undefined, ctx);
          continue;
        }
        bound.add(p.name);
        if (a.value) this.check(a.value, p.type, ctx);
      }
    }
    const missing = fnType.params.filter((p) => !p.hasDefault && !bound.has(p.name) && !guessed.has(p.name));
    if (missing.length > 0) {
      // The fix names each one with a value of its type, before the `)`.
      const text = ctx.module.source.text;
      const last = e.args[e.args.length - 1];
      const insertion = missing.map((p) => `${p.name} = ${placeholderFor(p.type)}`).join(", ");
      const fix: Fix | undefined = text[e.end - 1] === ")" ? { message: `add ${missing.map((p) => `\`${p.name}\``).join(", ")}`, edits: [{ span: last ? { start: last.end, end: last.end } : { start: e.end - 1, end: e.end - 1 }, newText: last ? `, ${insertion}` : insertion }] } : undefined;
      this.report(ctx, "H0310", e, `${fnName} needs the argument${missing.length > 1 ? "s" : ""} ${missing.map((p) => `\`${p.name}\` (${typeToString(p.type)})`).join(", ")}`, fix);
    }
    return fnType.result;
  }
}

/**
 * `"port " + port`: the one string it was meant to build, `"port ${port}"`,
 * when one side is text and the other a value that interpolates as it is
 * (a number or text; amounts need a unit chosen, H0309).
 */
function interpolationFix(left: A.Expr, lt: Type, right: A.Expr, rt: Type, text: string): Fix | undefined {
  const kinds = [widen(lt).k, widen(rt).k];
  if (!kinds.includes("string") || !kinds.every((k) => k === "string" || k === "int" || k === "float")) return undefined;
  const piece = (e: A.Expr) => {
    const src = text.slice(e.start, e.end);
    // A one-line string literal gives its inside; anything else is interpolated.
    return e.kind === "String" && /^"[^"\n]*"$/.test(src) && !src.startsWith('"""') ? src.slice(1, -1) : `\${${src}}`;
  };
  const joined = `"${piece(left)}${piece(right)}"`;
  return { message: `write \`${joined}\``, edits: [{ span: { start: left.start, end: right.end }, newText: joined }] };
}

const unsettled = new WeakMap<Type, boolean>();
/** A parameter declared twice, or one without a type (or a default to take it from): per function type. */
function paramsUnsettled(fnType: Extract<Type, { k: "fn" }>, decl: A.FnDecl): boolean {
  let v = unsettled.get(fnType);
  if (v === undefined) unsettled.set(fnType, (v = new Set(fnType.params.map((p) => p.name)).size !== fnType.params.length || decl.params.some((p) => !p.type && !p.default)));
  return v;
}

/** A function's parameters as the schema of a record call's argument (`f { a = 1 }`), per function type: the type and its declaration are made together. */
const argumentSchemas = new WeakMap<Type, Type>();

const primitiveTypes: ReadonlyMap<string, Type> = new Map<string, Type>([
  ["Int", T.int],
  ["Float", T.float],
  ["String", T.string],
  ["Bool", T.bool],
  ["Duration", T.duration],
  ["Bytes", T.bytes],
  ["Cpu", T.cpu],
  ["Port", T.port],
  ["Package", T.package],
  ["Secret", T.secret],
  ["Nix", T.nix],
  ["NixOptions", T.nixattrs],
  ["Placement", T.placement],
]);

/** The value of a literal number, in the base unit of `kind` (for range bounds). */
export function constantNumber(e: A.Expr, kind: Type["k"]): number | undefined {
  if (e.kind === "Paren" && e.inner) return constantNumber(e.inner, kind);
  if (e.kind === "Int" || e.kind === "Float") {
    if (kind === "cpu") return Math.round(e.value * MILLICORES_PER_CORE);
    return kind === "int" || kind === "float" ? e.value : undefined;
  }
  if (e.kind === "Unit") {
    const u = units.get(e.unit);
    if (!u) return undefined;
    const k = u.dimension === "Bytes" ? "bytes" : u.dimension === "Cpu" ? "cpu" : "duration";
    return k === kind ? Math.round(e.value * u.scale) : undefined;
  }
  return undefined;
}

/** An expression that contains none: checking it again costs no more than looking its type up. */
function isLeaf(e: A.Expr): boolean {
  switch (e.kind) {
    case "Int":
    case "Float":
    case "Bool":
    case "None":
    case "Unit":
    case "Name":
      return true;
    case "String":
      return e.parts.every((p) => p.kind !== "Interp");
    default:
      return false;
  }
}

function pathText(path: A.FieldKey[]): string {
  return path.map((k) => k.name).join(".");
}

function source(ctx: Ctx, span: Span): string {
  return ctx.module.source.text.slice(span.start, span.end);
}

/** A name of nixpkgs in quotes (`"htop"`, `"python3Packages.requests"`, `"pkgs.curl"`) as the package path to write, when `pkgs.` followed by it reads as one. */
function packageName(e: A.StringExpr): string | undefined {
  const only = e.parts.length === 1 ? e.parts[0] : undefined;
  if (e.nix || !only || only.kind !== "Text") return undefined;
  const text = only.value.trim().replace(/^pkgs\./, "");
  return packagePath.test(text) ? `pkgs.${text}` : undefined;
}
/** Name characters, a dash only between them (as the scanner reads `pkgs.shop-api`), parts joined by dots. */
const packagePath = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*(?:\.[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)*$/;

/**
 * A quoted number, amount or boolean where one is expected (`replicas =
 * "3"`, `memory = "512MiB"`, `enabled = "true"`): the literal to write
 * instead, when the text is exactly one of the expected kind.
 */
function unquotedLiteral(e: A.StringExpr, expected: Type): string | undefined {
  const only = e.parts.length === 1 ? e.parts[0] : undefined;
  if (e.nix || !only || only.kind !== "Text") return undefined;
  const text = only.value.trim();
  const want = nonOptional(expected).k;
  if (want === "bool") return text === "true" || text === "false" ? text : undefined;
  if (/^-?[0-9][0-9_]*$/.test(text)) return want === "int" || want === "float" || want === "cpu" ? text : undefined;
  if (/^-?[0-9][0-9_]*\.[0-9][0-9_]*$/.test(text)) return want === "float" || want === "cpu" ? text : undefined;
  const m = /^[0-9][0-9_]*(?:\.[0-9][0-9_]*)?([A-Za-z]+)$/.exec(text);
  const dim = m ? units.get(m[1]!)?.dimension : undefined;
  return (dim === "Bytes" && want === "bytes") || (dim === "Cpu" && want === "cpu") || (dim === "Duration" && want === "duration") ? text : undefined;
}

/**
 * A name too short for a "did you mean" among all fields (`ru`) that is one
 * letter from, or the start of, exactly one required field not set (`run`):
 * the field meant, so that the slip is one error with its fix rather than
 * an unknown field and a missing one.
 */
function requiredCutShort(name: string, d: Extract<Type, { k: "record" }>, set: { has(name: string): boolean }): string | undefined {
  if (name.length < 2) return undefined;
  let found: string | undefined;
  for (const [n, f] of d.fields) {
    if (set.has(n) || f.default || f.type.k === "optional" || f.type.k === "none") continue;
    if (!n.startsWith(name) && editDistance(name, n, 1) > 1) continue;
    if (found !== undefined) return undefined;
    found = n;
  }
  return found;
}
