// The one analysis entry point. A workspace (a folder, read through an
// injected file system) goes in; per-module syntax trees, symbols, types and
// diagnostics, and the evaluated system model come out. The CLI, the language
// server, placement and the backends all start here.
//
// A workspace's entry files are the `.sys` files directly in its folder; the
// system is made of their declarations and of everything they import. Files
// in sub-folders are modules: analysed, and part of the system when imported.
//
// Reuse: a module's parse and declarations are kept while its text is
// unchanged. An edit that leaves a module declaring the same names keeps its
// symbols (names/decl-reuse.ts), so its importers keep their name binding;
// their type check is kept too while the types of what they import are the
// same (types/interface.ts), which is what an edit inside a function's body
// or a string does. Values are evaluated again where they read something
// that changed (eval/evaluator.ts, beginAnalysis).
import * as path from "node:path";
import { compareDiagnostics, diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import { Evaluator, defaultLimits, type EvalLimits } from "../eval/evaluator.js";
import type { ServiceModel, SystemModel } from "../eval/model.js";
import { evaluateSystem } from "../eval/system.js";
import { bindModule, declareModule, type ModuleBinding, type ModuleDecls } from "../names/binder.js";
import { importHint, newImport, type ImportableDecl } from "../names/import-edit.js";
import { oneErrorPerMissingImport } from "../names/missing-import.js";
import { adoptDeclarations, sameDeclarations, type DeclarationEdit } from "../names/decl-reuse.js";
import { findCycles } from "../names/cycles.js";
import type { ModuleInfo, ProgramView } from "../names/module-info.js";
import type { DeclSymbol } from "../names/symbols.js";
import { PRELUDE, displayKey, isStdKey, type ModuleKey } from "../names/module-key.js";
import { parse, type ParseResult } from "../syntax/parse.js";
import { SourceText } from "../syntax/source.js";
import { Checker } from "../types/checker.js";
import { quietInBrokenDeclarations } from "./broken-declarations.js";
import { nodeFileSystem, type FileSystem, type FileText } from "./file-system.js";
import { defaultStdlib, type StdlibSource } from "./stdlib.js";
import { moduleExports } from "./module-exports.js";
import { stdExportIndex, stdExportsOf, stdModuleNamed } from "./stdlib-exports.js";

export interface WorkspaceOptions {
  /** The workspace folder, absolute. */
  root: string;
  fs?: FileSystem;
  stdlib?: StdlibSource;
  limits?: EvalLimits;
  /** Record where each field value was written (SystemModel.origins), for
   * the diagnostics of `herd build`'s backends. Off for checking and the
   * editor: it costs evaluation time and nothing there reads it. */
  origins?: boolean;
  /** Keep what each field of a function's result evaluated to, per call, so
   * the next analysis after an edit inside the function re-evaluates only the
   * fields whose text changed (an editor's case; see `Evaluator.evalCall`).
   * Off for a one-shot analysis: there it only costs. */
  callFields?: boolean;
  /** The workspace is analysed once (`analyzeFolder`, the CLI): nothing is
   * prepared for a next analysis (call fields, unless asked for, and the
   * modules' interfaces, which tell the next analysis what an edit changed)
   * or for an editor (the schema field each field key names). */
  oneShot?: boolean;
}

export interface ModuleAnalysis extends ModuleInfo {
  parse: ParseResult;
  /** Syntax, name and type diagnostics of this module. */
  diagnostics: Diagnostic[];
  /** An entry file, or imported (transitively) by one. */
  inSystem: boolean;
}

export interface Analysis {
  root: string;
  modules: ReadonlyMap<ModuleKey, ModuleAnalysis>;
  /** Entry files, sorted. */
  entries: ModuleKey[];
  program: ProgramView;
  checker: Checker;
  evaluator: Evaluator;
  model: SystemModel;
  /** The model of the system's service of that name, found without a search. */
  service(name: string): ServiceModel | undefined;
  /** Every diagnostic, sorted and without duplicates. */
  diagnostics: Diagnostic[];
  hasErrors: boolean;
  /** The text of a module by its diagnostic file name. */
  source(file: string): SourceText | undefined;
  /** The names the standard library's modules declare, for completion of names not imported yet. */
  stdExports(): ReadonlyMap<string, readonly ImportableDecl[]>;
}

interface ParsedEntry {
  text: string;
  source: SourceText;
  parse: ParseResult;
  decls: ModuleDecls;
  /** Set when this parse kept the previous one's declarations: what the edit changed of them. */
  edit?: DeclarationEdit;
}

interface BoundEntry {
  parsed: ParsedEntry;
  deps: (ModuleDecls | undefined)[];
  prelude: ModuleDecls | undefined;
  binding: ModuleBinding;
}

/** Folders a workspace never reads `.sys` files from (dependencies, build output), besides hidden ones. */
export const skippedDirs: ReadonlySet<string> = new Set(["node_modules", "out", "dist"]);

export class Workspace {
  readonly root: string;
  private readonly fs: FileSystem;
  private readonly stdlib: StdlibSource;
  private readonly limits: EvalLimits;
  private readonly overlays = new Map<string, string>();
  private readonly parsed = new Map<ModuleKey, ParsedEntry>();
  private readonly bound = new Map<ModuleKey, BoundEntry>();
  // Both outlive an analysis: what they derived from unchanged modules is reused.
  private readonly checker: Checker;
  private readonly evaluator: Evaluator;
  /** Each module's interface as of its last type check (types/interface.ts). */
  private readonly interfaces = new Map<ModuleKey, string>();
  private readonly oneShot: boolean;

  constructor(opts: WorkspaceOptions) {
    this.root = path.resolve(opts.root);
    this.fs = opts.fs ?? nodeFileSystem;
    this.stdlib = opts.stdlib ?? defaultStdlib();
    this.limits = opts.limits ?? defaultLimits;
    this.oneShot = opts.oneShot ?? false;
    this.checker = new Checker({ module: () => undefined, prelude: () => undefined }, !this.oneShot, !this.oneShot);
    this.evaluator = new Evaluator({ module: () => undefined, prelude: () => undefined }, this.checker, this.limits, opts.origins ?? false, opts.callFields ?? !this.oneShot);
  }

  /** Text that replaces a file's contents on disk (an unsaved editor buffer); undefined removes it. */
  setOverlay(relPath: string, text: string | undefined): void {
    if (text === undefined) this.overlays.delete(relPath);
    else this.overlays.set(relPath, text);
  }

  /** Workspace-relative path of an absolute one, or undefined if outside. */
  relative(absPath: string): string | undefined {
    const rel = path.relative(this.root, path.resolve(absPath)).split(path.sep).join("/");
    return rel.startsWith("..") || path.isAbsolute(rel) ? undefined : rel;
  }

  absolute(key: ModuleKey): string | undefined {
    return isStdKey(key) ? undefined : path.join(this.root, ...key.split("/"));
  }

  /** Every `.sys` file under the root, sorted, workspace-relative. */
  discover(): string[] {
    const out: string[] = [];
    const visit = (dir: string, prefix: string) => {
      const entries = this.fs.readDir(dir) ?? [];
      for (const e of entries) {
        if (e.name.startsWith(".")) continue;
        if (e.kind === "dir") {
          if (!skippedDirs.has(e.name)) visit(path.join(dir, e.name), prefix + e.name + "/");
        } else if (e.name.endsWith(".sys")) out.push(prefix + e.name);
      }
    };
    visit(this.root, "");
    for (const o of this.overlays.keys()) if (!out.includes(o)) out.push(o);
    return out.sort();
  }

  private readModule(key: ModuleKey): FileText | { error: string } {
    if (isStdKey(key)) {
      const t = this.stdlib.read(key.slice(4));
      return t === undefined ? { error: "no such module" } : { text: t };
    }
    const overlay = this.overlays.get(key);
    if (overlay !== undefined) return { text: overlay };
    return this.fs.readFile(path.join(this.root, ...key.split("/")));
  }

  private parseModule(key: ModuleKey, text: string): ParsedEntry {
    const hit = this.parsed.get(key);
    if (hit && hit.text === text) return hit;
    const file = displayKey(key);
    // Parsed again after an edit: the tokens are kept for the requests that follow (a one-shot analysis parses each file once, and keeps none).
    const parseResult = parse(text, file, { keepTokens: hit !== undefined });
    const fresh = declareModule(key, file, parseResult.tree);
    const entry: ParsedEntry = { text, source: new SourceText(text), parse: parseResult, decls: fresh };
    // The same names declared as before: importers stay bound to the old symbols (names/decl-reuse.ts).
    if (hit && sameDeclarations(hit.decls, fresh)) {
      entry.edit = adoptDeclarations(hit.decls, fresh, hit.text, text);
      entry.decls = hit.decls;
    }
    this.parsed.set(key, entry);
    return entry;
  }

  /** Milliseconds spent in each phase of the last analysis (for benchmarks). */
  readonly timings: Record<string, number> = {};

  analyze(): Analysis {
    let mark = performance.now();
    const lap = (phase: string) => {
      const now = performance.now();
      this.timings[phase] = now - mark;
      mark = now;
    };
    const files = this.discover();
    const entries = files.filter((f) => !f.includes("/"));
    const extra: Diagnostic[] = [];
    const loaded = new Map<ModuleKey, ParsedEntry>();
    const unreadable = new Map<ModuleKey, string>();
    /** Modules parsed again now: syntax nodes of their previous parse are stale. */
    const reparsed = new Set<ModuleKey>();
    /** Of those, the ones parsed before: edited since the last analysis. */
    const edited = new Set<string>();
    const queue: ModuleKey[] = [PRELUDE, ...files];
    while (queue.length > 0) {
      const key = queue.shift()!;
      if (loaded.has(key) || unreadable.has(key)) continue;
      const r = this.readModule(key);
      if ("error" in r) {
        unreadable.set(key, r.error);
        continue;
      }
      if (r.notUtf8At !== undefined) {
        const at = r.notUtf8At;
        extra.push(diagnostic("H0107", displayKey(key), { start: at, end: at + 1 }, "this file is not UTF-8: the byte here is not part of any UTF-8 character, and reads as `\uFFFD`; save the file as UTF-8 (it may be Latin-1 or UTF-16)"));
      }
      const before = this.parsed.get(key);
      const p = this.parseModule(key, r.text);
      if (p !== before) reparsed.add(key);
      if (before && p !== before) edited.add(displayKey(key));
      loaded.set(key, p);
      for (const imp of p.decls.imports) if (imp.target && !loaded.has(imp.target)) queue.push(imp.target);
    }
    // Unreadable files the user named: report them once, at the file.
    for (const f of files) {
      const why = unreadable.get(f);
      if (why) extra.push(diagnostic("H0901", f, { start: 0, end: 0 }, `cannot read ${f}: ${why}`));
    }
    // Imports that lead nowhere.
    for (const [key, p] of loaded) {
      for (const imp of p.decls.imports) {
        if (!imp.target || loaded.has(imp.target) || !imp.decl.path) continue;
        extra.push(this.missingImport(key, imp.spec, imp.target, imp.decl.path, files, unreadable.get(imp.target)));
      }
    }
    const cycles = this.importCycles(loaded);
    extra.push(...cycles);
    lap("read+parse");

    // Bind, reusing what is unchanged.
    const prelude = loaded.get(PRELUDE)?.decls;
    const modules = new Map<ModuleKey, ModuleAnalysis>();
    /** Modules re-bound now (changed, or something they import changed), or gone. */
    const changed = new Set<ModuleKey>();
    const declsOf = (k: ModuleKey) => loaded.get(k)?.decls;
    const stdExports = (name: string) => stdExportsOf(this.stdlib, name);
    const stdModule = (name: string) => stdModuleNamed(this.stdlib, name);
    for (const [key, p] of loaded) {
      const deps = p.decls.imports.map((i) => (i.target ? declsOf(i.target) : undefined));
      const preludeFor = key === PRELUDE ? undefined : prelude;
      let b = this.bound.get(key);
      if (!b || b.parsed !== p || b.prelude !== preludeFor || b.deps.length !== deps.length || b.deps.some((d, i) => d !== deps[i])) {
        const ctx = preludeFor ? { declsOf, stdExports, stdModule, prelude: preludeFor } : { declsOf, stdExports, stdModule };
        b = { parsed: p, deps, prelude: preludeFor, binding: bindModule(p.decls, p.parse.tree, ctx) };
        this.bound.set(key, b);
        changed.add(key);
      }
      modules.set(key, {
        key,
        file: displayKey(key),
        source: p.source,
        tree: p.parse.tree,
        decls: p.decls,
        binding: b.binding,
        parse: p.parse,
        diagnostics: [],
        inSystem: false,
      });
    }
    for (const key of [...this.bound.keys()]) {
      if (!loaded.has(key)) {
        this.bound.delete(key);
        changed.add(key);
      }
    }
    for (const key of [...this.parsed.keys()]) if (!loaded.has(key)) this.parsed.delete(key);

    // The system: entry files and everything they import.
    const inSystem = new Set<ModuleKey>();
    const stack = entries.filter((e) => modules.has(e));
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (inSystem.has(k)) continue;
      inSystem.add(k);
      for (const imp of modules.get(k)?.decls.imports ?? []) if (imp.target && modules.has(imp.target)) stack.push(imp.target);
    }
    for (const [k, m] of modules) m.inSystem = inSystem.has(k);

    for (const key of [...this.interfaces.keys()]) if (!modules.has(key)) this.interfaces.delete(key);
    // What depends on a changed module: it, and everything that imports it, transitively.
    const affected = dependents(modules, changed);

    lap("bind");
    const program: ProgramView = { module: (k) => modules.get(k), prelude: () => modules.get(PRELUDE) };
    const checker = this.checker;
    checker.setProgram(program);
    const { rechecked, interfaceChanged } = this.check(modules, changed, affected, reparsed, cycles.length > 0);
    lap("check");
    const all = [...modules.values()];
    const declCycles = findCycles(all);
    for (const m of modules.values()) {
      const bound = oneErrorPerMissingImport(m.binding.unknown.size === 0 ? m.binding.diagnostics : m.binding.diagnostics.map((d) => workspaceImportHint(d, m, modules) ?? d));
      m.diagnostics = [...m.parse.diagnostics, ...m.decls.diagnostics, ...bound, ...checker.diagnosticsOf(m.key)];
    }
    const systemModules = all.filter((m) => m.inSystem && !isStdKey(m.key));
    const stale = new Set([...changed, ...rechecked]);
    this.evaluator.beginAnalysis(program, {
      stale,
      affected,
      sameContext: (k) => this.sameContext(k, stale, reparsed, interfaceChanged, loaded),
      sameDeclaration: (sym) => this.sameDeclaration(sym, stale, reparsed, interfaceChanged, loaded),
      reparsedFiles: new Set([...reparsed].map(displayKey)),
      editedFiles: edited,
    });
    const sys = evaluateSystem(this.evaluator, all, systemModules, checker);
    lap("evaluate");

    // Files that declare parts of a system but are not part of it.
    for (const m of all) {
      if (m.inSystem || isStdKey(m.key)) continue;
      const d = m.tree.decls.find((x) => x.kind === "ServiceDecl" || x.kind === "PoolDecl" || x.kind === "NodeDecl" || x.kind === "BaseDecl" || x.kind === "PolicyDecl" || x.kind === "TerraformDecl");
      if (d) {
        const at = "name" in d && d.name ? d.name : "keyword" in d ? d.keyword : d;
        // The fix imports it from the first entry file (the editor offers it from the file that is open).
        const entry = entries.map((e) => modules.get(e)).find((x) => x !== undefined);
        const fix = entry ? { fix: { message: `import it from ${entry.file}`, file: entry.file, edits: [newImport(entry.decls, entry.tree, `import "./${m.key}"`)] } } : {};
        extra.push(diagnostic("H0506", m.file, { start: at.start, end: at.end }, `${m.file} is not imported by any file of the workspace's top folder, so its declarations are not part of the system: import it (\`import "./${m.key}"\`) or move it up`, fix));
      }
    }

    const trees = new Map(all.map((m) => [m.file, m.tree]));
    const diagnostics = quietInBrokenDeclarations(dedupe([...all.flatMap((m) => m.diagnostics), ...declCycles, ...sys.diagnostics, ...extra]), trees).sort(compareDiagnostics);
    const byFile = new Map([...modules.values()].map((m) => [m.file, m.source]));
    return {
      root: this.root,
      modules,
      entries: entries.filter((e) => modules.has(e)),
      program,
      checker,
      evaluator: sys.evaluator,
      model: sys.model,
      service: sys.service,
      diagnostics,
      hasErrors: hasErrors(diagnostics),
      source: (file) => byFile.get(file),
      stdExports: () => stdExportIndex(this.stdlib),
    };
  }

  /**
   * Type-checks every module, again only where needed: a module that changed,
   * and an importer of a module whose interface (the types of its
   * declarations, types/interface.ts) changed. An edit inside a function's
   * body leaves its importers' checks as they were. With an import cycle
   * there is no order to go by, so everything affected is checked again.
   * Returns the modules checked again and those whose interface changed.
   */
  private check(modules: ReadonlyMap<ModuleKey, ModuleAnalysis>, changed: ReadonlySet<ModuleKey>, affected: ReadonlySet<ModuleKey>, reparsed: ReadonlySet<ModuleKey>, cyclic: boolean): { rechecked: Set<ModuleKey>; interfaceChanged: Set<ModuleKey> } {
    const checker = this.checker;
    if (cyclic) {
      checker.invalidate(affected);
      for (const key of modules.keys()) checker.checkModule(key);
      this.interfaces.clear();
      return { rechecked: new Set(affected), interfaceChanged: new Set(affected) };
    }
    checker.invalidate(changed);
    const interfaceChanged = new Set<ModuleKey>();
    const rechecked = new Set<ModuleKey>();
    for (const key of importOrder(modules)) {
      const m = modules.get(key)!;
      if (checker.isChecked(key) && importsOf(key, m.decls).some((t) => interfaceChanged.has(t))) checker.invalidate([key]);
      if (checker.isChecked(key)) continue;
      rechecked.add(key);
      checker.checkModule(key);
      // Nothing to compare with in the analysis that will not have a next one: every module is new.
      if (this.oneShot) {
        interfaceChanged.add(key);
        continue;
      }
      // Changed: other text, or types holding nodes of a file parsed again (importers' copies point into the old parse).
      const iface = checker.interfaceOf(key);
      const before = this.interfaces.get(key);
      if (!iface || iface.text !== before || [...iface.modules].some((k) => reparsed.has(k))) interfaceChanged.add(key);
      if (iface) this.interfaces.set(key, iface.text);
      else this.interfaces.delete(key);
    }
    return { rechecked, interfaceChanged };
  }

  /**
   * Whether a function or constant evaluates as it did in the last analysis,
   * though its module is stale: the edit that made it stale kept the
   * module's declarations and imports, left its interface and those of what
   * it imports as they were, and did not touch this declaration's text. (It
   * may have moved: the positions evaluation keeps follow it, see `originIn`
   * in eval/evaluator.ts.)
   */
  private sameDeclaration(sym: DeclSymbol, stale: ReadonlySet<ModuleKey>, reparsed: ReadonlySet<ModuleKey>, interfaceChanged: ReadonlySet<ModuleKey>, loaded: ReadonlyMap<ModuleKey, ParsedEntry>): boolean {
    const k = sym.module;
    if (!stale.has(k)) return true;
    const p = loaded.get(k)!;
    return this.sameContext(k, stale, reparsed, interfaceChanged, loaded) && !p.edit!.edited.has(sym) && p.decls.symbols.get(sym.name) === sym;
  }

  /**
   * Whether a module's names mean what they meant in the last analysis: the
   * edit that made it stale kept its declarations (their names and kinds)
   * and its imports, and left its interface and those of what it imports as
   * they were. Its declarations' bodies may have changed.
   */
  private sameContext(k: ModuleKey, stale: ReadonlySet<ModuleKey>, reparsed: ReadonlySet<ModuleKey>, interfaceChanged: ReadonlySet<ModuleKey>, loaded: ReadonlyMap<ModuleKey, ParsedEntry>): boolean {
    if (!stale.has(k)) return true;
    const p = loaded.get(k);
    const edit = reparsed.has(k) ? p?.edit : undefined;
    if (!p || !edit || !edit.sameImports || interfaceChanged.has(k)) return false;
    return !importsOf(k, p.decls).some((t) => interfaceChanged.has(t));
  }

  private missingImport(from: ModuleKey, spec: string, target: ModuleKey, at: { start: number; end: number }, files: string[], why: string | undefined): Diagnostic {
    const file = displayKey(from);
    if (isStdKey(target)) {
      const known = this.stdlib.list().map((m) => "std/" + m.replace(/\.sys$/, ""));
      const meant = closest(spec.replace(/\.sys$/, ""), known);
      return diagnostic("H0203", file, at, `there is no standard-library module \`${spec}\`${meant ? `; did you mean \`${meant}\`?` : `; there are ${known.map((k) => `\`${k}\``).join(", ")}`}`, meant ? { fix: { message: `import \`${meant}\``, edits: [{ span: { start: at.start + 1, end: at.end - 1 }, newText: meant }] } } : {});
    }
    const dir = from.split("/").slice(0, -1).join("/");
    const candidates = files.map((f) => {
      const rel = path.posix.relative(dir || ".", f);
      return rel.startsWith(".") ? rel : "./" + rel;
    });
    const meant = closest(spec, candidates);
    const reason = why && why !== "no such file" ? ` (${why})` : "";
    return diagnostic("H0203", file, at, `cannot find \`${spec}\`${reason}: there is no ${target} in the workspace${meant ? `; did you mean \`${meant}\`?` : ""}`, meant ? { fix: { message: `import \`${meant}\``, edits: [{ span: { start: at.start + 1, end: at.end - 1 }, newText: meant }] } } : {});
  }

  private importCycles(loaded: Map<ModuleKey, ParsedEntry>): Diagnostic[] {
    const out: Diagnostic[] = [];
    const state = new Map<ModuleKey, "visiting" | "done">();
    const stack: ModuleKey[] = [];
    const reported = new Set<string>();
    const visit = (k: ModuleKey) => {
      state.set(k, "visiting");
      stack.push(k);
      for (const imp of loaded.get(k)?.decls.imports ?? []) {
        const t = imp.target;
        if (!t || !loaded.has(t)) continue;
        if (state.get(t) === "visiting") {
          const cycle = [...stack.slice(stack.indexOf(t)), t];
          const id = [...cycle].slice(0, -1).sort().join("|");
          if (!reported.has(id) && imp.decl.path) {
            reported.add(id);
            out.push(diagnostic("H0204", displayKey(k), imp.decl.path, `import cycle: ${cycle.map(displayKey).join(" → ")}; move what both files need into a third file that both import`));
          }
        } else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(k, "done");
    };
    for (const k of [...loaded.keys()].sort()) if (!state.has(k)) visit(k);
    return out;
  }
}

/**
 * An unknown name that one module of the workspace (a file in a sub-folder)
 * declares: where, and the edit that imports it. Made here rather than by the
 * binder, which sees only what a module imports: a module's binding is kept
 * while its imports are unchanged, whatever the other files declare.
 */
function workspaceImportHint(d: Diagnostic, m: ModuleAnalysis, modules: ReadonlyMap<ModuleKey, ModuleAnalysis>): Diagnostic | undefined {
  const unknown = m.binding.unknown.get(d);
  if (!unknown) return undefined;
  const found = moduleExports(modules, m.key).get(unknown.name)?.filter((e) => (e.kind === "type") === unknown.type) ?? [];
  if (found.length !== 1) return undefined;
  const hint = importHint(m.decls, m.tree, unknown.name, found[0]!, d.span);
  // A name another module declares, exactly, is more likely an import forgotten than a slip for a name in scope that is close to it.
  const message = unknown.meant === undefined ? d.message + hint.message : `unknown ${unknown.type ? "type" : "name"} \`${unknown.name}\`${hint.message}; or did you mean \`${unknown.meant}\`?`;
  const { fix: _closest, ...rest } = d;
  return { ...rest, message, ...(hint.fix ? { fix: hint.fix } : {}) };
}

/** The modules a module imports, the prelude (imported by every other module) included. */
function importsOf(key: ModuleKey, decls: ModuleDecls): ModuleKey[] {
  const out = key === PRELUDE ? [] : [PRELUDE];
  for (const i of decls.imports) if (i.target && i.target !== key) out.push(i.target);
  return out;
}

/** The modules that import any of `keys`, directly or not, and `keys` themselves (the prelude is imported by all). */
function dependents(modules: ReadonlyMap<ModuleKey, ModuleAnalysis>, keys: ReadonlySet<ModuleKey>): Set<ModuleKey> {
  const importers = new Map<ModuleKey, ModuleKey[]>();
  for (const [k, m] of modules) {
    for (const t of importsOf(k, m.decls)) {
      let list = importers.get(t);
      if (!list) importers.set(t, (list = []));
      list.push(k);
    }
  }
  const out = new Set<ModuleKey>(keys);
  const stack = [...keys];
  while (stack.length > 0) {
    for (const i of importers.get(stack.pop()!) ?? []) {
      if (out.has(i)) continue;
      out.add(i);
      stack.push(i);
    }
  }
  return out;
}

/** Every module after the modules it imports (the prelude first). Assumes no import cycle. */
function importOrder(modules: ReadonlyMap<ModuleKey, ModuleAnalysis>): ModuleKey[] {
  const out: ModuleKey[] = [];
  const seen = new Set<ModuleKey>();
  const visit = (k: ModuleKey) => {
    if (seen.has(k) || !modules.has(k)) return;
    seen.add(k);
    for (const t of importsOf(k, modules.get(k)!.decls)) visit(t);
    out.push(k);
  };
  for (const k of [...modules.keys()].sort()) visit(k);
  return out;
}

/**
 * Each diagnostic once; and one report per mistake: evaluation (H04xx) says
 * nothing where the type checker (H03xx) already reported an error at the
 * same place (`m["alpah"]` of a record is H0304, not H0402 as well).
 */
function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const typed = new Set<string>();
  for (const d of diags) if (d.code.startsWith("H03") && d.severity === "error") typed.add(`${d.file}|${d.span.start}|${d.span.end}`);
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = `${d.code}|${d.file}|${d.span.start}|${d.span.end}|${d.message}`;
    if (seen.has(key) || (d.code.startsWith("H04") && typed.has(`${d.file}|${d.span.start}|${d.span.end}`))) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

/** Analyses a folder on disk (or in a given file system) in one call. */
export function analyzeFolder(root: string, opts: Omit<WorkspaceOptions, "root"> = {}): Analysis {
  return new Workspace({ root, oneShot: true, ...opts }).analyze();
}
