// The binder: which declaration each name refers to. Phase one collects each
// module's declarations and imports; phase two, given every module's
// declarations, resolves every name in a module through its scopes
// (builtins ← prelude ← module ← declaration body or function ← comprehension).
// No types here: that is the checker's job.
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";
import { builtins } from "./builtins.js";
import { displayKey, resolveImport, type ModuleKey } from "./module-key.js";
import type { BuiltinSymbol, DeclSymbol, FieldSymbol, MachineSymbol, NamespaceSymbol, Sym } from "./symbols.js";
import { importHint, newImport, type ImportableDecl } from "./import-edit.js";

/** Literals of other languages (Python, JSON, YAML, Go, Lua), each with the one Herd writes. */
const foreignLiterals: ReadonlyMap<string, string> = new Map([
  ["True", "true"],
  ["TRUE", "true"],
  ["False", "false"],
  ["FALSE", "false"],
  ["null", "none"],
  ["NULL", "none"],
  ["Null", "none"],
  ["nil", "none"],
  ["None", "none"],
  ["undefined", "none"],
]);

export interface ImportInfo {
  decl: A.ImportDecl;
  spec: string;
  /** The resolved module, when the specifier is well-formed. */
  target?: ModuleKey;
}

/** Phase one: what a module declares. */
export interface ModuleDecls {
  key: ModuleKey;
  file: string;
  /** Constants, functions, types and services. */
  symbols: Map<string, DeclSymbol>;
  /** Pools and nodes: a namespace of their own, so a pool and a service may
   * share a name (`pool db` runs `service db`). */
  machines: Map<string, DeclSymbol>;
  imports: ImportInfo[];
  bases: A.BaseDecl[];
  policies: A.PolicyDecl[];
  diagnostics: Diagnostic[];
  /** A declaration whose name a syntax error hides (`let  = …`): a name importers ask for may be that one, so it is not reported missing. */
  hidesName?: true;
}

/** Phase two: what every name in the module refers to. */
export interface ModuleBinding {
  /** NameExpr, NamedType, Member (of a namespace), ImportName and avoid/near names → symbol. */
  refs: Map<A.Node, Sym>;
  /** The scope each scope-introducing node opens (a declaration body, a
   * function, a comprehension, the file): its own names, and its parent. */
  scopes: Map<A.Node, Scope>;
  /** Module-level scope (imports and declarations). */
  moduleScope: Map<string, Sym>;
  /** A type position naming something that is not a type (`let home: zones`)
   * → the type in scope it most likely meant, for the checker's H0313. */
  typeMeant: Map<A.Node, string>;
  /** Names of pool machines (`web-3`), whose numbers are checked against the pool's count once it is known. */
  poolMachineRefs: [A.Node, MachineSymbol][];
  diagnostics: Diagnostic[];
  /** The H0201s the workspace may know better (workspace.ts, `workspaceImportHint`: another module may declare the name): the name, its sort, and the name in scope it is closest to, if any. */
  unknown: Map<Diagnostic, { name: string; type: boolean; meant?: string }>;
  /** Functions with a parameter misnamed by a slip (`misnamedParameter`): their calls are checked, and evaluated, once it is mended. */
  misnamed: Set<A.FnDecl>;
}

const builtinScope: Map<string, Sym> = new Map(
  [...builtins.values()].map((info) => [info.name, { kind: "builtin", name: info.name, module: "", info } as BuiltinSymbol]),
);

export function declareModule(key: ModuleKey, file: string, tree: A.SourceFileNode): ModuleDecls {
  const out: ModuleDecls = { key, file, symbols: new Map(), machines: new Map(), imports: [], bases: [], policies: [], diagnostics: [] };
  if (tree.lostDeclaration) out.hidesName = true;
  const declare = (sym: DeclSymbol) => {
    const table = sym.kind === "pool" || sym.kind === "node" ? out.machines : out.symbols;
    const prev = table.get(sym.name);
    // A declaration broken by a syntax error next to an intact one of its name
    // is most likely a half-written copy (a header line pasted twice): the
    // syntax error is the one report, and the intact declaration is the name's.
    if (prev && (prev.decl.broken || sym.decl.broken)) {
      if (prev.decl.broken && !sym.decl.broken) table.set(sym.name, sym);
      return;
    }
    if (prev) {
      out.diagnostics.push(
        diagnostic("H0202", file, sym.nameSpan, `\`${sym.name}\` is declared twice in this file: rename one of them`, {
          related: [{ file, span: prev.nameSpan, message: `first declared here as a ${prev.kind}` }],
        }),
      );
      return;
    }
    table.set(sym.name, sym);
  };
  for (const d of tree.decls) {
    switch (d.kind) {
      case "ImportDecl": {
        const spec = d.path ? d.path.parts.map((p) => (p.kind === "Text" ? p.value : "")).join("") : "";
        const info: ImportInfo = { decl: d, spec };
        if (d.path) {
          if (d.path.parts.some((p) => p.kind === "Interp")) {
            out.diagnostics.push(diagnostic("H0207", file, d.path, "an import path cannot contain `${…}`: imports are resolved before anything is evaluated"));
          } else {
            const r = resolveImport(key, spec, file, d.path);
            if (r.ok) info.target = r.key;
            else out.diagnostics.push(r.diagnostic);
          }
        }
        out.imports.push(info);
        break;
      }
      case "BaseDecl":
        out.bases.push(d);
        break;
      case "PolicyDecl":
        out.policies.push(d);
        break;
      case "LetDecl":
      case "FnDecl":
      case "TypeDecl":
      case "ServiceDecl":
      case "PoolDecl":
      case "NodeDecl": {
        if (!d.name) {
          if (d.broken) out.hidesName = true;
          break;
        }
        // Its line cut short after the name (`service je`, being typed or cut): the name meant may be longer.
        if (d.broken && d.end <= d.name.end) out.hidesName = true;
        const kind = ({ LetDecl: "let", FnDecl: "fn", TypeDecl: "type", ServiceDecl: "service", PoolDecl: "pool", NodeDecl: "node" } as const)[d.kind];
        declare({ kind, name: d.name.name, module: key, decl: d, nameSpan: d.name });
        break;
      }
      case "ErrorDecl":
        break;
    }
  }
  return out;
}

export class Scope {
  constructor(
    readonly names: Map<string, Sym>,
    readonly parent?: Scope,
  ) {}

  lookup(name: string): Sym | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const hit = s.names.get(name);
      if (hit) return hit;
    }
    return undefined;
  }

  allNames(): Set<string> {
    const out = new Set<string>();
    for (let s: Scope | undefined = this; s; s = s.parent) for (const n of s.names.keys()) out.add(n);
    return out;
  }

  /** Every visible symbol, nearest first. */
  flatten(): Map<string, Sym> {
    const out = new Map<string, Sym>();
    const chain: Scope[] = [];
    for (let s: Scope | undefined = this; s; s = s.parent) chain.push(s);
    for (const s of chain.reverse()) for (const [n, sym] of s.names) out.set(n, sym);
    return out;
  }
}

export interface BindContext {
  /** Declarations of another module, if it exists and was read. */
  declsOf(key: ModuleKey): ModuleDecls | undefined;
  /** The prelude's declarations (undefined while binding the prelude itself). */
  prelude?: ModuleDecls;
  /** The standard-library modules that declare a name, for an unknown name's import suggestion. */
  stdExports?: (name: string) => readonly ImportableDecl[];
  /** The path of the standard-library module so named (`aws`: `std/aws`), for a namespace used unimported (`aws.instance`). */
  stdModule?: (name: string) => string | undefined;
}

export function bindModule(decls: ModuleDecls, tree: A.SourceFileNode, ctx: BindContext): ModuleBinding {
  return new Binder(decls, ctx).bind(tree);
}

class Binder {
  private readonly refs = new Map<A.Node, Sym>();
  private readonly typeMeant = new Map<A.Node, string>();
  private readonly poolMachineRefs: [A.Node, MachineSymbol][] = [];
  private readonly scopes = new Map<A.Node, Scope>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly file: string;
  private readonly usedImports = new Set<A.Node>();
  /** The name being resolved when it is the object of a member (`aws` in `aws.instance`): it may be a module's. */
  private memberObject: A.Node | undefined;
  /**
   * Names an import would have brought in had it resolved: the import's own
   * error explains them, so their uses are not "unknown name" as well.
   */
  private readonly unresolvedImports = new Set<string>();
  /** An import of this file has a syntax error: any name or type it may have brought in is not reported unknown (its error is the one report). */
  private brokenImport = false;
  private tree: A.SourceFileNode | undefined;
  private readonly unknownNames = new Map<Diagnostic, { name: string; type: boolean; meant?: string }>();
  private readonly misnamed = new Set<A.FnDecl>();
  /** Each import bound so far, by its module and what it imports (an import written twice is one mistake). */
  private readonly importsSeen = new Map<string, A.ImportDecl>();
  /** Unknown names that an import's name for its module was meant to be (see `meantByNamespace`): per import, the name and the errors its uses would have. */
  private readonly namespaceSlips = new Map<A.ImportDecl, { name: string; uses: Diagnostic[] }>();
  /** Names an import asked of a module that has no such declaration, and the module's names this file uses instead (see `meantByFailedImport`). */
  private readonly failedItems: { target: ModuleDecls; item: A.ImportName; diagnostic: Diagnostic; meant: string | undefined; used: Set<string> }[] = [];
  /** Name expressions found nowhere, and their name (`misnamedParameter` may read them as a parameter). */
  private readonly unresolvedNames = new Map<A.Node, string>();

  constructor(
    private readonly decls: ModuleDecls,
    private readonly ctx: BindContext,
  ) {
    this.file = decls.file;
  }

  bind(tree: A.SourceFileNode): ModuleBinding {
    this.tree = tree;
    const preludeNames = new Map<string, Sym>();
    if (this.ctx.prelude && this.ctx.prelude.key !== this.decls.key) {
      for (const [n, s] of this.ctx.prelude.symbols) preludeNames.set(n, s);
    }
    const moduleNames = new Map<string, Sym>();
    // Imports first, then the module's own declarations (which win over imports? no: a clash is an error).
    for (const imp of this.decls.imports) this.bindImport(imp, moduleNames);
    for (const [n, s] of this.decls.symbols) {
      const clash = moduleNames.get(n);
      if (clash) {
        this.diagnostics.push(
          diagnostic("H0202", this.file, s.nameSpan, `\`${n}\` is both imported and declared in this file: rename one, or import it under another name (\`{ ${n} as other }\`)`),
        );
        continue;
      }
      moduleNames.set(n, s);
    }
    const machineNames = new Map<string, Sym>(this.decls.machines);
    const root = new Scope(moduleNames, new Scope(machineNames, new Scope(preludeNames, new Scope(builtinScope))));
    this.scopes.set(tree, root);
    for (const d of tree.decls) this.decl(d, root);
    this.namespaceSlipErrors();
    for (const imp of this.decls.imports) {
      const d = imp.decl;
      const target = imp.target ? this.ctx.declsOf(imp.target) : undefined;
      if (!target) continue; // reported as unresolved
      // A declaration whose first line a syntax error hides may use what the import brings: said once that error is mended.
      if (this.decls.hidesName) continue;
      // Nothing of it used by name: the import goes, unless the module adds to
      // the system (services, machines, a base or policy), which a bare import keeps.
      const whole = (): NonNullable<Diagnostic["fix"]> =>
        contributesToSystem(target) && d.path
          ? { message: `keep it as a bare import (\`import "${imp.spec}"\`): what the module declares stays in the system`, edits: [{ span: { start: d.path.end, end: d.end }, newText: "" }] }
          : { message: "remove the import", edits: [{ span: { start: d.start, end: d.end }, newText: "" }] };
      if (d.alias && !this.usedImports.has(d)) {
        this.diagnostics.push(diagnostic("H0209", this.file, d.alias, `\`${d.alias.name}\` is imported but never used`, { fix: whole() }));
      }
      const names = d.names ?? [];
      const unused = names.filter((n) => !this.usedImports.has(n) && this.refs.has(n));
      for (const n of unused) {
        // The name and its comma, or the whole list when nothing in it is used.
        const k = names.indexOf(n);
        const shown = (n.alias ?? n.name).name;
        const fix: NonNullable<Diagnostic["fix"]> =
          unused.length === names.length
            ? whole()
            : { message: `remove \`${shown}\` from the import`, edits: [{ span: k < names.length - 1 ? { start: n.start, end: names[k + 1]!.start } : { start: names[k - 1]!.end, end: n.end }, newText: "" }] };
        this.diagnostics.push(diagnostic("H0209", this.file, n, `\`${shown}\` is imported but never used`, { fix }));
      }
    }
    this.suggestUsedNames();
    return { refs: this.refs, scopes: this.scopes, moduleScope: moduleNames, typeMeant: this.typeMeant, poolMachineRefs: this.poolMachineRefs, diagnostics: this.diagnostics, unknown: this.unknownNames, misnamed: this.misnamed };
  }

  private bindImport(imp: ImportInfo, names: Map<string, Sym>): void {
    const d = imp.decl;
    if (d.broken) this.brokenImport = true;
    // The same import again (a line doubled): one error for it, not one per name it imports twice.
    const key = imp.target && !d.broken ? `${imp.target}\u0000${d.alias?.name ?? ""}\u0000${(d.names ?? []).map((n) => `${n.name.name} ${n.alias?.name ?? ""}`).join(",")}` : undefined;
    const earlier = key === undefined ? undefined : this.importsSeen.get(key);
    if (earlier) {
      this.diagnostics.push(diagnostic("H0202", this.file, d, "this import repeats an earlier one: remove it", { related: [{ file: this.file, span: { start: earlier.start, end: earlier.end }, message: "the earlier import" }], fix: { message: "remove this import", edits: [{ span: { start: d.start, end: d.end }, newText: "" }] } }));
      return;
    }
    if (key !== undefined) this.importsSeen.set(key, d);
    const target = imp.target ? this.ctx.declsOf(imp.target) : undefined;
    const add = (name: string, sym: Sym, at: A.Ident) => {
      if (names.has(name)) {
        this.diagnostics.push(diagnostic("H0202", this.file, at, `\`${name}\` is imported twice: import it under another name with \`as\``));
        return;
      }
      names.set(name, sym);
    };
    if (d.alias && !target) this.unresolvedImports.add(d.alias.name);
    if (d.alias && imp.target) {
      const ns: NamespaceSymbol = { kind: "namespace", name: d.alias.name, module: this.decls.key, decl: d, target: imp.target, nameSpan: d.alias };
      add(d.alias.name, ns, d.alias);
    }
    const list = d.names ?? [];
    for (let i = 0; i < list.length; i++) {
      const n = list[i]!;
      if (!target) {
        // The missing module is reported by the workspace.
        this.unresolvedImports.add((n.alias ?? n.name).name);
        continue;
      }
      const sym = target.symbols.get(n.name.name) ?? target.machines.get(n.name.name);
      if (!sym) {
        this.unresolvedImports.add((n.alias ?? n.name).name);
        if (target.hidesName) continue;
        // `{ w,ebApp }`: a comma typed inside a name. One error for the two halves, the comma's removal its fix.
        const after = list[i + 1];
        if (after && !n.alias && after.name.start === n.name.end + 1 && target.symbols.has(n.name.name + after.name.name)) {
          const joined = n.name.name + after.name.name;
          // Read as meant: the name imported, its uses checked.
          const meantSym = target.symbols.get(joined)!;
          this.refs.set(n, meantSym);
          this.importOf.set(meantSym, n);
          add(after.alias?.name ?? joined, meantSym, after.alias ?? n.name);
          this.diagnostics.push(diagnostic("H0206", this.file, { start: n.name.start, end: after.name.end }, `\`${displayKey(target.key)}\` has no declarations \`${n.name.name}\` and \`${after.name.name}\`: a \`,\` is typed inside \`${joined}\``, { fix: { message: "remove the `,`", edits: [{ span: { start: n.name.end, end: after.name.start }, newText: "" }] } }));
          i++;
          continue;
        }
        const meant = closest(n.name.name, target.symbols.keys());
        const what = `\`${displayKey(target.key)}\` has no declaration \`${n.name.name}\``;
        // The name meant is in the list already (`{ webService, webServce }`): writing it again would import it twice.
        const names = d.names!;
        const twice = meant !== undefined && !n.alias && names.some((o) => o !== n && !o.alias && o.name.name === meant);
        const at = names.indexOf(n);
        const entry = at > 0 ? { start: names[at - 1]!.end, end: n.end } : { start: n.start, end: names[1]?.start ?? n.end };
        const reported = twice
          ? diagnostic("H0206", this.file, n.name, `${what}; did you mean \`${meant}\`? It is imported already`, { fix: { message: `remove \`${n.name.name}\``, edits: [{ span: entry, newText: "" }] } })
          : diagnostic("H0206", this.file, n.name, `${what}${meant ? `; did you mean \`${meant}\`?` : ""}`, meant ? { fix: { message: `import \`${meant}\``, edits: [{ span: n.name, newText: meant }] } } : {});
        this.diagnostics.push(reported);
        if (!twice) this.failedItems.push({ target, item: n, diagnostic: reported, meant, used: new Set() });
        continue;
      }
      this.refs.set(n, sym);
      this.importOf.set(sym, n);
      add((n.alias ?? n.name).name, sym, n.alias ?? n.name);
    }
  }

  /** Imported symbol → the import that brought it in, to mark imports used. */
  private readonly importOf = new Map<Sym, A.Node>();

  private use(sym: Sym): void {
    if (sym.kind === "namespace") this.usedImports.add(sym.decl);
    const imp = this.importOf.get(sym);
    if (imp) this.usedImports.add(imp);
  }

  /**
   * A parameter the body never uses, while the body uses one unknown name,
   * twice or more, that is closest to it (`replica: Int` and `replicas` in
   * the body): the parameter's name is the slip. One error at it, with the body's name as
   * the fix, instead of one at each use and (the checker) one at each call
   * naming the argument as the body does. The uses are read as the parameter.
   */
  private misnamedParameter(d: A.FnDecl, params: Map<string, Sym>, from: number): void {
    const unknownUses = new Map<string, { d: Diagnostic; meant: string }[]>();
    for (let i = from; i < this.diagnostics.length; i++) {
      const u = this.diagnostics[i]!;
      const m = u.code === "H0201" ? /^unknown name `([^`]+)`; did you mean `([^`]+)`\?$/.exec(u.message) : null;
      if (!m || !params.has(m[2]!)) continue;
      let uses = unknownUses.get(m[1]!);
      if (!uses) unknownUses.set(m[1]!, (uses = []));
      uses.push({ d: u, meant: m[2]! });
    }
    if (unknownUses.size !== 1) return;
    const [written, uses] = [...unknownUses][0]!;
    // Used once, the slip may as well be that use (said there, as before); the same name twice is what was meant.
    if (uses.length < 2) return;
    const param = params.get(uses[0]!.meant)!;
    if (uses.some((u) => u.meant !== param.name)) return;
    for (const sym of this.refs.values()) if (sym === param) return; // used: the body's name is the slip
    const p = (param as Extract<Sym, { kind: "param" }>).decl;
    const dropped = new Set(uses.map((u) => u.d));
    const kept = this.diagnostics.filter((x) => !dropped.has(x));
    this.diagnostics.length = 0;
    this.diagnostics.push(...kept);
    for (const x of dropped) this.unknownNames.delete(x);
    // The uses read as the parameter, so the body is checked as written.
    const body = { start: d.body!.start, end: d.body!.end };
    for (const [node, name] of this.unresolvedNames) if (name === written && node.start >= body.start && node.end <= body.end) this.refs.set(node, param);
    this.diagnostics.push(
      diagnostic("H0201", this.file, p.name, `parameter \`${p.name.name}\` is never used, and the body uses \`${written}\`, which is not declared: did you mean to name the parameter \`${written}\`?`, {
        fix: { message: `rename it \`${written}\``, edits: [{ span: { start: p.name.start, end: p.name.end }, newText: written }] },
      }),
    );
    this.misnamed.add(d);
  }

  private unknown(name: string, at: A.Node, scope: Scope, what = "name"): void {
    if (this.unresolvedImports.has(name) || (this.brokenImport && (what === "name" || what === "type"))) return;
    if ((what === "name" || what === "type") && this.meantByFailedImport(name)) return;
    // A declaration of this file whose name a syntax error hides (its first line gone, its name lost or cut short) may be the one named: reported once that error is mended.
    if (this.decls.hidesName) return;
    let message = `unknown ${what} \`${name}\``;
    let fix: Diagnostic["fix"];
    let meant: string | undefined;
    const dash = name.lastIndexOf("-");
    const left = dash > 0 ? scope.lookup(name.slice(0, dash)) : undefined;
    if (left?.kind === "pool" && /^[0-9]+$/.test(name.slice(dash + 1))) {
      message += `: pool \`${left.name}\` names its machines \`${left.name}-1\`, \`${left.name}-2\`, …`;
    } else if (left) {
      const left = name.slice(0, dash);
      message += `: to subtract, put spaces around \`-\` (\`${left} - ${name.slice(dash + 1)}\`)`;
      fix = { message: "add spaces around `-`", edits: [{ span: { start: at.start, end: at.end }, newText: `${left} - ${name.slice(dash + 1)}` }] };
    } else if (what === "name" && at === this.memberObject && this.ctx.stdModule?.(name) !== undefined && this.tree) {
      // `aws.instance` with no import of `std/aws`: the import is what is missing (its line deleted, or never written).
      const spec = this.ctx.stdModule(name)!;
      message += `: \`${spec}\` is a module; import it as \`${name}\``;
      fix = { message: `import \`${spec}\` as \`${name}\``, edits: [newImport(this.decls, this.tree, `import "${spec}" as ${name}`)] };
    } else if (what === "name" && foreignLiterals.has(name)) {
      // `True`, `null`: another language's literal.
      const meant = foreignLiterals.get(name)!;
      message += `: Herd writes \`${meant}\``;
      fix = { message: `write \`${meant}\``, edits: [{ span: { start: at.start, end: at.end }, newText: meant }] };
    } else {
      // Suggest only names of the right sort: values where a value is needed, types where a type is.
      const wantType = what === "type";
      const candidates = [...scope.flatten()].filter(([, sym]) => isTypeSymbol(sym) === wantType || sym.kind === "namespace").map(([n]) => n);
      meant = closest(name, candidates);
      // A name the standard library declares, exactly, is more likely an import forgotten (or its line deleted) than a slip for a name in scope close to it (`container`, `contains`).
      const imp = this.importSuggestion(name, at, wantType);
      if (imp) {
        message += imp.message + (meant ? `; or did you mean \`${meant}\`?` : "");
        fix = imp.fix;
        meant = undefined;
      } else if (meant) {
        message += `; did you mean \`${meant}\`?`;
        fix = { message: `write \`${meant}\``, edits: [{ span: { start: at.start, end: at.end }, newText: meant }] };
      }
    }
    const d = diagnostic("H0201", this.file, at, message, fix ? { fix } : {});
    const slip = what === "name" ? this.meantByNamespace(name) : undefined;
    if (slip) {
      slip.uses.push(d);
      return;
    }
    this.diagnostics.push(d);
    if ((what === "name" || what === "type") && (meant !== undefined || (!fix && message === `unknown ${what} \`${name}\``))) this.unknownNames.set(d, meant !== undefined ? { name, type: what === "type", meant } : { name, type: what === "type" });
  }

  /**
   * The import whose name for its module `name`, found nowhere, was meant
   * to be: one imported under a name the file never uses that `name`
   * misspells or begins with (`as hc`, `hcloud.server` below), or one
   * imported bare whose module's file is so named (`import "std/aws"`,
   * `aws.instance` below). Whether it was is decided once the file is bound
   * (`namespaceSlipErrors`); until then the uses' errors wait with it.
   */
  private meantByNamespace(name: string): { name: string; uses: Diagnostic[] } | undefined {
    for (const imp of this.decls.imports) {
      const d = imp.decl;
      if (!imp.target || d.broken || d.names) continue;
      const alias = d.alias?.name;
      const file = imp.spec.slice(imp.spec.lastIndexOf("/") + 1).replace(/\.sys$/, "");
      const meant = alias !== undefined ? (alias.length >= 2 && name.startsWith(alias)) || closest(alias, [name]) === name : file === name;
      if (!meant) continue;
      let slip = this.namespaceSlips.get(d);
      if (!slip) this.namespaceSlips.set(d, (slip = { name, uses: [] }));
      if (slip.name === name) return slip;
    }
    return undefined;
  }

  /** Per import `meantByNamespace` found: one error at it, naming it as its uses do (with the fix), or, when its own name is used after all, the uses' errors. */
  private namespaceSlipErrors(): void {
    for (const [d, slip] of this.namespaceSlips) {
      if (d.alias && this.usedImports.has(d)) {
        this.diagnostics.push(...slip.uses);
        continue;
      }
      const related = slip.uses.map((u) => ({ file: this.file, span: u.span, message: `\`${slip.name}\` is used here` }));
      const at = d.alias ?? d.path ?? d;
      const edit = d.alias ? { span: { start: d.alias.start, end: d.alias.end }, newText: slip.name } : { span: { start: at.end, end: at.end }, newText: ` as ${slip.name}` };
      const message = d.alias
        ? `this file uses \`${slip.name}\`, and imports \`${this.decls.imports.find((i) => i.decl === d)!.spec}\` as \`${d.alias.name}\`: did you mean \`as ${slip.name}\`?`
        : `this file uses \`${slip.name}\`, which this import does not name: write \`as ${slip.name}\``;
      this.diagnostics.push(diagnostic("H0201", this.file, at, message, { related, fix: { message: `import it as \`${slip.name}\``, edits: [edit] } }));
      if (d.alias) this.usedImports.add(d); // the slip is said: not also unused
    }
  }

  /**
   * Whether `name`, found nowhere, is what an import of this file that
   * failed meant: the module declares it, and the name imported is it cut
   * short or misspelt (`{ co }` or `{ worke, r }` and uses of `container`
   * or `worker`). The import's error is the one report; its uses wait.
   */
  private meantByFailedImport(name: string): boolean {
    let meant = false;
    for (const f of this.failedItems) {
      const written = f.item.name.name;
      if (!f.target.symbols.has(name) || !((written.length >= 2 && name.startsWith(written)) || f.meant === name || closest(written, [name]) === name)) continue;
      f.used.add(name);
      meant = true;
    }
    return meant;
  }

  /** A failed import item with no suggestion of its own, whose module's one name this file uses in its stead (`{ co }`, `container`): suggested, with the fix. */
  private suggestUsedNames(): void {
    for (const f of this.failedItems) {
      if (f.meant !== undefined || f.used.size !== 1) continue;
      const [used] = f.used;
      const at = this.diagnostics.indexOf(f.diagnostic);
      if (at < 0) continue;
      this.diagnostics[at] = diagnostic("H0206", this.file, f.item.name, `${f.diagnostic.message}; did you mean \`${used}\`? This file uses it`, { fix: { message: `import \`${used}\``, edits: [{ span: f.item.name, newText: used! }] } });
    }
  }

  /** For a name the standard library declares (`systemdService`, forgotten in the import list): where it lives, and the edit that brings it into scope. */
  private importSuggestion(name: string, at: A.Node, wantType: boolean): { message: string; fix?: NonNullable<Diagnostic["fix"]> } | undefined {
    const found = (this.ctx.stdExports?.(name) ?? []).filter((e) => (e.kind === "type") === wantType);
    if (found.length === 0) return undefined;
    if (found.length > 1) return { message: `: ${found.map((e) => `\`${e.spec}\``).join(" and ")} declare it; import it from one of them` };
    return importHint(this.decls, this.tree!, name, found[0]!, at);
  }

  private resolveName(node: A.Node, name: string, scope: Scope, what?: string): Sym | undefined {
    const sym = scope.lookup(name) ?? this.poolMachine(name, scope);
    if (!sym) {
      this.unknown(name, node, scope, what);
      if (what === undefined || what === "name") this.unresolvedNames.set(node, name);
      return undefined;
    }
    this.refs.set(node, sym);
    if (sym.kind === "machine") this.poolMachineRefs.push([node, sym]);
    else if (sym.kind === "field") sym.read = true;
    this.use(sym);
    return sym;
  }

  /** `web-3`: the third machine of pool `web` (its count is checked when evaluated). */
  private poolMachine(name: string, scope: Scope): Sym | undefined {
    const m = /^(.+)-([1-9][0-9]*)$/.exec(name);
    if (!m) return undefined;
    const pool = scope.lookup(m[1]!);
    if (pool?.kind !== "pool") return undefined;
    return { kind: "machine", name, module: this.decls.key, pool, number: Number(m[2]) };
  }

  // ───────────── declarations ─────────────

  private decl(d: A.Decl, scope: Scope): void {
    switch (d.kind) {
      case "ImportDecl":
      case "ErrorDecl":
        return;
      case "LetDecl":
        if (d.type) this.type(d.type, scope);
        if (d.value) this.expr(d.value, scope);
        return;
      case "TypeDecl":
        if (d.type) this.type(d.type, scope);
        return;
      case "FnDecl": {
        const params = new Map<string, Sym>();
        const fnScope = new Scope(params, scope);
        for (const p of d.params) {
          if (p.type) this.type(p.type, scope);
          // A default may use the parameters before it.
          if (p.default) this.expr(p.default, fnScope);
          if (params.has(p.name.name)) {
            this.diagnostics.push(diagnostic("H0202", this.file, p.name, `parameter \`${p.name.name}\` is declared twice`));
            continue;
          }
          params.set(p.name.name, { kind: "param", name: p.name.name, module: this.decls.key, decl: p, fn: d });
        }
        if (d.returnType) this.type(d.returnType, scope);
        this.scopes.set(d, fnScope);
        if (d.body) {
          const reported = this.diagnostics.length;
          this.expr(d.body, fnScope);
          if (this.diagnostics.length > reported) this.misnamedParameter(d, params, reported);
        }
        return;
      }
      case "ServiceDecl":
        if (d.value?.kind === "Record" && d.value.block) this.body(d, d.value, scope);
        else if (d.value) this.expr(d.value, scope);
        return;
      case "PoolDecl":
      case "NodeDecl":
      case "BaseDecl":
        if (d.body) this.body(d, d.body, scope);
        return;
      case "TerraformDecl":
        if (d.body) for (const f of d.body.fields) this.field(f, scope);
        return;
      case "PolicyDecl":
        for (const item of d.items) {
          if (item.kind === "SurviveRule") {
            if (item.count) this.expr(item.count, scope);
          } else this.field(item, scope);
        }
        return;
    }
  }

  /** A declaration body: its fields are in scope throughout, and `index` in a pool. */
  private body(owner: FieldSymbol["owner"], body: A.RecordExpr, scope: Scope): void {
    const names = new Map<string, Sym>();
    for (const f of body.fields) {
      const first = f.path[0];
      if (!first) continue;
      const existing = names.get(first.name);
      if (existing?.kind === "field") existing.fields.push(f);
      else names.set(first.name, { kind: "field", name: first.name, module: this.decls.key, owner, fields: [f], read: false });
    }
    if (owner.kind === "PoolDecl" && !names.has("index")) {
      names.set("index", { kind: "index", name: "index", module: this.decls.key, pool: owner });
    }
    const inner = new Scope(names, scope);
    this.scopes.set(body, inner);
    for (const f of body.fields) this.field(f, inner);
  }

  private field(f: A.Field, scope: Scope): void {
    for (const k of f.path) if (k.computed) this.expr(k.computed, scope);
    if (f.value) this.expr(f.value, scope);
  }

  // ───────────── expressions ─────────────

  private expr(e: A.Expr, scope: Scope): void {
    switch (e.kind) {
      case "Int":
      case "Float":
      case "Unit":
      case "Bool":
      case "None":
      case "Error":
        return;
      case "String":
        for (const p of e.parts) if (p.kind === "Interp" && p.expr) this.expr(p.expr, scope);
        return;
      case "Name":
        this.resolveName(e, e.name, scope);
        return;
      case "Member": {
        if (e.object.kind === "Name") this.memberObject = e.object;
        this.expr(e.object, scope);
        // `ns.name`: resolve into the imported module now.
        if (e.object.kind === "Name" && e.member) {
          const obj = this.refs.get(e.object);
          if (obj?.kind === "namespace") this.namespaceMember(e, obj, e.member);
        }
        return;
      }
      case "Index":
        this.expr(e.object, scope);
        if (e.index) this.expr(e.index, scope);
        return;
      case "Call":
        this.expr(e.callee, scope);
        if (e.record) {
          // Record-call arguments see the same scope as any record.
          for (const f of e.record.fields) this.field(f, scope);
        } else for (const a of e.args) if (a.value) this.expr(a.value, scope);
        return;
      case "Record":
        for (const f of e.fields) this.field(f, scope);
        return;
      case "List":
        for (const i of e.items) this.expr(i, scope);
        return;
      case "For": {
        if (e.iterable) this.expr(e.iterable, scope);
        const names = new Map<string, Sym>();
        if (e.first) names.set(e.first.name, { kind: "local", name: e.first.name, module: this.decls.key, decl: e.first, owner: e, position: 0 });
        if (e.second) {
          if (e.second.name === e.first?.name) {
            this.diagnostics.push(diagnostic("H0202", this.file, e.second, `\`${e.second.name}\` is used for both loop variables`));
          } else names.set(e.second.name, { kind: "local", name: e.second.name, module: this.decls.key, decl: e.second, owner: e, position: 1 });
        }
        const inner = new Scope(names, scope);
        this.scopes.set(e, inner);
        if (e.condition) this.expr(e.condition, inner);
        if (e.key?.computed) this.expr(e.key.computed, inner);
        if (e.body) this.expr(e.body, inner);
        return;
      }
      case "If":
        if (e.condition) this.expr(e.condition, scope);
        if (e.then) this.expr(e.then, scope);
        if (e.else) this.expr(e.else, scope);
        return;
      case "Binary":
        this.expr(e.left, scope);
        if (e.right) this.expr(e.right, scope);
        return;
      case "Unary":
        if (e.operand) this.expr(e.operand, scope);
        return;
      case "With":
        this.expr(e.base, scope);
        if (e.update) for (const f of e.update.fields) this.field(f, scope);
        return;
      case "Paren":
        if (e.inner) this.expr(e.inner, scope);
        return;
      case "Place":
        for (const r of e.rules) this.rule(r, scope);
        return;
    }
  }

  private namespaceMember(node: A.Node, ns: NamespaceSymbol, member: A.Ident): void {
    const target = this.ctx.declsOf(ns.target);
    if (!target) return;
    const sym = target.symbols.get(member.name) ?? target.machines.get(member.name);
    if (!sym) {
      if (target.hidesName) return;
      const meant = closest(member.name, target.symbols.keys());
      this.diagnostics.push(
        diagnostic("H0206", this.file, member, `\`${displayKey(ns.target)}\` has no declaration \`${member.name}\`${meant ? `; did you mean \`${meant}\`?` : ""}`, meant ? { fix: { message: `write \`${meant}\``, edits: [{ span: member, newText: meant }] } } : {}),
      );
      return;
    }
    this.refs.set(node, sym);
  }

  private rule(r: A.PlaceRule, scope: Scope): void {
    switch (r.kind) {
      case "OnRule":
        if (r.selector) this.selector(r.selector, scope);
        return;
      case "PreferRule":
        if (r.selector) this.selector(r.selector, scope);
        if (r.weight) this.expr(r.weight, scope);
        return;
      case "SpreadRule":
        if (r.skew) this.expr(r.skew, scope);
        return;
      case "MaxPerNodeRule":
        if (r.count) this.expr(r.count, scope);
        return;
      case "AvoidRule":
      case "NearRule": {
        if (!r.service) return;
        const sym = this.resolveName(r.service, r.service.name, scope, "service");
        if (sym && sym.kind !== "service" && sym.kind !== "builtin") {
          this.diagnostics.push(diagnostic("H0213", this.file, r.service, `\`${r.service.name}\` is a ${describe(sym)}, not a service: \`${r.kind === "AvoidRule" ? "avoid" : "near"}\` names a service`));
        } else if (sym?.kind === "builtin") {
          this.diagnostics.push(diagnostic("H0213", this.file, r.service, `\`${r.service.name}\` is built in, not a service`));
        }
        return;
      }
    }
  }

  private selector(s: A.Selector, scope: Scope): void {
    switch (s.kind) {
      case "SelCompare":
        if (s.value) this.expr(s.value, scope);
        return;
      case "SelIn":
        if (s.values) this.expr(s.values, scope);
        return;
      case "SelHas":
        return;
      case "SelNot":
        if (s.operand) this.selector(s.operand, scope);
        return;
      case "SelParen":
        if (s.inner) this.selector(s.inner, scope);
        return;
      case "SelBinary":
        this.selector(s.left, scope);
        if (s.right) this.selector(s.right, scope);
        return;
    }
  }

  // ───────────── types ─────────────

  private type(t: A.TypeExpr, scope: Scope): void {
    switch (t.kind) {
      case "NamedType": {
        if (t.namespace) {
          const ns = this.resolveName(t.namespace, t.namespace.name, scope, "type");
          if (ns?.kind === "namespace") this.namespaceMember(t, ns, t.name);
          else if (ns) this.diagnostics.push(diagnostic("H0313", this.file, t.namespace, `\`${t.namespace.name}\` is not an imported module, so \`${t.namespace.name}.${t.name.name}\` is no type`));
        } else {
          const sym = this.resolveName(t, t.name.name, scope, "type");
          if (sym && !isTypeSymbol(sym)) {
            const meant = closest(t.name.name, [...scope.flatten()].filter(([, x]) => isTypeSymbol(x)).map(([n]) => n));
            if (meant) this.typeMeant.set(t, meant);
          }
        }
        if (t.refinement?.kind === "Range") {
          if (t.refinement.min) this.expr(t.refinement.min, scope);
          if (t.refinement.max) this.expr(t.refinement.max, scope);
        }
        return;
      }
      case "ListType":
        if (t.element) this.type(t.element, scope);
        return;
      case "MapType":
        if (t.value) this.type(t.value, scope);
        return;
      case "RecordType":
        for (const f of t.fields) {
          if (f.type) this.type(f.type, scope);
          if (f.default) this.expr(f.default, scope);
        }
        return;
      case "OptionalType":
        this.type(t.inner, scope);
        return;
      case "UnionType":
        for (const m of t.members) this.type(m, scope);
        return;
      case "ParenType":
        if (t.inner) this.type(t.inner, scope);
        return;
      case "LiteralType":
      case "ErrorType":
        return;
    }
  }
}

/** Does a module add to the system (services, pools, nodes, a base or a policy), so that importing it matters even with no name used? */
export function contributesToSystem(decls: ModuleDecls): boolean {
  if (decls.machines.size > 0 || decls.bases.length > 0 || decls.policies.length > 0) return true;
  for (const s of decls.symbols.values()) if (s.kind === "service") return true;
  return false;
}

function isTypeSymbol(sym: Sym): boolean {
  return sym.kind === "type" || (sym.kind === "builtin" && sym.info.kind === "type");
}

export function describe(sym: Sym): string {
  switch (sym.kind) {
    case "let":
      return "constant";
    case "fn":
      return "function";
    case "type":
      return "type";
    case "service":
      return "service";
    case "pool":
      return "pool";
    case "node":
      return "node";
    case "namespace":
      return "module";
    case "param":
      return "parameter";
    case "local":
      return "loop variable";
    case "field":
      return "field";
    case "index":
      return "pool index";
    case "machine":
      return "machine";
    case "builtin":
      return sym.info.kind === "type" ? "built-in type" : sym.info.kind === "function" ? "built-in function" : "built-in value";
  }
}
