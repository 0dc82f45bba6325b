// The text form of a plan: one row per machine with utilisation bars and
// the replicas it runs; then what cannot be placed, and the moves against
// the previous placement.
import { formatBytes, formatCpu } from "../../language/types/types.js";
import type { ReplicaExplanation } from "./explain.js";
import type { Move, PlacementResult } from "./types.js";

const WIDTH = 10;

/** Bytes for people: exact units when they fit ("8GiB"), else one decimal ("5.6GiB"). */
export function showBytes(n: number): string {
  const exact = formatBytes(n);
  if (!/^\d+B$/.test(exact) || n < 1024) return exact;
  const units: [number, string][] = [[2 ** 40, "TiB"], [2 ** 30, "GiB"], [2 ** 20, "MiB"], [2 ** 10, "KiB"]];
  for (const [scale, unit] of units) if (n >= scale) return `${(n / scale).toFixed(1).replace(/\.0$/, "")}${unit}`;
  return exact;
}

/** Cpu for people: cores when whole or past one core ("2", "2.8"), millicores below ("500m"). */
export function showCpu(millis: number): string {
  if (millis % 1000 === 0 || millis < 1000) return formatCpu(millis);
  return `${(millis / 1000).toFixed(2).replace(/0+$/, "")}`;
}

export function bar(share: number, width = WIDTH): string {
  const s = Number.isFinite(share) ? Math.max(0, Math.min(1, share)) : 1;
  const full = Math.round(s * width);
  return "█".repeat(full) + "░".repeat(width - full);
}

export function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : "∞";
}

function ratio(used: number, cap: number): number {
  return cap > 0 ? used / cap : used > 0 ? Infinity : 0;
}

function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, [...c].length)), []);
  return rows.map((r) => "  " + r.map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length))).join("  ").trimEnd());
}

/** "api#0 api#1 db#0", or "api ×12" when a service has more than three replicas on the machine. */
export function replicaList(replicas: readonly { service: string; replica: number }[]): string {
  const by = new Map<string, number[]>();
  for (const r of replicas) {
    const l = by.get(r.service);
    if (l) l.push(r.replica);
    else by.set(r.service, [r.replica]);
  }
  return [...by]
    .map(([s, rs]) => (rs.length > 3 ? `${s} ×${rs.length}` : rs.map((r) => `${s}#${r}`).join(" ")))
    .join(" ");
}

export function renderMachines(result: PlacementResult): string {
  const rows: string[][] = [["machine", "pool", "labels", "cpu", "", "memory", "", "replicas"]];
  for (const m of result.machines) {
    const labels = Object.entries(m.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    if (m.failed) {
      rows.push([m.name, m.pool ?? "-", labels, "down", "", "", "", ""]);
      continue;
    }
    const c = ratio(m.used.cpu, m.usable.cpu);
    const mem = ratio(m.used.memory, m.usable.memory);
    rows.push([
      m.name,
      m.pool ?? "-",
      labels,
      `${bar(c)} ${percent(c).padStart(4)}`,
      `${showCpu(m.used.cpu)}/${showCpu(m.usable.cpu)}`,
      `${bar(mem)} ${percent(mem).padStart(4)}`,
      `${showBytes(m.used.memory)}/${showBytes(m.usable.memory)}`,
      replicaList(m.replicas) || "-",
    ]);
  }
  return table(rows).join("\n");
}

export function moveText(m: Move): string {
  const who = `${m.service}#${m.replica}`;
  switch (m.kind) {
    case "added":
      return `+ ${who} → ${m.to}`;
    case "removed":
      return `- ${who} (was on ${m.from})`;
    case "moved":
      return `~ ${who} ${m.from} → ${m.to}`;
    case "unplaced":
      return `! ${who} ${m.from} → nowhere`;
  }
}

export function renderMoves(moves: readonly Move[]): string {
  if (moves.length === 0) return "no changes";
  const count = (k: Move["kind"]) => moves.filter((m) => m.kind === k).length;
  const head = [`${count("moved")} moved`, `${count("added")} added`, `${count("removed")} removed`];
  if (count("unplaced") > 0) head.push(`${count("unplaced")} without a machine`);
  return [head.join(", "), ...moves.map((m) => "  " + moveText(m))].join("\n");
}

export function renderUnplaced(result: PlacementResult): string {
  const out: string[] = [];
  const done = new Set<string>();
  for (const u of result.unplaced) {
    const same = result.unplaced.filter((x) => x.service === u.service);
    if (done.has(u.service)) continue;
    done.add(u.service);
    const which = same.map((x) => `#${x.replica}`).join(" ");
    out.push(`✗ ${u.service} ${which}: ${u.summary}`);
    for (const r of u.reasons) out.push(`    ${r.message}`);
    if (u.suggestion) out.push(`  fix: ${u.suggestion}`);
  }
  return out.join("\n");
}

export function renderPlan(result: PlacementResult, title: string): string {
  const placed = result.assignments.length;
  const total = placed + result.unplaced.length;
  const live = result.machines.filter((m) => !m.failed).length;
  const parts = [
    `${title}: ${live} machine${live === 1 ? "" : "s"}${result.failed.length > 0 ? ` (${result.failed.length} down)` : ""}, ${placed} of ${total} replica${total === 1 ? "" : "s"} placed, peak utilisation ${percent(result.peak)}`,
    "",
    renderMachines(result),
  ];
  if (result.unplaced.length > 0) parts.push("", renderUnplaced(result));
  if (result.changed.length > 0) parts.push("", `placement rules changed since the lock: ${result.changed.join(", ")}`);
  return parts.join("\n");
}

export function renderExplain(service: string, rules: string, replicas: readonly ReplicaExplanation[]): string {
  const out = [`${service}: ${replicas.length} replica${replicas.length === 1 ? "" : "s"}${rules ? ` · ${rules}` : ""}`];
  const how: Record<string, string> = {
    lock: "kept where it was",
    greedy: "best score when placed",
    repair: "placed after moving another replica aside",
    search: "found by exhaustive search",
    balance: "moved here to lower the peak utilisation",
  };
  for (const e of replicas) {
    if (e.machine === null) {
      out.push(`  #${e.replica} → nowhere: ${e.summary}`);
    } else {
      const pref = e.prefer !== 0 ? `, prefer +${e.prefer}` : "";
      out.push(`  #${e.replica} → ${e.machine}  (${how[e.placedBy ?? "greedy"]}; utilisation there ${percent(e.share)}${pref}; ${e.summary})`);
      if (e.alternatives.length > 0) {
        const alts = e.alternatives.map((a) => `${a.machine} ${percent(a.share)}${a.prefer !== 0 ? ` +${a.prefer}` : ""}`).join(", ");
        const more = e.alternativeCount > e.alternatives.length ? `, … ${e.alternativeCount - e.alternatives.length} more` : "";
        out.push(`      also possible: ${alts}${more}`);
      }
    }
    for (const r of e.ruledOut) out.push(`      ${r.message}`);
  }
  return out.join("\n");
}
