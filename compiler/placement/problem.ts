// The system model compiled for placement: live machines by index with
// their usable capacity, machines grouped into classes (same labels, same
// usable capacity: rules can only tell them apart by load), and services
// with their rules resolved against the classes.
import type { MachineModel, ServiceModel, SourceRef, SystemModel } from "../../language/eval/model.js";
import type { Selector } from "../../language/eval/values.js";
import { avoidSets, nearedBy } from "./constraints/affinity.js";
import { matches } from "./constraints/filter.js";
import type { Resources } from "./types.js";

export interface MachineClass {
  labels: Record<string, string>;
  members: number[];
}

export interface SpreadRule {
  label: string;
  skew: number;
  origin: SourceRef;
  /** class → domain index, −1 when the class lacks the label. */
  domainOfClass: Int32Array;
  /** Domain index → label value. */
  values: string[];
}

export interface PService {
  idx: number;
  name: string;
  model: ServiceModel;
  replicas: number;
  cpu: number;
  mem: number;
  disk: number;
  ports: number[];
  /** class → 1 when every `on` rule matches. */
  classOk: Uint8Array;
  eligibleClasses: Int32Array;
  /** Points of the matching `prefer` rules per class; undefined without prefer rules. Shared by the services with the same rules: read only. */
  prefer: Float64Array | undefined;
  spread: SpreadRule[];
  maxPerNode: number;
  /** Services it may not share a machine with (both directions of `avoid`). */
  avoid: number[];
  near: number[];
  /** `near` targets that are not services of this system: never satisfiable. */
  nearUnknown: string[];
  nearedBy: number[];
}

export interface Problem {
  model: SystemModel;
  /** Live machines. */
  names: string[];
  machines: MachineModel[];
  capCpu: Float64Array;
  capMem: Float64Array;
  capDisk: Float64Array;
  classOf: Int32Array;
  classes: MachineClass[];
  machineIndex: Map<string, number>;
  services: PService[];
  serviceIndex: Map<string, number>;
  /** First global replica index of each service. */
  offset: Int32Array;
  /** Global replica index → service. */
  serviceOf: Int32Array;
  totalReplicas: number;
  failed: string[];
}

export function usableCapacity(model: SystemModel, m: MachineModel): Resources {
  const { reserve, maxUtilization } = model.policy;
  const util = maxUtilization > 0 && maxUtilization <= 1 ? maxUtilization : 1;
  return {
    cpu: Math.max(0, Math.floor((m.resources.cpu - reserve.cpu) * util)),
    memory: Math.max(0, Math.floor((m.resources.memory - reserve.memory) * util)),
    disk: Math.max(0, m.resources.disk - reserve.disk),
  };
}

/** No services: shared by the services with no `avoid` or no `near` rules (read only). */
const none: readonly number[] = [];

/**
 * A key that tells selectors apart exactly (the same key, the same
 * selectors): each string is written with its length. Made for every
 * service's rules; `JSON.stringify` of them was a fifth of compiling.
 */
function selectorKey(s: Selector): string {
  switch (s.op) {
    case "eq":
    case "ne":
      return `${s.op}${s.label.length}:${s.label}${s.value.length}:${s.value}`;
    case "in":
      return `in${s.label.length}:${s.label}${s.values.length}[${s.values.map((v) => `${v.length}:${v}`).join("")}]`;
    case "has":
      return `has${s.label.length}:${s.label}`;
    case "not":
      return `not(${selectorKey(s.operand)})`;
    case "and":
    case "or":
      return `${s.op}${s.operands.length}(${s.operands.map(selectorKey).join(")(")})`;
  }
}

function selectorsKey(sels: readonly Selector[]): string {
  return sels.length === 1 ? selectorKey(sels[0]!) : `${sels.length}(${sels.map(selectorKey).join(")(")})`;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

export function compile(model: SystemModel, failed: readonly string[] = []): Problem {
  const down = new Set(failed);
  const machines = model.machines.filter((m) => !down.has(m.name));
  const n = machines.length;
  const capCpu = new Float64Array(n);
  const capMem = new Float64Array(n);
  const capDisk = new Float64Array(n);
  const classOf = new Int32Array(n);
  const classes: MachineClass[] = [];
  const classByKey = new Map<string, number>();
  const machineIndex = new Map<string, number>();
  machines.forEach((m, i) => {
    const u = usableCapacity(model, m);
    capCpu[i] = u.cpu;
    capMem[i] = u.memory;
    capDisk[i] = u.disk;
    machineIndex.set(m.name, i);
    const key = `${u.cpu}/${u.memory}/${u.disk}/${labelKey(m.labels)}`;
    let c = classByKey.get(key);
    if (c === undefined) {
      c = classes.length;
      classByKey.set(key, c);
      classes.push({ labels: m.labels, members: [] });
    }
    classes[c]!.members.push(i);
    classOf[i] = c;
  });

  const serviceIndex = new Map<string, number>();
  model.services.forEach((s, i) => serviceIndex.set(s.name, i));
  const selectorCache = new Map<string, Uint8Array>();
  const classesMatching = (sels: readonly Selector[], key = selectorsKey(sels)): Uint8Array => {
    let hit = selectorCache.get(key);
    if (!hit) {
      hit = new Uint8Array(classes.length);
      classes.forEach((c, i) => (hit![i] = sels.every((s) => matches(s, c.labels)) ? 1 : 0));
      selectorCache.set(key, hit);
    }
    return hit;
  };
  const domainCache = new Map<string, { domainOfClass: Int32Array; values: string[] }>();
  const domains = (label: string, classOk: Uint8Array, okKey: string) => {
    const key = `${label}\u0000${okKey}`;
    let hit = domainCache.get(key);
    if (!hit) {
      const domainOfClass = new Int32Array(classes.length).fill(-1);
      const ids = new Map<string, number>();
      classes.forEach((c, i) => {
        if (!classOk[i] || !Object.hasOwn(c.labels, label)) return;
        const v = c.labels[label]!;
        let d = ids.get(v);
        if (d === undefined) ids.set(v, (d = ids.size));
        domainOfClass[i] = d;
      });
      hit = { domainOfClass, values: [...ids.keys()] };
      domainCache.set(key, hit);
    }
    return hit;
  };

  // Services with the same `on` rules share their eligible classes (there are
  // thousands of services and classes: a scan per service adds up).
  const eligibleCache = new Map<Uint8Array, Int32Array>();
  // And the same `prefer` rules their points (a scan of every class, and an array as long, per service).
  const preferCache = new Map<string, Float64Array>();
  const avoidRaw: (readonly number[])[] = [];
  const nearRaw: (readonly number[])[] = [];
  const services: PService[] = model.services.map((s, idx) => {
    const pl = s.placement;
    const on = pl.on.map((r) => r.selector);
    const onKey = selectorsKey(on);
    const classOk = classesMatching(on, onKey);
    let eligibleClasses = eligibleCache.get(classOk);
    if (!eligibleClasses) {
      const eligible: number[] = [];
      classOk.forEach((ok, c) => ok && eligible.push(c));
      eligibleCache.set(classOk, (eligibleClasses = Int32Array.from(eligible)));
    }
    let prefer: Float64Array | undefined;
    if (pl.prefer.length > 0) {
      const key = pl.prefer.map((r) => `${r.weight}:${selectorKey(r.selector)}`).join("");
      prefer = preferCache.get(key);
      if (!prefer) {
        prefer = new Float64Array(classes.length);
        for (const r of pl.prefer) {
          const m = classesMatching([r.selector]);
          for (let c = 0; c < classes.length; c++) if (m[c]) prefer[c]! += r.weight;
        }
        preferCache.set(key, prefer);
      }
    }
    // (Most services have neither: no lists made for them.)
    avoidRaw.push(pl.avoid.length === 0 ? none : pl.avoid.map((r) => serviceIndex.get(r.service) ?? -1).filter((t) => t >= 0));
    nearRaw.push(pl.near.length === 0 ? none : pl.near.map((r) => serviceIndex.get(r.service) ?? -1).filter((t) => t >= 0 && t !== idx));
    return {
      idx,
      name: s.name,
      model: s,
      replicas: Math.max(0, Math.floor(s.replicas)),
      cpu: s.resources.cpu,
      mem: s.resources.memory,
      disk: s.resources.disk,
      ports: s.ports.length <= 1 ? s.ports.slice() : [...new Set(s.ports)].sort((a, b) => a - b),
      classOk,
      eligibleClasses,
      prefer,
      spread: pl.spread.map((r) => ({ label: r.label, skew: Math.max(0, r.skew), origin: r.origin, ...domains(r.label, classOk, onKey) })),
      maxPerNode: pl.maxPerNode ? Math.max(0, pl.maxPerNode.count) : Infinity,
      avoid: [],
      near: [],
      nearUnknown: pl.near.length === 0 ? [] : pl.near.filter((r) => !serviceIndex.has(r.service)).map((r) => r.service),
      nearedBy: [],
    };
  });
  const av = avoidSets(avoidRaw);
  const nb = nearedBy(nearRaw);
  services.forEach((s, i) => {
    s.avoid = av[i]!;
    s.near = nearRaw[i]!.length === 0 ? [] : [...new Set(nearRaw[i]!)];
    s.nearedBy = nb[i]!;
  });
  const offset = new Int32Array(services.length + 1);
  services.forEach((s, i) => (offset[i + 1] = offset[i]! + s.replicas));
  const total = offset[services.length]!;
  const serviceOf = new Int32Array(total);
  services.forEach((_s, i) => serviceOf.fill(i, offset[i]!, offset[i + 1]!));
  return {
    model,
    names: machines.map((m) => m.name),
    machines,
    capCpu,
    capMem,
    capDisk,
    classOf,
    classes,
    machineIndex,
    services,
    serviceIndex,
    offset,
    serviceOf,
    totalReplicas: total,
    failed: model.machines.filter((m) => down.has(m.name)).map((m) => m.name),
  };
}
