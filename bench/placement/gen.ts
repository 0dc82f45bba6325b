// Random system models for the placement benchmarks, from a seeded PRNG
// (mulberry32): the same seed gives the same instance.
import type { MachineModel, ServiceModel, SystemModel } from "../../language/eval/model.js";
import type { Selector } from "../../language/eval/values.js";

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const origin = { file: "bench.sys", start: 0, end: 0 };
const NONE = { t: "none" } as const;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

export function machineModel(name: string, cpu: number, memory: number, labels: Record<string, string>, pool?: string, index?: number): MachineModel {
  const m: MachineModel = { name, kind: "existing", system: "x86_64-linux", resources: { cpu, memory, disk: 1e12 }, labels, settings: NONE, source: origin };
  if (pool !== undefined) {
    m.pool = pool;
    m.index = index ?? 0;
  }
  return m;
}

export interface Rules {
  on?: Selector[];
  spread?: { label: string; skew: number }[];
  max?: number;
  ports?: number[];
  avoid?: string[];
  near?: string[];
  prefer?: { selector: Selector; weight: number }[];
}

export function serviceModel(name: string, replicas: number, cpu: number, memory: number, rules: Rules = {}): ServiceModel {
  return {
    name,
    version: "1",
    replicas,
    resources: { cpu, memory, disk: 0 },
    placement: {
      on: (rules.on ?? []).map((selector) => ({ selector, origin })),
      prefer: (rules.prefer ?? []).map((p) => ({ ...p, origin })),
      spread: (rules.spread ?? []).map((s) => ({ ...s, origin })),
      maxPerNode: rules.max !== undefined ? { count: rules.max, origin } : undefined,
      avoid: (rules.avoid ?? []).map((service) => ({ service, origin })),
      near: (rules.near ?? []).map((service) => ({ service, origin })),
    },
    ports: rules.ports ?? [],
    run: NONE,
    health: NONE,
    rollout: { maxUnavailable: 1, maxSurge: 0, healthTimeoutMs: 0, pauseMs: 0 },
    value: NONE,
    source: origin,
  };
}

export function systemModel(machines: MachineModel[], services: ServiceModel[]): SystemModel {
  const pools = new Map<string, string[]>();
  for (const m of machines) if (m.pool) pools.set(m.pool, [...(pools.get(m.pool) ?? []), m.name]);
  return {
    machines,
    pools: [...pools].map(([name, ms]) => ({ name, count: ms.length, machines: ms, source: origin })),
    services,
    base: NONE,
    policy: { survive: 0, reserve: { cpu: 0, memory: 0, disk: 0 }, maxUtilization: 1 },
  };
}

const TIERS = ["web", "app", "data", "batch"];
const ZONES = ["z1", "z2", "z3", "z4", "z5"];

/**
 * A large fleet: `machines` machines in 40 pools (4 tiers × 2 machine types ×
 * 5 pools), zones by index; services of `perService` replicas each until
 * `replicas` in all, with a realistic mix of rules.
 */
export function largeInstance(machines: number, replicas: number, perService = 500, seed = 1): SystemModel {
  const r = rng(seed);
  const ms: MachineModel[] = [];
  const poolCount = 40;
  const perPool = Math.ceil(machines / poolCount);
  for (let p = 0; p < poolCount && ms.length < machines; p++) {
    const tier = TIERS[p % 4]!;
    const big = p % 8 >= 4;
    for (let i = 0; i < perPool && ms.length < machines; i++) {
      ms.push(machineModel(`p${p}-${i + 1}`, big ? 64000 : 32000, big ? 256 * GiB : 128 * GiB, { tier, zone: ZONES[i % ZONES.length]! }, `p${p}`, i));
    }
  }
  const ss: ServiceModel[] = [];
  // Services by their `on` rule: a near target runs where its follower may.
  const byOn = new Map<string, string[]>();
  let left = replicas;
  let i = 0;
  while (left > 0) {
    const n = Math.min(perService, left);
    left -= n;
    const rules: Rules = {};
    const x = r();
    if (x < 0.7) rules.on = [{ op: "eq", label: "tier", value: TIERS[Math.floor(r() * 4)]! }];
    if (r() < 0.5) rules.spread = [{ label: "zone", skew: 1 }];
    if (r() < 0.2) rules.max = 2;
    if (r() < 0.05) rules.ports = [8000 + Math.floor(r() * 50)];
    if (r() < 0.1) rules.prefer = [{ selector: { op: "eq", label: "zone", value: ZONES[Math.floor(r() * 5)]! }, weight: 5 }];
    if (i > 0 && r() < 0.02) rules.avoid = [`svc${Math.floor(r() * i)}`];
    const onKey = JSON.stringify(rules.on ?? []);
    const same = byOn.get(onKey) ?? [];
    if (same.length > 0 && r() < 0.01) {
      // Followers go where their target is: no spread of their own.
      rules.near = [same[Math.floor(r() * same.length)]!];
      delete rules.spread;
    }
    byOn.set(onKey, [...same, `svc${i}`]);
    const cpu = [50, 100, 250, 500][Math.floor(r() * 4)]!;
    const mem = [64, 128, 256, 512][Math.floor(r() * 4)]! * MiB;
    ss.push(serviceModel(`svc${i}`, n, cpu, mem, rules));
    i++;
  }
  return systemModel(ms, ss);
}
