// Builds system models directly (no .sys text) for placement tests and benchmarks.
import type { MachineModel, ServiceModel, SystemModel } from "../../language/eval/model.js";
import type { Selector } from "../../language/eval/values.js";

export interface MachineSpec {
  name: string;
  pool?: string;
  cpu: number;
  memory: number;
  disk?: number;
  labels?: Record<string, string>;
}

export interface ServiceSpec {
  name: string;
  replicas: number;
  cpu: number;
  memory: number;
  disk?: number;
  ports?: number[];
  on?: Selector[];
  prefer?: { selector: Selector; weight: number }[];
  spread?: { label: string; skew?: number }[];
  max?: number;
  avoid?: string[];
  near?: string[];
}

const origin = { file: "test.sys", start: 0, end: 0 };
const NONE = { t: "none" } as const;

export function machine(spec: MachineSpec, index = 0): MachineModel {
  const m: MachineModel = {
    name: spec.name,
    kind: "existing",
    system: "x86_64-linux",
    resources: { cpu: spec.cpu, memory: spec.memory, disk: spec.disk ?? 1e12 },
    labels: spec.labels ?? {},
    settings: NONE,
    source: origin,
  };
  if (spec.pool) {
    m.pool = spec.pool;
    m.index = index;
  }
  return m;
}

export function service(spec: ServiceSpec): ServiceModel {
  return {
    name: spec.name,
    version: "1",
    replicas: spec.replicas,
    resources: { cpu: spec.cpu, memory: spec.memory, disk: spec.disk ?? 0 },
    placement: {
      on: (spec.on ?? []).map((selector) => ({ selector, origin })),
      prefer: (spec.prefer ?? []).map((p) => ({ ...p, origin })),
      spread: (spec.spread ?? []).map((s) => ({ label: s.label, skew: s.skew ?? 1, origin })),
      maxPerNode: spec.max !== undefined ? { count: spec.max, origin } : undefined,
      avoid: (spec.avoid ?? []).map((service) => ({ service, origin })),
      near: (spec.near ?? []).map((service) => ({ service, origin })),
    },
    ports: spec.ports ?? [],
    run: NONE,
    health: NONE,
    rollout: { maxUnavailable: 1, maxSurge: 0, healthTimeoutMs: 0, pauseMs: 0 },
    value: NONE,
    source: origin,
  };
}

export function system(machines: MachineSpec[], services: ServiceSpec[], policy: Partial<SystemModel["policy"]> = {}): SystemModel {
  const poolIndex = new Map<string, number>();
  const ms = machines.map((m) => {
    const i = m.pool ? (poolIndex.get(m.pool) ?? 0) : 0;
    if (m.pool) poolIndex.set(m.pool, i + 1);
    return machine(m, i);
  });
  const pools = [...poolIndex.keys()].map((name) => ({ name, count: poolIndex.get(name)!, machines: ms.filter((m) => m.pool === name).map((m) => m.name), source: origin }));
  return {
    machines: ms,
    pools,
    services: services.map(service),
    base: NONE,
    policy: { survive: 0, reserve: { cpu: 0, memory: 0, disk: 0 }, maxUtilization: 1, ...policy },
  };
}
