// herd.lock: the previous placement, committed next to the .sys files so the
// next plan moves as little as it can. Deterministic JSON (keys sorted, two
// spaces, a final newline): a version, and per service the replica → machine
// list and a hash of the settings placement depends on, so a change of
// rules is seen.
import type { ServiceModel, SystemModel } from "../../language/eval/model.js";
import type { Lock, Move, PlacementResult } from "./types.js";

export const LOCK_VERSION = 1;

export class LockError extends Error {}

/** cyrb53: a small, well-mixed 53-bit string hash. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/** A hash of what placement reads from a service, besides its replica count. */
export function serviceHash(s: ServiceModel): string {
  return hash53(serviceSettingsText(s));
}

// The rules' part of a service's settings as text (placement's input, and the
// lock's hash), per rules object: the evaluator hands back the same rules
// while the text that made them is unchanged, even when the service around
// them was evaluated again (language/eval/call-memo.ts). Not the rules as a
// person reads them: that is rules-text.ts.
const rulesKeys = new WeakMap<ServiceModel["placement"], string>();

export function rulesKey(p: ServiceModel["placement"]): string {
  let t = rulesKeys.get(p);
  if (t === undefined) {
    const rules = {
      on: p.on.map((r) => r.selector),
      prefer: p.prefer.map((r) => [r.selector, r.weight]),
      spread: p.spread.map((r) => [r.label, r.skew]),
      max: p.maxPerNode?.count ?? null,
      avoid: p.avoid.map((r) => r.service).sort(),
      near: p.near.map((r) => r.service).sort(),
    };
    rulesKeys.set(p, (t = JSON.stringify(rules).slice(1)));
  }
  return t;
}

/** A service's placement-relevant settings (resources, ports, rules; no positions) as text. */
export function serviceSettingsText(s: ServiceModel): string {
  const r = s.resources;
  const ports = s.ports.length > 1 ? [...s.ports].sort((a, b) => a - b) : s.ports;
  return `{"resources":[${r.cpu},${r.memory},${r.disk}],"ports":[${ports.join(",")}],${rulesKey(s.placement)}`;
}

export function lockFromResult(model: SystemModel, result: PlacementResult): Lock {
  const services: Lock["services"] = {};
  const byService = new Map<string, (string | null)[]>();
  for (const s of model.services) byService.set(s.name, Array.from({ length: Math.max(0, s.replicas) }, () => null));
  for (const a of result.assignments) {
    const list = byService.get(a.service);
    if (list && a.replica < list.length) list[a.replica] = a.machine;
  }
  for (const s of [...model.services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    services[s.name] = { hash: serviceHash(s), replicas: byService.get(s.name)! };
  }
  return { version: LOCK_VERSION, services };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

export function serializeLock(lock: Lock): string {
  return JSON.stringify(sortKeys(lock), null, 2) + "\n";
}

export function parseLock(text: string): Lock {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new LockError(`not valid JSON (${(e as Error).message})`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new LockError("expected a JSON object");
  const o = v as Record<string, unknown>;
  if (o["version"] !== LOCK_VERSION) throw new LockError(`unsupported version ${JSON.stringify(o["version"])} (expected ${LOCK_VERSION})`);
  const services = o["services"];
  if (!services || typeof services !== "object" || Array.isArray(services)) throw new LockError("`services` must be an object");
  const out: Lock = { version: LOCK_VERSION, services: {} };
  for (const [name, entry] of Object.entries(services as Record<string, unknown>)) {
    if (!entry || typeof entry !== "object") throw new LockError(`service ${JSON.stringify(name)}: expected an object`);
    const e = entry as Record<string, unknown>;
    const replicas = e["replicas"];
    if (!Array.isArray(replicas) || !replicas.every((r) => r === null || typeof r === "string")) {
      throw new LockError(`service ${JSON.stringify(name)}: \`replicas\` must be a list of machine names or null`);
    }
    out.services[name] = { hash: typeof e["hash"] === "string" ? e["hash"] : "", replicas: replicas as (string | null)[] };
  }
  return out;
}

/** Services whose placement settings differ from the lock's. */
export function changedServices(model: SystemModel, previous: Lock | undefined): string[] {
  if (!previous) return [];
  return model.services.filter((s) => previous.services[s.name] && previous.services[s.name]!.hash !== serviceHash(s)).map((s) => s.name);
}

/** What changed between the previous placement and this one. */
export function diffMoves(model: SystemModel, previous: Lock | undefined, assignments: PlacementResult["assignments"]): Move[] {
  if (!previous) return [];
  const now = new Map<string, (string | undefined)[]>();
  for (const s of model.services) now.set(s.name, Array.from({ length: Math.max(0, s.replicas) }));
  for (const a of assignments) now.get(a.service)![a.replica] = a.machine;
  const names = [...model.services.map((s) => s.name), ...Object.keys(previous.services).filter((n) => !now.has(n)).sort()];
  const moves: Move[] = [];
  for (const service of names) {
    const before = previous.services[service]?.replicas ?? [];
    const after = now.get(service);
    const count = Math.max(before.length, after?.length ?? 0);
    for (let replica = 0; replica < count; replica++) {
      const from = before[replica] ?? undefined;
      const to = after?.[replica];
      if (from === to) continue;
      if (from === undefined) moves.push({ service, replica, kind: "added", to });
      else if (to !== undefined) moves.push({ service, replica, kind: "moved", from, to });
      else if (!after || replica >= after.length) moves.push({ service, replica, kind: "removed", from });
      else moves.push({ service, replica, kind: "unplaced", from });
    }
  }
  return moves;
}
