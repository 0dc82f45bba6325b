// Property tests on random small instances: every hard rule holds in every
// result, results are deterministic, a complete placement is found whenever
// brute force finds one, and a previous placement is kept when nothing needs
// to move.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SystemModel } from "../../language/eval/model.js";
import { lockFromResult, place, violations, type Assignment } from "../../compiler/placement/index.js";
import { system, type MachineSpec, type ServiceSpec } from "./model.js";

const GiB = 2 ** 30;

const machineArb = fc.record({
  cpu: fc.constantFrom(1000, 2000, 4000),
  memory: fc.constantFrom(1, 2, 4).map((g) => g * GiB),
  zone: fc.constantFrom("a", "b", "c", undefined),
  tier: fc.constantFrom("x", "y"),
});

const serviceArb = fc.record({
  replicas: fc.integer({ min: 1, max: 3 }),
  cpu: fc.constantFrom(250, 500, 1000, 1500),
  memory: fc.constantFrom(256, 512, 1024, 1536).map((m) => m * 2 ** 20),
  onTier: fc.constantFrom("x", "y", undefined, undefined),
  spread: fc.constantFrom(undefined, undefined, 1, 2),
  max: fc.constantFrom(undefined, undefined, 1, 2),
  port: fc.constantFrom(undefined, undefined, 80, 443),
  avoid: fc.option(fc.nat(3), { nil: undefined }),
  near: fc.option(fc.nat(3), { nil: undefined }),
  prefer: fc.constantFrom(undefined, undefined, "a", "b"),
});

type Inst = { machines: MachineSpec[]; services: ServiceSpec[] };

const instanceArb = (maxMachines: number, maxServices: number): fc.Arbitrary<Inst> =>
  fc.record({ ms: fc.array(machineArb, { minLength: 1, maxLength: maxMachines }), ss: fc.array(serviceArb, { minLength: 1, maxLength: maxServices }) }).map(({ ms, ss }) => ({
    machines: ms.map((m, i) => ({ name: `m${i + 1}`, cpu: m.cpu, memory: m.memory, labels: { tier: m.tier, ...(m.zone ? { zone: m.zone } : {}) } })),
    services: ss.map((s, i) => {
      const spec: ServiceSpec = { name: `s${i + 1}`, replicas: s.replicas, cpu: s.cpu, memory: s.memory };
      if (s.onTier) spec.on = [{ op: "eq", label: "tier", value: s.onTier }];
      if (s.spread) spec.spread = [{ label: "zone", skew: s.spread }];
      if (s.max) spec.max = s.max;
      if (s.port) spec.ports = [s.port];
      if (s.avoid !== undefined && s.avoid !== i && s.avoid < ss.length) spec.avoid = [`s${s.avoid + 1}`];
      // near only toward earlier services: no near cycles.
      if (s.near !== undefined && s.near < i) spec.near = [`s${s.near + 1}`];
      if (s.prefer) spec.prefer = [{ selector: { op: "eq", label: "zone", value: s.prefer }, weight: 20 }];
      return spec;
    }),
  }));

const modelOf = (i: Inst): SystemModel => system(i.machines, i.services);

/** Every complete assignment, enumerated with cheap pruning; true when one satisfies every rule. */
function bruteForce(model: SystemModel): boolean {
  const reps: { service: string; replica: number }[] = [];
  for (const s of model.services) for (let k = 0; k < s.replicas; k++) reps.push({ service: s.name, replica: k });
  const names = model.machines.map((m) => m.name);
  const cur: Assignment[] = [];
  const go = (i: number): boolean => {
    if (i === reps.length) return violations(model, cur).length === 0;
    for (const m of names) {
      cur.push({ ...reps[i]!, machine: m });
      // Prune with the rules that stay broken once broken (everything but spread and near).
      const bad = violations(model, cur).some((v) => !v.includes("spread") && !v.includes("near"));
      if (!bad && go(i + 1)) return true;
      cur.pop();
    }
    return false;
  };
  return go(0);
}

describe("placement properties", () => {
  it("every hard rule holds in every result, and results are deterministic", () => {
    fc.assert(
      fc.property(instanceArb(6, 4), (inst) => {
        const model = modelOf(inst);
        const r = place({ model, suggest: false });
        expect(violations(model, r.assignments)).toEqual([]);
        expect(r.assignments.length + r.unplaced.length).toBe(model.services.reduce((n, s) => n + s.replicas, 0));
        const again = place({ model: modelOf(inst), suggest: false });
        expect(JSON.stringify(again)).toBe(JSON.stringify(r));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it("finds a complete placement whenever brute force finds one", () => {
    let feasible = 0;
    fc.assert(
      fc.property(instanceArb(4, 3), (inst) => {
        const model = modelOf(inst);
        if (model.services.reduce((n, s) => n + s.replicas, 0) > 7) return;
        const r = place({ model, suggest: false });
        const brute = bruteForce(model);
        if (brute) feasible++;
        if (brute) expect(r.unplaced).toEqual([]);
        if (r.unplaced.length === 0) expect(brute).toBe(true);
      }),
      { numRuns: 250, seed: 7 },
    );
    expect(feasible).toBeGreaterThan(50);
  });

  it("adding a machine or a service moves nothing that does not need to move", () => {
    fc.assert(
      fc.property(instanceArb(6, 4), fc.nat(5), serviceArb, (inst, copyOf, extra) => {
        const model = modelOf(inst);
        const first = place({ model, suggest: false });
        // When something was unplaced, moving others to make room for it is allowed.
        if (first.unplaced.length > 0) return;
        const lock = lockFromResult(model, first);
        // A machine like an existing one (same labels: no new spread domain).
        const template = inst.machines[copyOf % inst.machines.length]!;
        const more = modelOf({ machines: [...inst.machines, { ...template, name: "extra" }], services: inst.services });
        const r1 = place({ model: more, previous: lock, suggest: false });
        expect(r1.moves).toEqual([]);
        expect(violations(more, r1.assignments)).toEqual([]);
        // A new service with no rules toward the others, when it fits in the room left.
        const added: ServiceSpec = { name: "zz", replicas: extra.replicas, cpu: extra.cpu, memory: extra.memory };
        const room = first.machines.reduce((n, m) => n + Math.floor(Math.min((m.usable.cpu - m.used.cpu) / added.cpu, (m.usable.memory - m.used.memory) / added.memory)), 0);
        if (room < added.replicas) return;
        const withService = modelOf({ machines: inst.machines, services: [...inst.services, added] });
        const r2 = place({ model: withService, previous: lock, suggest: false });
        expect(r2.unplaced).toEqual([]);
        expect(r2.moves.filter((m) => m.service !== "zz")).toEqual([]);
        expect(r2.moves.map((m) => m.kind)).toEqual(r2.moves.map(() => "added"));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it("places services that are near each other both ways", () => {
    const model = system(
      [1, 2, 3].map((i) => ({ name: `m${i}`, cpu: 4000, memory: 8 * GiB })),
      [
        { name: "a", replicas: 2, cpu: 500, memory: GiB, near: ["b"], max: 1 },
        { name: "b", replicas: 2, cpu: 500, memory: GiB, near: ["a"], max: 1 },
      ],
    );
    const r = place({ model });
    expect(r.unplaced).toEqual([]);
    expect(violations(model, r.assignments)).toEqual([]);
  });
});
