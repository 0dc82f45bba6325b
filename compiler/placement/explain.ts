// Why machines do not take a replica, in terms of the user's rules, counted
// machine by machine and grouped: "0 of 7 machines fit: 4 have
// tier=frontend, not data; 2 lack 8GiB free memory; 1 already runs api
// (avoid api)". Also why each replica of a service is where it is.
import type { SourceRef } from "../../language/eval/model.js";
import { formatBytes, formatCpu } from "../../language/types/types.js";
import { mismatch } from "./constraints/filter.js";
import type { PService, Problem } from "./problem.js";
import { preferPoints, score } from "./scoring.js";
import { W, type State, type Why } from "./state.js";
import type { PlacedBy, Reason, ReasonRule } from "./types.js";

const ORDER: ReasonRule[] = ["on", "spread", "max-per-node", "port", "avoid", "near", "cpu", "memory", "disk", "down"];

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const has = (n: number) => plural(n, "has", "have");
const is = (n: number) => plural(n, "is", "are");
const does = (n: number) => plural(n, "does", "do");

function amount(kind: "cpu" | "memory" | "disk", v: number): string {
  return kind === "cpu" ? formatCpu(v) : formatBytes(v);
}

interface Group {
  rule: ReasonRule;
  machines: string[];
  text: (n: number) => string;
  origin?: SourceRef | undefined;
}

/** The reason one machine rules out one more replica of s, as a group key and its description. */
function reasonFor(st: State, s: PService, m: number, w: Why): { key: string; group: Omit<Group, "machines"> } {
  const p = st.p;
  const rules = s.model.placement;
  const labels = p.machines[m]!.labels;
  switch (w) {
    case W.ON: {
      for (const r of rules.on) {
        const why = mismatch(r.selector, labels);
        if (why) return { key: `on:${why}`, group: { rule: "on", text: (n) => `${n} ${has(n)} ${why}`, origin: r.origin } };
      }
      return { key: "on", group: { rule: "on", text: (n) => `${n} ${does(n)} not match \`on\`` } };
    }
    case W.SPREAD_LABEL: {
      const r = s.spread.find((x) => x.domainOfClass[p.classOf[m]!]! < 0)!;
      return { key: `spread-label:${r.label}`, group: { rule: "spread", text: (n) => `${n} ${has(n)} no ${r.label} label (spread by ${r.label})`, origin: r.origin } };
    }
    case W.SPREAD: {
      const i = s.spread.findIndex((x, k) => !st.spread[s.idx]![k]!.canAdd(x.domainOfClass[p.classOf[m]!]!));
      const r = s.spread[i]!;
      const value = labels[r.label]!;
      return {
        key: `spread:${r.label}:${value}`,
        group: { rule: "spread", text: (n) => `${n} ${is(n)} in ${r.label}=${value}, which already has its share of ${s.name} (spread by ${r.label}${r.skew !== 1 ? ` skew ${r.skew}` : ""})`, origin: r.origin },
      };
    }
    case W.MAX: {
      const k = s.maxPerNode;
      return { key: "max", group: { rule: "max-per-node", text: (n) => `${n} already run${n === 1 ? "s" : ""} ${k} replica${k === 1 ? "" : "s"} of ${s.name} (max ${k} per node)`, origin: rules.maxPerNode?.origin } };
    }
    case W.PORT: {
      const port = st.portTaken(s, m)!;
      const holder = p.services.find((o) => o.ports.includes(port) && st.count(o.idx, m) > 0);
      const who = holder && holder !== s ? ` (${holder.name})` : holder === s ? ` (another ${s.name})` : "";
      return { key: `port:${port}:${who}`, group: { rule: "port", text: (n) => `${n} already run${n === 1 ? "s" : ""} a replica binding port ${port}${who}` } };
    }
    case W.AVOID: {
      const a = s.avoid.find((x) => st.count(x, m) > 0)!;
      const other = p.services[a]!;
      const own = rules.avoid.find((r) => r.service === other.name);
      if (own) return { key: `avoid:${a}`, group: { rule: "avoid", text: (n) => `${n} already run${n === 1 ? "s" : ""} ${other.name} (avoid ${other.name})`, origin: own.origin } };
      const theirs = other.model.placement.avoid.find((r) => r.service === s.name);
      return { key: `avoid:${a}`, group: { rule: "avoid", text: (n) => `${n} run${n === 1 ? "s" : ""} ${other.name}, which avoids ${s.name}`, origin: theirs?.origin } };
    }
    case W.NEAR: {
      if (s.nearUnknown.length > 0) {
        const name = s.nearUnknown[0]!;
        return { key: `near?${name}`, group: { rule: "near", text: () => `no service ${name} exists (near ${name})`, origin: rules.near.find((r) => r.service === name)?.origin } };
      }
      const t = s.near.find((x) => st.count(x, m) === 0)!;
      const name = p.services[t]!.name;
      // When no machine runs it, that is the problem to fix (and its own diagnostic says why).
      const nowhere = () => p.names.every((_, k) => st.count(t, k) === 0);
      return {
        key: `near:${t}`,
        group: { rule: "near", text: (n) => `${n} ${does(n)} not run ${name} (near ${name})${nowhere() ? `, and no machine does: ${name} has no replica placed` : ""}`, origin: rules.near.find((r) => r.service === name)?.origin },
      };
    }
    case W.DOWN:
      return { key: "down", group: { rule: "down", text: (n) => `${n} ${is(n)} down` } };
    default: {
      const kind = w === W.CPU ? "cpu" : w === W.MEMORY ? "memory" : "disk";
      const need = kind === "cpu" ? s.cpu : kind === "memory" ? s.mem : s.disk;
      const cap = kind === "cpu" ? p.capCpu[m]! : kind === "memory" ? p.capMem[m]! : p.capDisk[m]!;
      if (cap < need) {
        return { key: `${kind}-small:${cap}`, group: { rule: kind, text: (n) => `${n} ${has(n)} only ${amount(kind, cap)} usable ${kind}, less than the ${amount(kind, need)} one replica needs` } };
      }
      return { key: kind, group: { rule: kind, text: (n) => `${n} lack${n === 1 ? "s" : ""} ${amount(kind, need)} free ${kind}` } };
    }
  }
}

export interface FitReport {
  summary: string;
  reasons: Reason[];
  fitting: number[];
}

/** Every machine against one more replica of s in the current state. */
export function fitReport(st: State, s: PService, exclude = -1): FitReport {
  const p = st.p;
  const groups = new Map<string, Group>();
  const fitting: number[] = [];
  for (let m = 0; m < p.names.length; m++) {
    if (m === exclude) continue;
    const w = st.check(s, m);
    if (w === W.OK) {
      fitting.push(m);
      continue;
    }
    const { key, group } = reasonFor(st, s, m, w);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ...group, machines: [] }));
    g.machines.push(p.names[m]!);
  }
  if (p.failed.length > 0) groups.set("down", { rule: "down", machines: [...p.failed], text: (n) => `${n} ${is(n)} down` });
  const reasons: Reason[] = [...groups.values()]
    .sort((a, b) => b.machines.length - a.machines.length || ORDER.indexOf(a.rule) - ORDER.indexOf(b.rule) || (a.machines[0]! < b.machines[0]! ? -1 : 1))
    .map((g) => ({ rule: g.rule, count: g.machines.length, machines: g.machines, message: g.text(g.machines.length), ...(g.origin ? { origin: g.origin } : {}) }));
  const total = p.model.machines.length - (exclude >= 0 ? 1 : 0);
  return { summary: `${fitting.length} of ${total} machine${total === 1 ? "" : "s"} fit`, reasons, fitting };
}

export function reasonText(r: FitReport): string {
  return r.reasons.length === 0 ? r.summary : `${r.summary}: ${r.reasons.map((x) => x.message).join("; ")}`;
}

export interface ReplicaExplanation {
  replica: number;
  machine: string | null;
  placedBy: PlacedBy | null;
  /** Utilisation of its machine with it, and the prefer points it earns there. */
  share: number;
  prefer: number;
  /** Other machines that would also take it, best first (at most 5). */
  alternatives: { machine: string; share: number; prefer: number }[];
  alternativeCount: number;
  summary: string;
  ruledOut: Reason[];
}

const BY_NAME: (PlacedBy | null)[] = [null, "lock", "greedy", "repair", "search", "balance"];

/** Why each replica of a service is where it is (or nowhere), against the placement in `st`. */
export function explainReplicas(st: State, si: number): ReplicaExplanation[] {
  const p: Problem = st.p;
  const s = p.services[si]!;
  const out: ReplicaExplanation[] = [];
  for (let r = p.offset[si]!; r < p.offset[si + 1]!; r++) {
    const m = st.assign[r]!;
    const by = st.by[r]!;
    const pinned = st.pinned[r]!;
    if (m >= 0) st.remove(r);
    const rep = fitReport(st, s);
    const alts = rep.fitting
      .filter((x) => x !== m)
      .map((x) => ({ m: x, sc: score(st, s, x) }))
      .sort((a, b) => b.sc - a.sc || a.m - b.m);
    const e: ReplicaExplanation = {
      replica: r - p.offset[si]!,
      machine: m >= 0 ? p.names[m]! : null,
      placedBy: m >= 0 ? BY_NAME[by] ?? "greedy" : null,
      share: m >= 0 ? st.shareAfter(s, m) : 0,
      prefer: m >= 0 ? preferPoints(p, s, m) : 0,
      alternatives: alts.slice(0, 5).map((a) => ({ machine: p.names[a.m]!, share: st.shareAfter(s, a.m), prefer: preferPoints(p, s, a.m) })),
      alternativeCount: alts.length,
      summary: rep.summary,
      ruledOut: rep.reasons,
    };
    if (m >= 0) {
      st.add(r, m, by);
      st.pinned[r] = pinned;
    }
    out.push(e);
  }
  return out;
}
