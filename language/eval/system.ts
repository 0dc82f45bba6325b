// Builds the system model from the modules that make up the system: the
// machines of every pool and node, every service with its placement rules,
// the base every machine gets, and the policy. Also evaluates every constant
// of every loaded module, so a broken value is reported even if unused.
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import type { ModuleInfo } from "../names/module-info.js";
import type { ModuleKey } from "../names/module-key.js";
import type { DeclSymbol } from "../names/symbols.js";
import type * as A from "../syntax/ast.js";
import { walk } from "../syntax/walk.js";
import type { Checker } from "../types/checker.js";
import type { Span } from "../syntax/source.js";
import { formatBytes, formatCpu, type Type } from "../types/types.js";
import { Frame, type Ctx, type Evaluator } from "./evaluator.js";
import {
  emptyPlacement,
  type MachineModel,
  type PolicyModel,
  type PoolModel,
  type ResourcesModel,
  type ServiceModel,
  type SourceRef,
  type SystemModel,
  type TerraformModel,
} from "./model.js";
import { ERROR, NONE, type PlacementValue, type Selector, type Value } from "./values.js";

export interface SystemResult {
  model: SystemModel;
  diagnostics: Diagnostic[];
  evaluator: Evaluator;
  /** The model of the system's service of that name (the one counted, when two files declare it). */
  service(name: string): ServiceModel | undefined;
}

function ref(ctx: Ctx, span: { start: number; end: number }): SourceRef {
  return { file: ctx.module.file, start: span.start, end: span.end };
}

function field(v: Value, name: string): Value {
  return v.t === "record" ? (v.fields.get(name) ?? ERROR) : v.t === "map" ? (v.entries.get(name) ?? ERROR) : ERROR;
}

function num(v: Value, fallback = 0): number {
  return v.t === "int" || v.t === "float" || v.t === "bytes" || v.t === "cpu" || v.t === "duration" ? v.v : fallback;
}

function str(v: Value, fallback = ""): string {
  return v.t === "string" ? v.v : fallback;
}

/** "2 cpu, 4GiB memory, 40GB disk", for messages. */
function capacityText(r: ResourcesModel): string {
  return `${formatCpu(r.cpu)} cpu, ${formatBytes(r.memory)} memory, ${formatBytes(r.disk)} disk`;
}

function resources(v: Value): ResourcesModel {
  return { cpu: num(field(v, "cpu")), memory: num(field(v, "memory")), disk: num(field(v, "disk")) };
}

/** A machine's labels; a label must be plain text, known before placement. */
function labels(v: Value, report?: (key: string, why: string) => void): Record<string, string> {
  const out: Record<string, string> = {};
  const m = v.t === "map" ? v.entries : v.t === "record" ? v.fields : undefined;
  if (!m) return out;
  for (const k of [...m.keys()].sort()) {
    const x = m.get(k)!;
    if (x.t === "string") out[k] = x.v;
    else if (x.t === "deferred") report?.(k, "is known only after placement, but placement reads labels");
    else if (x.t === "template") report?.(k, "contains a package path, which only Nix knows");
  }
  return out;
}

// A pool's machine names and the keys of their evaluation roots, made once
// per declaration (the same object while its file is unchanged) rather than
// as new strings on every analysis.
const machineKeys = new WeakMap<A.PoolDecl, { pool: string; roots: string[]; names: string[] }>();

function machineKeysOf(d: A.PoolDecl, pool: string): { root: (i: number) => string; name: (i: number) => string } {
  let k = machineKeys.get(d);
  if (!k || k.pool !== pool) machineKeys.set(d, (k = { pool, roots: [], names: [] }));
  const { roots, names } = k;
  return {
    root: (i) => (roots[i] ??= `pool@${d.start}#${i}`),
    name: (i) => (names[i] ??= `${pool}-${i + 1}`),
  };
}

// Per pool body, which is the same object while its file is unchanged.
const usesIndexCache = new WeakMap<A.Node, boolean>();

/** Does anything inside `root` refer to the symbol `index`? */
function usesIndex(root: A.Node, mod: ModuleInfo): boolean {
  const hit = usesIndexCache.get(root);
  if (hit !== undefined) return hit;
  const found = findsIndex(root, mod);
  usesIndexCache.set(root, found);
  return found;
}

function findsIndex(root: A.Node, mod: ModuleInfo): boolean {
  let found = false;
  walk(root as A.AnyNode, (n) => {
    if (!found && mod.binding.refs.get(n)?.kind === "index") found = true;
  });
  return found;
}

/**
 * Merges one `terraform` block into the others; a leaf set twice is reported.
 * Only records in `owned` (made by the merge) are changed: the blocks' values
 * are kept for the next analysis, and one merged into in place would clash
 * with itself then.
 */
function mergeTerraform(into: Value, from: Value, path: string[], clash: (path: string[]) => void, owned: Set<Value>): void {
  if (into.t !== "record" || (from.t !== "record" && from.t !== "map")) return;
  const src = from.t === "record" ? from.fields : from.entries;
  // `into` is the merge's own: its fields are a Map it made.
  const fields = into.fields as Map<string, Value>;
  for (const [k, v] of src) {
    const old = fields.get(k);
    if (old === undefined) fields.set(k, v);
    else if (old.t === "record" && (v.t === "record" || v.t === "map")) {
      let target = old;
      if (!owned.has(old)) {
        target = { ...old, fields: new Map(old.fields) };
        owned.add(target);
        fields.set(k, target);
      }
      mergeTerraform(target, v, [...path, k], clash, owned);
    } else clash([...path, k]);
  }
}

// Frames are never written to once made (a binding makes a frame of its own), so one empty frame serves every declaration.
const EMPTY_FRAME = new Frame(new Map());

function emptyFrame(): Frame {
  return EMPTY_FRAME;
}

/**
 * What one module adds to the system: its services and nodes by name, the
 * machines and pools it declares, and what building those reported. Kept
 * per syntax tree, and used again while the module's binding is the same
 * and none of its roots was looked at again since (`Evaluator.untouchedSince`):
 * then every value it was made from is the same, and a keystroke in one file
 * does not walk the declarations of the fifty others. A module with the base,
 * the policy or a `terraform` block (one of each per system) is built every time.
 */
interface ModuleParts {
  binding: ModuleInfo["binding"];
  builtAt: number;
  services: ServicePart[];
  /** The services' names, one per line: the system's names are these, module after module. */
  names: string;
  nodes: { name: string; decl: A.NodeDecl }[];
  machines: MachineModel[];
  pools: PoolModel[];
  diagnostics: Diagnostic[];
  /** The models of its services, in order, when every one of them counts (no other file declares the name). */
  models?: ServiceModel[];
  /** The checks of the services' rules against the system's labels and names (serviceRuleChecks), and what they reported. */
  validated?: { labels: string; names: string; diagnostics: Diagnostic[] };
}

/** A service declaration of a module, with the model made of it when it counted. */
interface ServicePart {
  name: string;
  sym: DeclSymbol;
  model?: ServiceModel;
  /** The index's entry for its name (another file's, when that one counts: H0202), set when the index is made or updated, else found by name once: the passes over every service (a keystroke in a module every file imports makes three) follow it instead of looking the name up each. */
  entry?: ServiceEntry;
}

const moduleParts = new WeakMap<A.SourceFileNode, ModuleParts>();

/** A service of the system: the declaration that counts for its name. */
interface ServiceEntry {
  sym: DeclSymbol;
  ctx: Ctx;
  model?: ServiceModel;
  /** The analysis that last set `model`: an analysis's result answers by name from the entry only while no later one changed it. */
  modelAt: number;
  part: ServicePart;
}

/**
 * What the last analysis of an evaluator's workspace knew of the system's
 * names. While the system's modules declare the same service names as then
 * (and none twice), the index of services by name is the one made then, with
 * the entries of the modules built again updated: a keystroke in one file
 * does not make 2,550 entries again. Each module has one `Ctx` for good,
 * whose module is updated at every analysis, so entries that are kept point
 * at the module as it is now.
 */
interface SystemMemo {
  names: string;
  services: Map<string, ServiceEntry> | undefined;
  ctxs: Map<ModuleKey, Ctx>;
}

const systemMemos = new WeakMap<Evaluator, SystemMemo>();

/**
 * @param modules every loaded module (their constants are all evaluated)
 * @param systemModules the entry files and what they import: their
 *   declarations make up the system
 */
export function evaluateSystem(
  ev: Evaluator,
  modules: readonly ModuleInfo[],
  systemModules: readonly ModuleInfo[],
  checker: Checker,
): SystemResult {
  const diagnostics: Diagnostic[] = [];
  /** Reports a label whose value is not plain text, at the label's field. */
  const badLabel = (ctx: Ctx, body: A.RecordExpr) => (key: string, why: string) => {
    const labelsField = body.fields.find((f) => f.path[0]?.name === "labels");
    const entry = labelsField?.value?.kind === "Record" ? labelsField.value.fields.find((f) => f.path[0]?.name === key) : undefined;
    const at = entry ?? labelsField ?? body;
    diagnostics.push(diagnostic("H0404", ctx.module.file, { start: at.start, end: at.end }, `label \`${key}\` ${why}: labels must be plain text`));
  };

  const machines: MachineModel[] = [];
  const pools: PoolModel[] = [];
  const services: ServiceModel[] = [];
  let memo = systemMemos.get(ev);
  if (!memo) systemMemos.set(ev, (memo = { names: "", services: undefined, ctxs: new Map() }));
  let serviceDecls = new Map<string, ServiceEntry>();
  const nodeDecls = new Map<string, { decl: A.NodeDecl; ctx: Ctx }>();
  /** Per system module: its parts kept from before, or the ones being made now (`fresh`). */
  const partsOf = new Map<ModuleKey, ModuleParts>();
  const kept = new Set<ModuleKey>();
  const fresh = new Set<ModuleKey>();
  let duplicates = false;
  const ctxOf = new Map<ModuleKey, Ctx>();
  let base: Value = NONE;
  let baseSource: SourceRef | undefined;
  let baseDecl: A.BaseDecl | undefined;
  let policy: PolicyModel = { survive: 0, reserve: { cpu: 0, memory: 0, disk: 0 }, maxUtilization: 1 };
  let policyDecl: A.PolicyDecl | undefined;
  const terraform: TerraformModel = { value: { t: "record", fields: new Map() }, sources: [] };
  const mergedTerraform = new Set<Value>([terraform.value]);

  /** A service counts once across the system: the first file (in system order) that declares its name has it. */
  const declareService = (part: ServicePart, ctx: Ctx) => {
    const m = ctx.module;
    const prev = serviceDecls.get(part.name);
    if (prev) part.entry = prev;
    if (prev && prev.ctx.module.file !== m.file) {
      duplicates = true;
      const at = prev.sym.nameSpan;
      const d = part.sym.decl as A.ServiceDecl;
      diagnostics.push(diagnostic("H0202", m.file, d.name!, `service \`${part.name}\` is also declared in ${prev.ctx.module.file}: service names are unique across the system`, { related: [{ file: prev.ctx.module.file, span: { start: at.start, end: at.end }, message: "the other declaration" }] }));
      return;
    }
    if (!prev) serviceDecls.set(part.name, (part.entry = { sym: part.sym, ctx, part, modelAt: ev.analysis }));
  };
  for (const m of systemModules) {
    let ctx = memo.ctxs.get(m.key);
    if (ctx) ctx.module = m;
    else memo.ctxs.set(m.key, (ctx = { module: m }));
    ctxOf.set(m.key, ctx);
    const parts = moduleParts.get(m.tree);
    // The same declarations (the same syntax tree, bound alike): kept whole
    // while none of its roots was looked at again; otherwise what they make
    // is made again, into the same parts (an edit of a module every file
    // imports touches all fifty, and new parts for each would be garbage at
    // every keystroke).
    if (parts && parts.binding === m.binding) {
      partsOf.set(m.key, parts);
      if (ev.untouchedSince(m.key, parts.builtAt)) kept.add(m.key);
      else {
        fresh.add(m.key);
        parts.builtAt = ev.analysis;
        parts.validated = undefined;
      }
      // Indexed loops here and below: this function runs once per analysis and may
      // stay unoptimised, where `for … of` makes an object per item.
      for (let i = 0; i < parts.nodes.length; i++) nodeDecls.set(parts.nodes[i]!.name, { decl: parts.nodes[i]!.decl, ctx });
      continue;
    }
    const made: ModuleParts = { binding: m.binding, builtAt: ev.analysis, services: [], names: "", nodes: [], machines: [], pools: [], diagnostics: [] };
    partsOf.set(m.key, made);
    fresh.add(m.key);
    for (const d of m.tree.decls) {
      if (d.kind === "ServiceDecl" && d.name) {
        const sym = m.decls.symbols.get(d.name.name);
        if (sym?.decl !== d) continue;
        made.services.push({ name: d.name.name, sym });
      }
      if (d.kind === "NodeDecl" && d.name) {
        made.nodes.push({ name: d.name.name, decl: d });
        nodeDecls.set(d.name.name, { decl: d, ctx });
      }
    }
    made.names = made.services.map((p) => p.name).join("\n");
  }

  // The index of services by name: the last one, while the same modules
  // declare the same names (so the same declaration counts for each), with
  // the entries of the modules made again updated; else made anew.
  let names = systemModules.map((m) => `${m.key}\n${partsOf.get(m.key)!.names}`).join("\u0000");
  if (names === lastNames) names = lastNames;
  else lastNames = names;
  const indexKept = memo.services !== undefined && memo.names === names;
  if (indexKept) {
    serviceDecls = memo.services!;
    for (const k of fresh) {
      const parts = partsOf.get(k)!;
      const ctx = ctxOf.get(k)!;
      for (let i = 0; i < parts.services.length; i++) {
        const part = parts.services[i]!;
        const entry = (part.entry ??= serviceDecls.get(part.name)!);
        entry.sym = part.sym;
        entry.ctx = ctx;
        entry.part = part;
        entry.model = undefined;
        entry.modelAt = ev.analysis;
      }
    }
  } else {
    for (const m of systemModules) {
      const parts = partsOf.get(m.key)!;
      const ctx = ctxOf.get(m.key)!;
      for (let i = 0; i < parts.services.length; i++) declareService(parts.services[i]!, ctx);
    }
    memo.names = names;
    memo.services = duplicates ? undefined : serviceDecls;
    for (const k of memo.ctxs.keys()) if (!ctxOf.has(k)) memo.ctxs.delete(k);
  }

  // Cross-service reads (`db.replicas`) evaluate the other service on demand.
  const evalService = (name: string, at?: Span, from?: Ctx): Value => {
    const entry = serviceDecls.get(name);
    if (!entry) return ERROR;
    const d = entry.sym.decl as A.ServiceDecl;
    const schema = checker.schema("Service");
    return ev.root(
      entry.ctx.module.key,
      d,
      () => {
        if (d.value?.kind === "Record" && d.value.block) return ev.evalBody(d, d.value, schema, entry.ctx);
        if (!d.value) return ERROR;
        const value = d.value;
        return ev.coerce(ev.eval(value, emptyFrame(), entry.ctx), schema, value, value, entry.ctx);
      },
      () => (at && from ? ev.report(from, "H0212", at, `service \`${name}\` is read while it is being evaluated: its settings depend on themselves`) : ERROR),
    );
  };
  ev.serviceValue = (name, _module, at, ctx) => evalService(name, at, ctx);
  /** A node's settings: a root, so that what reads them is evaluated again when the node changes. */
  const nodeValue = (d: A.NodeDecl, ctx: Ctx): Value => (d.body ? ev.root(ctx.module.key, d, () => ev.evalBody(d, d.body!, checker.schema("Node"), ctx)) : ERROR);
  ev.machineInfo = (name) => {
    const n = nodeDecls.get(name);
    if (!n) return { existing: false };
    const settings = nodeValue(n.decl, n.ctx);
    const written = n.decl.body?.fields.some((f) => f.path.length === 1 && f.path[0]!.name === "address" && f.value);
    if (!written) return { existing: false };
    const address = field(settings, "address");
    return address.t === "string" ? { existing: true, address: address.v } : { existing: true };
  };

  // Every constant of every module (after the hooks above: a constant may read
  // a service's settings or a node's address).
  for (const m of modules) {
    if (kept.has(m.key)) continue; // every constant of it is evaluated already
    const ctx = { module: m };
    m.decls.symbols.forEach((sym) => {
      if (sym.kind === "let" && ev.done(m.key, sym) === undefined) ev.guarded(ctx, sym.nameSpan, () => ev.letValue(sym));
    });
  }

  for (const m of systemModules) {
    const parts = partsOf.get(m.key)!;
    if (kept.has(m.key)) {
      machines.push(...parts.machines);
      pools.push(...parts.pools);
      diagnostics.push(...parts.diagnostics);
      continue;
    }
    const ctx = ctxOf.get(m.key)!;
    const machinesBefore = machines.length;
    const poolsBefore = pools.length;
    const reportedBefore = diagnostics.length;
    for (let di = 0; di < m.tree.decls.length; di++) {
      const d = m.tree.decls[di]!;
      if (d.kind === "PoolDecl" && d.name && d.body) {
        const body = d.body;
        const name = d.name.name;
        const countField = body.fields.find((f) => f.path.length === 1 && f.path[0]!.name === "count");
        const schema = checker.schema("Pool");
        const indexSym = m.binding.scopes.get(body)?.names.get("index");
        if (countField?.value && usesIndex(countField.value, m)) {
          diagnostics.push(diagnostic("H0212", m.file, countField.value, "a pool's `count` cannot depend on `index`: `index` counts the machines that `count` makes"));
          continue;
        }
        const perMachine = usesIndex(body, m);
        const keys = machineKeysOf(d, name);
        const machineBody = (i: number) => {
          const key = keys.root(i);
          return ev.done(m.key, key) ?? ev.guarded(ctx, d.name!, () => ev.root(m.key, key, () => ev.evalBody(d, body, schema, ctx, indexSym ? new Map([[indexSym, { t: "int", v: i } as Value]]) : new Map())));
        };
        const countValue = machineBody(0);
        const count = Math.max(0, num(field(countValue, "count")));
        const names: string[] = [];
        for (let i = 0; i < count; i++) {
          const v = i === 0 || !perMachine ? countValue : machineBody(i);
          const mname = keys.name(i);
          names.push(mname);
          const cached = poolMachines.get(v)?.get(mname);
          if (cached && cached.source.file === m.file && cached.source.start === d.name.start) {
            machines.push(cached);
            continue;
          }
          const reported = diagnostics.length;
          const machine = field(v, "machine");
          const mm: MachineModel = {
            name: mname,
            pool: name,
            index: i,
            kind: "provisioned",
            machine,
            provider: str(field(machine, "provider")),
            machineType: str(field(machine, "type")),
            location: str(field(machine, "location")),
            system: str(field(machine, "system"), "x86_64-linux"),
            resources: resources(field(machine, "resources")),
            labels: labels(field(v, "labels"), i === 0 ? badLabel(ctx, body) : undefined),
            settings: v,
            source: ref(ctx, d.name),
          };
          machines.push(mm);
          // Kept for the next analysis only when it reported nothing (a hit reports nothing).
          if (diagnostics.length === reported) {
            let byName = poolMachines.get(v);
            if (!byName) poolMachines.set(v, (byName = new Map()));
            byName.set(mname, mm);
          }
        }
        pools.push({ name, count, machines: names, source: ref(ctx, d.name) });
      }
      if (d.kind === "NodeDecl" && d.name && d.body) {
        const v = ev.guarded(ctx, d.name, () => nodeValue(d, ctx));
        const address = field(v, "address");
        const machine = field(v, "machine");
        const hasAddress = address.t === "string" || address.t === "template";
        const hasMachine = machine.t === "record";
        // A field misspelt (`adress`, `resource`) has its error (H0302, with the name as its fix): what it lacks is that.
        const misspelt = (name: string) => misspeltField(d.body!, name, checker.schema("Node"));
        if (v.t === "record" && hasAddress === hasMachine && (hasAddress || !(misspelt("address") || misspelt("machine")))) {
          diagnostics.push(
            diagnostic("H0502", m.file, d.name, hasAddress
              ? `node \`${d.name.name}\` has both \`address\` (an existing machine) and \`machine\` (one to provision): keep one`
              : `node \`${d.name.name}\` needs \`address\` (an existing machine) or \`machine\` (one to provision)`),
          );
        }
        const res = field(v, "resources");
        if (v.t === "record" && hasAddress && !hasMachine && res.t !== "record" && !misspelt("resources")) {
          diagnostics.push(diagnostic("H0502", m.file, d.name, `node \`${d.name.name}\` is an existing machine, so it needs \`resources = { cpu = …, memory = …, disk = … }\`: Herd cannot look them up`));
        }
        if (hasMachine && res.t === "record") {
          // The machine type decides a provisioned machine's capacity.
          const written = d.body?.fields.find((f) => f.path.length === 1 && f.path[0]!.name === "resources");
          const type = str(field(machine, "type"));
          diagnostics.push(
            diagnostic("H0507", m.file, written?.path[0] ?? d.name, `\`resources\` has no effect on node \`${d.name.name}\`: Herd provisions it${type ? ` as a ${type}` : ""}, whose capacity comes from the machine type (${capacityText(resources(field(machine, "resources")))}); remove it, or choose another type`, {
              ...(written ? { fix: { message: "remove `resources`", edits: [{ span: { start: written.start, end: written.end }, newText: "" }] } } : {}),
            }),
          );
        }
        machines.push({
          name: d.name.name,
          kind: hasMachine ? "provisioned" : "existing",
          ...(hasAddress && address.t === "string" ? { address: address.v } : {}),
          ...(hasMachine
            ? { machine, provider: str(field(machine, "provider")), machineType: str(field(machine, "type")), location: str(field(machine, "location")) }
            : {}),
          system: hasMachine ? str(field(machine, "system"), "x86_64-linux") : str(field(v, "system"), "x86_64-linux"),
          resources: resources(hasMachine ? field(machine, "resources") : res),
          labels: labels(field(v, "labels"), badLabel(ctx, d.body)),
          settings: v,
          source: ref(ctx, d.name),
        });
      }
      if (d.kind === "BaseDecl" && d.body) {
        // A first line written twice (`base {` above `base {`): the empty one its syntax error broke is not a base of its own.
        if (baseSource && !(baseDecl?.broken && baseDecl.body!.fields.length === 0)) {
          diagnostics.push(diagnostic("H0210", m.file, d.keyword, `there is already a \`base\` in ${baseSource.file}: a system has one base; merge them`));
          continue;
        }
        baseSource = ref(ctx, d.keyword);
        baseDecl = d;
        base = ev.guarded(ctx, d.keyword, () => ev.root(m.key, d, () => ev.evalBody(d, d.body!, checker.schema("Base"), ctx)));
      }
      if (d.kind === "TerraformDecl" && d.body) {
        const body = d.body;
        const v = ev.guarded(ctx, d.keyword, () => ev.root(m.key, d, () => ev.eval(body, emptyFrame(), ctx)));
        mergeTerraform(terraform.value, v, [], (path) => diagnostics.push(diagnostic("H0208", m.file, d.keyword, `\`${path.join(".")}\` is set by more than one \`terraform\` block`)), mergedTerraform);
        terraform.sources.push(ref(ctx, d.keyword));
      }
      if (d.kind === "PolicyDecl") {
        if (policy.source && !(policyDecl?.broken && policyDecl.items.length === 0)) {
          diagnostics.push(diagnostic("H0210", m.file, d.keyword, `there is already a \`policy\` in ${policy.source.file}: a system has one policy; merge them`));
          continue;
        }
        policy = evalPolicy(ev, checker, d, ctx);
        policyDecl = d;
      }
    }
    parts.machines = machines.slice(machinesBefore);
    parts.pools = pools.slice(poolsBefore);
    parts.diagnostics = diagnostics.slice(reportedBefore);
  }
  if (!baseSource) {
    const anyModule = systemModules[0] ?? modules[0];
    if (anyModule) base = ev.root(anyModule.key, "default base", () => ev.coerce({ t: "record", fields: new Map() }, checker.schema("Base"), undefined, { start: 0, end: 0 }, { module: anyModule }));
  }

  // Files that are not part of the system are still evaluated, for their
  // diagnostics (an editor shows them while the file is not yet imported).
  const systemKeys = new Set(systemModules.map((m) => m.key));
  for (const m of modules) {
    if (systemKeys.has(m.key) || m.key.startsWith("std:")) continue;
    const ctx = { module: m };
    for (const d of m.tree.decls) {
      if (d.kind === "ServiceDecl" && d.value) {
        const value = d.value;
        ev.guarded(ctx, d, () =>
          ev.root(m.key, d, () =>
            value.kind === "Record" && value.block ? ev.evalBody(d, value, checker.schema("Service"), ctx) : ev.coerce(ev.eval(value, emptyFrame(), ctx), checker.schema("Service"), value, value, ctx),
          ),
        );
      } else if ((d.kind === "PoolDecl" || d.kind === "NodeDecl" || d.kind === "BaseDecl") && d.body) {
        const body = d.body;
        const schema = checker.schema(d.kind === "PoolDecl" ? "Pool" : d.kind === "NodeDecl" ? "Node" : "Base");
        const indexSym = d.kind === "PoolDecl" ? m.binding.scopes.get(body)?.names.get("index") : undefined;
        ev.guarded(ctx, d, () => ev.root(m.key, d, () => ev.evalBody(d, body, schema, ctx, indexSym ? new Map([[indexSym, { t: "int", v: 0 } as Value]]) : new Map())));
      }
    }
  }

  // `web-9` names a machine only if pool `web` has at least 9.
  for (const m of modules) {
    if (m.binding.poolMachineRefs.length === 0) continue;
    for (const [node, sym] of m.binding.poolMachineRefs) {
      const pool = pools.find((p) => p.name === sym.pool.name);
      if (pool && sym.number > pool.count) {
        diagnostics.push(diagnostic("H0401", m.file, { start: node.start, end: node.end }, `pool \`${pool.name}\` has ${pool.count} machine${pool.count === 1 ? "" : "s"}, so there is no \`${sym.name}\``));
      }
    }
  }

  // Duplicate machine names (a node called like a pool's machine).
  const seen = new Map<string, MachineModel>();
  for (let i = 0; i < machines.length; i++) {
    const mm = machines[i]!;
    const prev = seen.get(mm.name);
    // Two `node`s of one name in one file are already a duplicate declaration (H0202).
    const sameDecl = prev && !prev.pool && !mm.pool && prev.source.file === mm.source.file;
    if (prev && !sameDecl) {
      diagnostics.push(
        diagnostic("H0501", mm.source.file, mm.source, `two machines are called \`${mm.name}\`${prev.pool ? ` (one is machine ${prev.index! + 1} of pool \`${prev.pool}\`)` : mm.pool ? ` (one is machine ${mm.index! + 1} of pool \`${mm.pool}\`)` : ""}: rename one`, {
          related: [{ file: prev.source.file, span: prev.source, message: "the other machine" }],
        }),
      );
    } else if (!prev) seen.set(mm.name, mm);
  }

  /** A service's model: kept on its root while its value is (made once per value), else made. */
  const serviceModelOf = (entry: ServiceEntry): ServiceModel => {
    const { sym, ctx, part } = entry;
    const done = ev.doneRoot(ctx.module.key, sym.decl);
    const hit = done?.made as ServiceModel | undefined;
    if (hit) return hit;
    const v = done?.value ?? ev.guarded(ctx, sym.nameSpan, () => evalService(part.name));
    const sm = buildServiceModel(part.name, v, sym, ctx);
    const root = done ?? ev.doneRoot(ctx.module.key, sym.decl);
    if (root?.value === v) root.made = sm;
    return sm;
  };

  // The models, module after module (the order the index has them in). A
  // module whose parts are kept, in an index kept too, hands over its models
  // whole; the others are made (or found on their roots) one by one.
  const analysis = ev.analysis;
  for (const m of systemModules) {
    const parts = partsOf.get(m.key)!;
    if (indexKept && kept.has(m.key) && parts.models) {
      services.push(...parts.models);
      continue;
    }
    const models: ServiceModel[] = [];
    let complete = true;
    for (let i = 0; i < parts.services.length; i++) {
      const part = parts.services[i]!;
      const entry = (part.entry ??= serviceDecls.get(part.name)!);
      // Another file's declaration of the name counts (H0202).
      if (entry.part !== part) {
        complete = false;
        continue;
      }
      const sm = serviceModelOf(entry);
      entry.model = part.model = sm;
      entry.modelAt = analysis;
      models.push(sm);
    }
    parts.models = complete ? models : undefined;
    services.push(...models);
  }

  const model: SystemModel = { machines, pools, services, base, policy, terraform, ...(ev.recordOrigins ? { origins: ev.origins } : {}) };
  if (baseSource) model.baseSource = baseSource;

  // The services' rules against the labels machines have and the names of
  // the services, module by module: a module's checks are kept while it is
  // and those are the same (and no name is declared twice, which decides
  // which declaration counts).
  const labelsNow = labelIndex(machines);
  // Source text is needed only to underline a label that is not found.
  const textOf = (f: string) => modules.find((m) => m.file === f)?.source.text;
  const checkRules = serviceRuleChecks(labelsNow, serviceDecls, diagnostics, textOf);
  for (const m of systemModules) {
    const parts = partsOf.get(m.key)!;
    const v = parts.validated;
    if (v && !duplicates && v.labels === labelsNow.key && v.names === names) {
      diagnostics.push(...v.diagnostics);
      continue;
    }
    const before = diagnostics.length;
    for (let i = 0; i < parts.services.length; i++) {
      const part = parts.services[i]!;
      if (part.model && (part.entry ??= serviceDecls.get(part.name))?.part === part) checkRules(part.model);
    }
    parts.validated = duplicates ? undefined : { labels: labelsNow.key, names, diagnostics: diagnostics.slice(before) };
  }
  if (machines.length === 0 && services.some((s) => s.replicas > 0)) {
    const s = services[0]!;
    diagnostics.push(diagnostic("H0505", s.source.file, s.source, "this system has services but no machines: declare a `pool` or a `node` for them to run on"));
  }

  // Kept for the next analysis, unless evaluation ran out of steps (then
  // nothing is). A module with the base, the policy or a `terraform` block
  // (one of each per system) is built every time.
  if (!ev.exhausted) {
    for (const k of fresh) {
      const tree = ctxOf.get(k)!.module.tree;
      if (!tree.decls.some((d) => d.kind === "BaseDecl" || d.kind === "PolicyDecl" || d.kind === "TerraformDecl")) moduleParts.set(tree, partsOf.get(k)!);
    }
  }
  ev.endAnalysis();
  // By name: from the index while no later analysis changed the entry (the
  // index lives on into the next analysis), else from this analysis's models.
  let byName: Map<string, ServiceModel> | undefined;
  const index = serviceDecls;
  const service = (name: string): ServiceModel | undefined => {
    const e = index.get(name);
    if (e && e.modelAt <= analysis) return e.model;
    return (byName ??= new Map(services.map((s) => [s.name, s]))).get(name);
  };
  return { model, diagnostics: [...ev.diagnostics, ...diagnostics], evaluator: ev, service };
}

/** A pool body's value → the machines made of it, by name (one value may make them all). */
const poolMachines = new WeakMap<Value, Map<string, MachineModel>>();

// The model made last for each service declaration. A service evaluated again
// after an edit that changed little of it (a template's health check) shares
// the parts of that model whose values are the very same: less to make, and
// placement's input (compiler/placement/input-key.ts) compares them by pointer.
const lastModels = new WeakMap<A.ServiceDecl, ServiceModel>();

function buildServiceModel(name: string, v: Value, sym: DeclSymbol, ctx: Ctx): ServiceModel {
  const d = sym.decl as A.ServiceDecl;
  const prev = lastModels.get(d);
  const pv = prev?.value;
  const place = field(v, "place");
  const run = field(v, "run");
  const rollout = field(v, "rollout");
  const res = field(v, "resources");
  const placeField = d.value?.kind === "Record" ? d.value.fields.find((f) => f.path[0]?.name === "place") : undefined;
  const sm: ServiceModel = {
    name,
    version: str(field(v, "version"), "0"),
    replicas: num(field(v, "replicas")),
    resources: prev && field(pv!, "resources") === res ? prev.resources : resources(res),
    placement: prev && field(pv!, "place") === place ? prev.placement : place.t === "placement" ? place.rules : emptyPlacement(),
    ports: prev && field(pv!, "run") === run ? prev.ports : portsOf(run),
    run,
    health: field(v, "health"),
    rollout: prev && field(pv!, "rollout") === rollout ? prev.rollout : rolloutOf(rollout),
    value: v,
    source: sameRef(prev?.source, ctx, sym.nameSpan) ? prev!.source : ref(ctx, sym.nameSpan),
  };
  if (placeField) sm.placeSource = sameRef(prev?.placeSource, ctx, placeField) ? prev!.placeSource! : ref(ctx, placeField);
  lastModels.set(d, sm);
  return sm;
}

function sameRef(r: SourceRef | undefined, ctx: Ctx, span: Span): boolean {
  return r !== undefined && r.file === ctx.module.file && r.start === span.start && r.end === span.end;
}

/** The ports a service's replicas bind. */
function portsOf(run: Value): number[] {
  const ports = field(run, "ports");
  const out: number[] = [];
  if (ports.t === "list") {
    for (const p of ports.items) {
      const n = num(p);
      if (n > 0) out.push(n);
    }
  }
  return out;
}

function rolloutOf(rollout: Value): ServiceModel["rollout"] {
  return {
    maxUnavailable: num(field(rollout, "maxUnavailable"), 1),
    maxSurge: num(field(rollout, "maxSurge")),
    healthTimeoutMs: num(field(rollout, "healthTimeout"), 300_000),
    pauseMs: num(field(rollout, "pause")),
  };
}

function evalPolicy(ev: Evaluator, checker: Checker, d: A.PolicyDecl, ctx: Ctx): PolicyModel {
  const fields = d.items.filter((i): i is A.Field => i.kind === "Field");
  const record: A.RecordExpr = { kind: "Record", fields, block: true, start: d.start, end: d.end };
  const v = ev.guarded(ctx, d.keyword, () => ev.root(ctx.module.key, d, () => ev.coerce(ev.eval(record, emptyFrame(), ctx), checker.schema("Policy"), record, d.keyword, ctx)));
  let survive = 0;
  let surviveSource: SourceRef | undefined;
  for (const item of d.items) {
    if (item.kind !== "SurviveRule") continue;
    const n = ev.root(ctx.module.key, item, () => {
      const c = item.count ? ev.eval(item.count, emptyFrame(), ctx) : ERROR;
      return ev.coerce(c, { k: "int", range: { min: 0, max: 100 } }, item.count, item, ctx);
    });
    if (n.t === "int") {
      survive = Math.max(survive, n.v);
      surviveSource = ref(ctx, item);
    }
  }
  const pm: PolicyModel = {
    survive,
    reserve: resources(field(v, "reserve")),
    maxUtilization: num(field(v, "maxUtilization"), 1),
    source: ref(ctx, d.keyword),
  };
  if (surviveSource) pm.surviveSource = surviveSource;
  return pm;
}

// Placement rules whose labels all exist are marked with the labels machines
// had then: while those are the same, the rules are not looked at again (the
// evaluator hands back the same rules object while the text that made them is
// unchanged). A mark on the object rather than a WeakMap entry: this is asked
// of every service at every keystroke. The labels' text is the same string
// while unchanged, so the comparison is by pointer.
const LABELS_FOUND = Symbol("labels found");
let lastKnownKey = "";
/** The system's service names as last seen (see ModuleParts.names): interned like the labels. */
let lastNames = "";

/** The labels machines have, keys and values, and the same as one text (interned: the same string while unchanged, so compared by pointer). */
interface LabelIndex {
  /** Each label key that some machine has, with the values machines give it. */
  known: Map<string, Set<string>>;
  key: string;
  machines: boolean;
}

function labelIndex(machines: readonly MachineModel[]): LabelIndex {
  const known = new Map<string, Set<string>>();
  for (let i = 0; i < machines.length; i++) {
    const labels = machines[i]!.labels;
    for (const k in labels) {
      let values = known.get(k);
      if (!values) known.set(k, (values = new Set()));
      values.add(labels[k]!);
    }
  }
  // With no machines at all, no rule is checked (H0505 says it once): a key of its own.
  let key = machines.length === 0 ? "\u0000no machines" : [...known.keys()].sort().map((k) => `${k}\u0001${[...known.get(k)!].sort().join("\u0001")}`).join("\n");
  if (key === lastKnownKey) key = lastKnownKey;
  else lastKnownKey = key;
  return { known, key, machines: machines.length > 0 };
}

/**
 * The check of a service's rules: labels no machine has (H0503), `avoid` or
 * `near` of itself (H0504) or of a service not in the system (H0213). Made
 * once per analysis (it is run for thousands of services).
 */
function serviceRuleChecks(labels: LabelIndex, services: ReadonlyMap<string, unknown>, diagnostics: Diagnostic[], textOf: (file: string) => string | undefined): (s: ServiceModel) => void {
  const { known } = labels;
  const check = (label: string, origin: SourceRef) => {
    if (!labels.machines || known.has(label)) return;
    // Underline the label itself when the rule names it (it may also come from a variable).
    const at = labelIn(textOf(origin.file), origin, label) ?? origin;
    const meant = closest(label, known.keys());
    diagnostics.push(
      diagnostic("H0503", origin.file, at, `no machine has the label \`${label}\`${meant ? ` (did you mean \`${meant}\`?)` : ""}: this rule can never be satisfied as written`, {
        ...(meant && at !== origin ? { fix: { message: `write \`${meant}\``, edits: [{ span: { start: at.start, end: at.end }, newText: meant }] } } : {}),
      }),
    );
  };
  // A value no machine gives the label, a typo away from one they do (`tier == "fronted"`):
  // said only then, since a rule may name a value for machines yet to come.
  const checkValue = (label: string, value: string, origin: SourceRef, only: boolean) => {
    const values = known.get(label);
    if (!values || values.has(value)) return;
    const meant = closest(value, values);
    if (meant === undefined) return;
    const at = literalIn(textOf(origin.file), origin, value);
    const quoted = JSON.stringify(meant);
    diagnostics.push(
      diagnostic("H0503", origin.file, at ?? origin, `no machine has \`${label}\` = ${JSON.stringify(value)} (did you mean ${quoted}?): ${only ? "this rule can never be satisfied as written" : "this value matches no machine"}`, {
        ...(at ? { fix: { message: `write ${quoted}`, edits: [{ span: at, newText: quoted }] } } : {}),
      }),
    );
  };
  const labelsOf = (sel: Selector, origin: SourceRef): void => {
    switch (sel.op) {
      case "eq":
        check(sel.label, origin);
        checkValue(sel.label, sel.value, origin, true);
        return;
      case "in":
        check(sel.label, origin);
        for (const v of sel.values) checkValue(sel.label, v, origin, sel.values.length === 1);
        return;
      case "ne":
      case "has":
        check(sel.label, origin);
        return;
      case "not":
        return labelsOf(sel.operand, origin);
      case "and":
      case "or":
        for (const o of sel.operands) labelsOf(o, origin);
        return;
    }
  };
  const other = (s: ServiceModel, r: { service: string; origin: SourceRef }, avoid: boolean) => {
    if (r.service === s.name) {
      const help = avoid ? "use `max 1 per node` to keep its replicas apart" : "its replicas are free to share machines already; remove the rule";
      // The rule written in its place (or gone: near itself, or a `max … per node` already set).
      const replacement = avoid && !s.placement.maxPerNode ? "max 1 per node" : "";
      const fix = { message: replacement ? "write `max 1 per node`" : "remove the rule", edits: [{ span: { start: r.origin.start, end: r.origin.end }, newText: replacement }] };
      diagnostics.push(diagnostic("H0504", r.origin.file, r.origin, `service \`${s.name}\` cannot ${avoid ? "avoid" : "be near"} itself: ${help}`, { fix }));
    } else if (!services.has(r.service)) {
      diagnostics.push(diagnostic("H0213", r.origin.file, r.origin, `service \`${r.service}\` is not part of this system: import the file that declares it from an entry file`));
    }
  };
  return (s) => {
    const p = s.placement;
    const marked = p as PlacementValue & { [LABELS_FOUND]?: string };
    if (marked[LABELS_FOUND] !== labels.key) {
      const before = diagnostics.length;
      for (const r of p.on) labelsOf(r.selector, r.origin);
      for (const r of p.prefer) labelsOf(r.selector, r.origin);
      for (const r of p.spread) check(r.label, r.origin);
      if (diagnostics.length === before) marked[LABELS_FOUND] = labels.key;
    }
    for (let i = 0; i < p.avoid.length; i++) other(s, p.avoid[i]!, true);
    for (let i = 0; i < p.near.length; i++) other(s, p.near[i]!, false);
  };
}

/** Where a rule's text has `value` as a string literal (`"fronted"`), if it does. */
function literalIn(text: string | undefined, rule: SourceRef, value: string): Span | undefined {
  if (text === undefined) return undefined;
  const at = text.slice(rule.start, rule.end).indexOf(JSON.stringify(value));
  return at < 0 ? undefined : { start: rule.start + at, end: rule.start + at + JSON.stringify(value).length };
}

/** Where a rule's text names `label` as a whole word, if it does. */
function labelIn(text: string | undefined, rule: SourceRef, label: string): Span | undefined {
  if (text === undefined) return undefined;
  const re = new RegExp(`(?<![A-Za-z0-9_-])${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_-])`, "g");
  re.lastIndex = rule.start;
  const m = re.exec(text);
  return m && m.index + label.length <= rule.end ? { start: m.index, end: m.index + label.length } : undefined;
}

/** Whether a body sets, under a name its schema does not have, a field that is `name` misspelt (the checker's H0302 says so, with the fix). */
function misspeltField(body: A.RecordExpr, name: string, schema: Type): boolean {
  const known = schema.k === "record" ? schema.fields : undefined;
  return body.fields.some((f) => {
    const key = f.path[0]?.name;
    return key !== undefined && key !== name && !known?.has(key) && closest(key, [name]) === name;
  });
}
