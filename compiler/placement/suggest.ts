// The smallest change that would place what could not be placed, found by
// trial placements on edited copies of the model: one or more machines
// added to a pool, a looser `spread` or `max per node`, or fewer replicas.
import type { MachineModel, SystemModel } from "../../language/eval/model.js";
import type { PlaceOptions, PlacementResult, Reason } from "./types.js";

type PlaceFn = (opts: PlaceOptions) => PlacementResult;

/** Trials are full placements: only for systems up to this many replicas × machines. */
const TRIAL_LIMIT = 2_000_000;
const MAX_ADDED = 8;

function withPoolGrown(model: SystemModel, pool: string, n: number): SystemModel | undefined {
  const p = model.pools.find((x) => x.name === pool);
  if (!p || p.machines.length === 0) return undefined;
  const members = model.machines.filter((m) => m.pool === pool);
  if (members.length === 0) return undefined;
  const names = new Set(model.machines.map((m) => m.name));
  const added: MachineModel[] = [];
  for (let i = 0; i < n; i++) {
    const index = p.count + i;
    const name = `${pool}-${index + 1}`;
    if (names.has(name)) return undefined;
    added.push({ ...members[index % members.length]!, name, index });
  }
  const last = model.machines.lastIndexOf(members[members.length - 1]!);
  const machines = [...model.machines.slice(0, last + 1), ...added, ...model.machines.slice(last + 1)];
  const pools = model.pools.map((x) => (x.name === pool ? { ...x, count: x.count + n, machines: [...x.machines, ...added.map((a) => a.name)] } : x));
  return { ...model, machines, pools };
}

function withService(model: SystemModel, name: string, edit: (s: SystemModel["services"][number]) => SystemModel["services"][number]): SystemModel {
  return { ...model, services: model.services.map((s) => (s.name === name ? edit(s) : s)) };
}

export function suggestFixes(model: SystemModel, result: PlacementResult, placeFn: PlaceFn, previous: PlaceOptions["previous"]): Map<string, string> {
  const out = new Map<string, string>();
  const unplacedBy = new Map<string, { count: number; reasons: Reason[] }>();
  for (const u of result.unplaced) {
    const e = unplacedBy.get(u.service);
    if (e) e.count++;
    else unplacedBy.set(u.service, { count: 1, reasons: u.reasons });
  }
  const replicas = model.services.reduce((n, s) => n + s.replicas, 0);
  const trials = replicas * Math.max(1, model.machines.length) <= TRIAL_LIMIT;
  const failed = result.failed;
  const placesAll = (m: SystemModel, service: string): boolean => {
    const r = placeFn({ model: m, previous, failed, suggest: false });
    return !r.unplaced.some((u) => u.service === service) && r.unplaced.length <= result.unplaced.length - (unplacedBy.get(service)?.count ?? 0);
  };
  for (const [service, { count, reasons }] of unplacedBy) {
    const s = model.services.find((x) => x.name === service)!;
    const options: string[] = [];
    if (trials) {
      // More machines: the fewest, in the first pool (declaration order) where that works.
      let best: { pool: string; n: number; count: number } | undefined;
      for (const pool of model.pools) {
        for (let n = 1; n <= Math.min(MAX_ADDED, Math.max(count, 1)) && (!best || n < best.n); n++) {
          const grown = withPoolGrown(model, pool.name, n);
          if (!grown) break;
          if (placesAll(grown, service)) {
            best = { pool: pool.name, n, count: pool.count + n };
            break;
          }
        }
      }
      if (best) options.push(`add ${best.n === 1 ? "one more machine" : `${best.n} more machines`} to pool ${best.pool} (count = ${best.count})`);
      const rules = new Set(reasons.map((r) => r.rule));
      const pl = s.placement;
      if (rules.has("spread")) {
        for (const r of pl.spread) {
          for (let skew = r.skew + 1; skew <= r.skew + 3; skew++) {
            const edited = withService(model, service, (x) => ({ ...x, placement: { ...x.placement, spread: x.placement.spread.map((y) => (y === r ? { ...y, skew } : y)) } }));
            if (placesAll(edited, service)) {
              options.push(`spread by ${r.label} skew ${skew}`);
              break;
            }
          }
        }
      }
      if (rules.has("max-per-node") && pl.maxPerNode) {
        const mx = pl.maxPerNode;
        for (let k = mx.count + 1; k <= mx.count + 3; k++) {
          const edited = withService(model, service, (x) => ({ ...x, placement: { ...x.placement, maxPerNode: { ...mx, count: k } } }));
          if (placesAll(edited, service)) {
            options.push(`max ${k} per node`);
            break;
          }
        }
      }
    }
    // A port another service binds too: the two never share a machine.
    if (trials && reasons.some((r) => r.rule === "port")) {
      const holders = model.services.filter((o) => o !== s && o.ports.some((port) => s.ports.includes(port)));
      const shared = s.ports.filter((port) => holders.some((o) => o.ports.includes(port)));
      if (shared.length > 0) {
        let free = Math.max(...model.services.flatMap((o) => o.ports)) + 1;
        const moved = new Map(shared.map((port) => [port, free++]));
        if (placesAll(withService(model, service, (x) => ({ ...x, ports: x.ports.map((port) => moved.get(port) ?? port) })), service)) {
          options.push(`bind a port of its own instead of ${shared.join(", ")} (${holders.map((o) => o.name).join(", ")} bind${holders.length === 1 ? "s" : ""} it too)`);
        }
      }
    }
    const placed = s.replicas - count;
    if (placed > 0) options.push(`replicas = ${placed}`);
    if (options.length > 0) out.set(service, options.join(", or "));
  }
  return out;
}
