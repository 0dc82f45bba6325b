// An independent check of a placement against every hard rule, written
// directly from the rules' definitions (no shared state with the solver):
// tests run every result through it. Returns the violations found.
import type { SystemModel } from "../../language/eval/model.js";
import { matches } from "./constraints/filter.js";
import { usableCapacity } from "./problem.js";
import type { Assignment } from "./types.js";

export function violations(model: SystemModel, assignments: readonly Assignment[], failed: readonly string[] = []): string[] {
  const out: string[] = [];
  const down = new Set(failed);
  const machines = new Map(model.machines.filter((m) => !down.has(m.name)).map((m) => [m.name, m]));
  const services = new Map(model.services.map((s) => [s.name, s]));
  const on = new Map<string, Map<string, number>>(); // machine → service → count
  const seen = new Set<string>();
  for (const a of assignments) {
    const key = `${a.service}#${a.replica}`;
    if (seen.has(key)) out.push(`${key} placed twice`);
    seen.add(key);
    const m = machines.get(a.machine);
    const s = services.get(a.service);
    if (!m) out.push(`${key} on unknown or failed machine ${a.machine}`);
    if (!s) out.push(`${key}: unknown service`);
    if (!m || !s) continue;
    if (a.replica < 0 || a.replica >= s.replicas) out.push(`${key}: no such replica`);
    const here = on.get(m.name) ?? new Map<string, number>();
    on.set(m.name, here);
    here.set(s.name, (here.get(s.name) ?? 0) + 1);
    for (const r of s.placement.on) if (!matches(r.selector, m.labels)) out.push(`${key} on ${m.name}: on rule fails`);
  }
  for (const [mname, here] of on) {
    const m = machines.get(mname)!;
    const cap = usableCapacity(model, m);
    let cpu = 0;
    let mem = 0;
    let disk = 0;
    const ports = new Map<number, number>();
    for (const [sname, k] of here) {
      const s = services.get(sname)!;
      cpu += s.resources.cpu * k;
      mem += s.resources.memory * k;
      disk += s.resources.disk * k;
      for (const p of new Set(s.ports)) ports.set(p, (ports.get(p) ?? 0) + k);
      if (s.placement.maxPerNode && k > s.placement.maxPerNode.count) out.push(`${mname}: ${k} replicas of ${sname} (max ${s.placement.maxPerNode.count})`);
      for (const r of s.placement.avoid) if (r.service !== sname && (here.get(r.service) ?? 0) > 0) out.push(`${mname}: ${sname} with ${r.service} (avoid)`);
      for (const r of s.placement.near) if ((here.get(r.service) ?? 0) === 0) out.push(`${mname}: ${sname} without ${r.service} (near)`);
    }
    if (cpu > cap.cpu) out.push(`${mname}: cpu ${cpu} > ${cap.cpu}`);
    if (mem > cap.memory) out.push(`${mname}: memory ${mem} > ${cap.memory}`);
    if (disk > cap.disk) out.push(`${mname}: disk ${disk} > ${cap.disk}`);
    for (const [p, k] of ports) if (k > 1) out.push(`${mname}: port ${p} bound ${k} times`);
  }
  for (const s of model.services) {
    const placed = assignments.filter((a) => a.service === s.name);
    for (const r of s.placement.spread) {
      const eligible = [...machines.values()].filter((m) => s.placement.on.every((o) => matches(o.selector, m.labels)));
      const counts = new Map<string, number>();
      for (const m of eligible) if (Object.hasOwn(m.labels, r.label)) counts.set(m.labels[r.label]!, 0);
      for (const a of placed) {
        const v = machines.get(a.machine)?.labels[r.label];
        if (v === undefined || !counts.has(v)) {
          out.push(`${s.name}#${a.replica} on ${a.machine}: no ${r.label} domain (spread)`);
          continue;
        }
        counts.set(v, counts.get(v)! + 1);
      }
      if (counts.size === 0) continue;
      const cs = [...counts.values()];
      const hi = Math.max(...cs);
      if (placed.length === s.replicas) {
        if (hi - Math.min(...cs) > r.skew) out.push(`${s.name}: spread by ${r.label} off balance (${cs.join(",")}) skew ${r.skew}`);
      } else {
        const deficit = cs.reduce((d, c) => d + Math.max(0, hi - r.skew - c), 0);
        const even = r.skew > 0 || (s.replicas % cs.length === 0 && hi <= s.replicas / cs.length) || placed.length === 0;
        if (placed.length + deficit > s.replicas || !even) out.push(`${s.name}: spread by ${r.label} cannot be completed (${cs.join(",")})`);
      }
    }
  }
  return out;
}
