// A placement in progress: which machine each replica is on, the load of
// every machine, replica counts per service and machine, ports in use, the
// spread trackers. `check` decides whether one more replica of a service may
// go on a machine, with every hard constraint, and names the first rule
// that forbids it (in the order explanations use).
import { SpreadTracker } from "./constraints/spread.js";
import type { Problem, PService } from "./problem.js";

export const W = {
  OK: 0,
  ON: 1,
  SPREAD_LABEL: 2,
  SPREAD: 3,
  MAX: 4,
  PORT: 5,
  AVOID: 6,
  NEAR: 7,
  CPU: 8,
  MEMORY: 9,
  DISK: 10,
  DOWN: 11,
} as const;
export type Why = (typeof W)[keyof typeof W];

/** How a replica got its machine (see PlacedBy). */
export const BY = { NONE: 0, LOCK: 1, GREEDY: 2, REPAIR: 3, SEARCH: 4, BALANCE: 5 } as const;

export class State {
  readonly uc: Float64Array;
  readonly um: Float64Array;
  readonly ud: Float64Array;
  /** Replica → machine, −1 when unplaced. */
  readonly assign: Int32Array;
  /** Replicas that must stay (kept from the previous placement). */
  readonly pinned: Uint8Array;
  readonly by: Uint8Array;
  /** Per service: machine → number of its replicas there. */
  readonly cnt: Map<number, number>[];
  readonly placed: Int32Array;
  /**
   * Per machine, the ports its replicas bind (once per replica binding it),
   * undefined while none. A machine runs few replicas, so a scan of its list
   * beats a lookup in one map keyed port × machine (and a dense array per
   * port costs ports × machines: gigabytes when every service has its own).
   */
  private readonly portsOn: (number[] | undefined)[];
  readonly spread: SpreadTracker[][];
  /** Replicas on each machine, and each replica's slot in that list. */
  readonly onMachine: number[][];
  private readonly slot: Int32Array;
  /** Machines taken as down without recompiling (failure analysis): they take no replica. */
  readonly down: Uint8Array;
  /** Called whenever a machine's load changes. */
  onLoad: ((m: number) => void) | undefined;

  constructor(readonly p: Problem) {
    const n = p.names.length;
    this.uc = new Float64Array(n);
    this.um = new Float64Array(n);
    this.ud = new Float64Array(n);
    this.assign = new Int32Array(p.totalReplicas).fill(-1);
    this.pinned = new Uint8Array(p.totalReplicas);
    this.by = new Uint8Array(p.totalReplicas);
    this.slot = new Int32Array(p.totalReplicas).fill(-1);
    this.cnt = p.services.map(() => new Map());
    this.placed = new Int32Array(p.services.length);
    this.spread = p.services.map((s) => s.spread.map((r) => new SpreadTracker(r.values.length, s.replicas, r.skew)));
    this.onMachine = Array.from({ length: n }, () => []);
    this.down = new Uint8Array(n);
    this.portsOn = new Array<number[] | undefined>(n).fill(undefined);
  }

  /** The first port of s that another replica on m binds already. */
  portTaken(s: PService, m: number): number | undefined {
    const bound = this.portsOn[m];
    if (bound === undefined) return undefined;
    for (const port of s.ports) if (bound.includes(port)) return port;
    return undefined;
  }

  private bindPorts(s: PService, m: number, delta: 1 | -1): void {
    let bound = this.portsOn[m];
    if (delta > 0) {
      if (bound === undefined) this.portsOn[m] = bound = [];
      for (const port of s.ports) bound.push(port);
      return;
    }
    if (bound === undefined) return;
    for (const port of s.ports) {
      const at = bound.lastIndexOf(port);
      if (at >= 0) bound.splice(at, 1);
    }
    if (bound.length === 0) this.portsOn[m] = undefined;
  }

  count(s: number, m: number): number {
    return this.cnt[s]!.get(m) ?? 0;
  }

  /** Utilisation of a machine: the larger of its cpu and memory shares. */
  share(m: number): number {
    const c = this.p.capCpu[m]!;
    const mm = this.p.capMem[m]!;
    const a = c > 0 ? this.uc[m]! / c : this.uc[m]! > 0 ? Infinity : 0;
    const b = mm > 0 ? this.um[m]! / mm : this.um[m]! > 0 ? Infinity : 0;
    return a > b ? a : b;
  }

  /** Utilisation of a machine with one more replica of s. */
  shareAfter(s: PService, m: number): number {
    const c = this.p.capCpu[m]!;
    const mm = this.p.capMem[m]!;
    const uc = this.uc[m]! + s.cpu;
    const um = this.um[m]! + s.mem;
    const a = c > 0 ? uc / c : uc > 0 ? Infinity : 0;
    const b = mm > 0 ? um / mm : um > 0 ? Infinity : 0;
    return a > b ? a : b;
  }

  /** The machine-independent part of the spread rules: may s take one more replica in this class? */
  spreadAllows(s: PService, cls: number): Why {
    const trackers = this.spread[s.idx]!;
    for (let i = 0; i < s.spread.length; i++) {
      const d = s.spread[i]!.domainOfClass[cls]!;
      if (d < 0) return W.SPREAD_LABEL;
      if (!trackers[i]!.canAdd(d)) return W.SPREAD;
    }
    return W.OK;
  }

  /**
   * Everything but the class-level rules (`on`, spread). With `deferNear`, a
   * near target that is not fully placed yet does not forbid (the exact
   * search checks near rules once every replica has a machine).
   */
  checkMachine(s: PService, m: number, deferNear = false): Why {
    const p = this.p;
    const cnt = this.cnt[s.idx]!;
    if ((cnt.size > 0 ? (cnt.get(m) ?? 0) : 0) >= s.maxPerNode) return W.MAX;
    if (s.ports.length > 0 && this.portTaken(s, m) !== undefined) return W.PORT;
    for (const a of s.avoid) if ((this.cnt[a]!.get(m) ?? 0) > 0) return W.AVOID;
    if (s.nearUnknown.length > 0) return W.NEAR;
    for (const t of s.near) {
      if ((this.cnt[t]!.get(m) ?? 0) > 0) continue;
      if (deferNear && this.placed[t]! < this.p.services[t]!.replicas) continue;
      return W.NEAR;
    }
    if (this.uc[m]! + s.cpu > p.capCpu[m]!) return W.CPU;
    if (this.um[m]! + s.mem > p.capMem[m]!) return W.MEMORY;
    if (this.ud[m]! + s.disk > p.capDisk[m]!) return W.DISK;
    return W.OK;
  }

  /** May one more replica of s go on machine m? */
  check(s: PService, m: number, deferNear = false): Why {
    if (this.down[m]) return W.DOWN;
    const cls = this.p.classOf[m]!;
    if (!s.classOk[cls]) return W.ON;
    const w = this.spreadAllows(s, cls);
    if (w !== W.OK) return w;
    return this.checkMachine(s, m, deferNear);
  }

  add(r: number, m: number, by: number): void {
    const p = this.p;
    const si = p.serviceOf[r]!;
    const s = p.services[si]!;
    this.assign[r] = m;
    this.by[r] = by;
    this.uc[m]! += s.cpu;
    this.um[m]! += s.mem;
    this.ud[m]! += s.disk;
    const cnt = this.cnt[si]!;
    cnt.set(m, (cnt.get(m) ?? 0) + 1);
    this.placed[si]!++;
    if (s.ports.length > 0) this.bindPorts(s, m, 1);
    const cls = p.classOf[m]!;
    const trackers = this.spread[si]!;
    for (let i = 0; i < s.spread.length; i++) {
      const d = s.spread[i]!.domainOfClass[cls]!;
      if (d >= 0) trackers[i]!.add(d);
    }
    const list = this.onMachine[m]!;
    this.slot[r] = list.length;
    list.push(r);
    this.onLoad?.(m);
  }

  remove(r: number): void {
    const p = this.p;
    const m = this.assign[r]!;
    if (m < 0) return;
    const si = p.serviceOf[r]!;
    const s = p.services[si]!;
    this.assign[r] = -1;
    this.by[r] = 0;
    this.pinned[r] = 0;
    this.uc[m]! -= s.cpu;
    this.um[m]! -= s.mem;
    this.ud[m]! -= s.disk;
    const cnt = this.cnt[si]!;
    const c = cnt.get(m)! - 1;
    if (c === 0) cnt.delete(m);
    else cnt.set(m, c);
    this.placed[si]!--;
    if (s.ports.length > 0) this.bindPorts(s, m, -1);
    const cls = p.classOf[m]!;
    const trackers = this.spread[si]!;
    for (let i = 0; i < s.spread.length; i++) {
      const d = s.spread[i]!.domainOfClass[cls]!;
      if (d >= 0) trackers[i]!.remove(d);
    }
    const list = this.onMachine[m]!;
    const at = this.slot[r]!;
    const last = list.pop()!;
    if (last !== r) {
      list[at] = last;
      this.slot[last] = at;
    }
    this.slot[r] = -1;
    this.onLoad?.(m);
  }

  /** May replica r leave its machine without stranding a service that is near its service there? */
  canRemove(r: number): boolean {
    const m = this.assign[r]!;
    const si = this.p.serviceOf[r]!;
    if (this.count(si, m) !== 1) return true;
    for (const d of this.p.services[si]!.nearedBy) if (this.count(d, m) > 0) return false;
    return true;
  }

  /** Free replicas of s (not yet placed), in replica order. */
  unplacedOf(s: number): number[] {
    const out: number[] = [];
    for (let r = this.p.offset[s]!; r < this.p.offset[s + 1]!; r++) if (this.assign[r]! < 0) out.push(r);
    return out;
  }

  /** Does every placed replica of s have its near targets on its machine? */
  nearHolds(s: PService): boolean {
    for (const m of this.cnt[s.idx]!.keys()) for (const t of s.near) if (this.count(t, m) === 0) return false;
    return s.nearUnknown.length === 0 || this.placed[s.idx] === 0;
  }

  peak(): number {
    let best = 0;
    for (let m = 0; m < this.p.names.length; m++) {
      const x = this.share(m);
      if (x > best) best = x;
    }
    return best;
  }
}
